"""Long-lived kernels for the runner, started before they are needed.

A fresh kernel with monev's imports costs ~2 s, several times a report's own work
(engineering-notes.md). So ``KernelPool`` starts its kernels first thing, in background threads,
and warms them (imports) while the runner is still importing nbconvert and planning; each worker
then runs report after report on its kernel. With ``fork`` (Linux), the kernels are forked from
one server that has done the imports once and holds the period's context (``fork_server.py``).
Before every report a reset cell clears the namespace and matplotlib state, so nothing of one
report leaks into the next (tests/test_runner.py proves it, for both kinds of kernel).

At import this module loads only jupyter_client (~0,2 s): nbformat and nbclient (~2 s, most of
it jsonschema's format checkers) are imported by the workers' threads, so that the fork server
or the kernels start before them.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from queue import Empty
from typing import TYPE_CHECKING

from jupyter_client import protocol_version_info
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager

from monev.report.reports import section_modules

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from monev.report.fork_server import ForkServer

KERNEL = "python3"
TIMEOUT = 600
# IPython's own reset without the %reset magic's two full gc.collect() passes (~0,2 s per report
# on a kernel holding pandas and matplotlib): unreachable objects cannot leak into a namespace.
RESET = (
    "get_ipython().reset(new_session=False)\n"
    "import matplotlib as _mpl\n"
    "_mpl.rcParams.update(_mpl.rcParamsDefault)\n"
    "import matplotlib.pyplot as _plt\n"
    "_plt.close('all')\n"
    "del _mpl, _plt"
)


def report_modules() -> tuple[str, ...]:
    """What every report notebook imports: its sections (the report table) and the context."""
    return (*section_modules(), "monev.app.context")


def warm_up_code() -> str:
    """A cell that loads ``report_modules`` while nothing waits for the kernel yet; without the
    cyclic GC, which would otherwise scan the growing heap of module objects again and again
    during the imports (~20 % of the warm-up)."""
    imports = "".join(f"    import {module}\n" for module in report_modules())
    return f"import gc\ngc.disable()\ntry:\n{imports}finally:\n    gc.enable()\ndel gc"


KERNEL_ARGS = [
    # the TCP-without-encryption notice on every start means nothing on a loopback-only kernel;
    # errors still surface through the notebook
    "--IPKernelApp.log_level=ERROR",
    # no Out[n] cache: a report's results are never kept in the kernel for the next one
    "--InteractiveShell.cache_size=0",
    # no per-cell SQLite history writes for notebooks nobody will recall
    "--HistoryManager.enabled=False",
]


class FastKernelClient(AsyncKernelClient):
    """A kernel client that is ready as soon as the kernel answers on shell and IOPub.

    jupyter_client's ``wait_for_ready`` checks IOPub with a 0,2 s timeout and then flushes it
    with another, so every kernel start waits 0,2-0,4 s more than the kernel needs (most of a
    forked kernel's start). The same checks here, through the client's public API, polled every
    20-50 ms."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout if timeout is not None else 60)
        while True:
            self.kernel_info()
            try:
                msg = await self.shell_channel.get_msg(timeout=0.05)
            except Empty:
                msg = None
            if msg is not None and msg["msg_type"] == "kernel_info_reply":
                try:  # IOPub connected too (else its first outputs could be lost): ask again
                    await self.iopub_channel.get_msg(timeout=0.05)
                except Empty:
                    pass
                else:
                    # a kernel of an older protocol gets its messages adapted, as jupyter_client
                    # does on this reply
                    major = int(msg["content"]["protocol_version"].split(".")[0])
                    if major != protocol_version_info[0]:
                        self.session.adapt_version = major
                    break
            if not await self.is_alive():
                raise RuntimeError("Kernel mati sebelum menjawab kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel tidak menjawab dalam {timeout} detik")
        while True:  # drop the status messages of the kernel_info requests
            try:
                await self.iopub_channel.get_msg(timeout=0.02)
            except Empty:
                break


class Worker:
    """One long-lived kernel with one client."""

    def __init__(
        self, cwd: Path, timeout: int = TIMEOUT, fork_server: ForkServer | None = None
    ) -> None:
        self.cwd = cwd
        self.timeout = timeout  # seconds per cell
        self.fork_server = fork_server  # where its kernels come from, if not started here
        self.km = None
        self.kc = None
        self._warming: threading.Thread | None = None

    def warm_up(self) -> None:
        """Start the kernel and import what reports need, in the background."""
        self._warming = threading.Thread(target=self._warm_up, daemon=True)
        self._warming.start()

    def _warm_up(self) -> None:
        import nbformat

        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(warm_up_code())])
        nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3"}
        try:
            self.run(nb)
        except Exception:  # a kernel that fails to warm is started by the first report
            self.close()

    def wait_until_warm(self) -> None:
        if self._warming is not None:
            self._warming.join()
            self._warming = None

    def run(self, nb: NotebookNode) -> NotebookNode:
        """Execute ``nb`` in place on this worker's kernel (started if there is none)."""
        from nbclient import NotebookClient
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        if self.km is None:
            self.km = AsyncKernelManager(
                kernel_name=KERNEL, client_class=f"{__name__}.FastKernelClient"
            )
            if self.fork_server is not None:
                self.fork_server.attach(self.km)
        client = NotebookClient(
            nb,
            km=self.km,
            kernel_name=KERNEL,
            timeout=self.timeout,
            resources={"metadata": {"path": str(self.cwd)}},
            extra_arguments=KERNEL_ARGS,
        )
        if self.kc is not None:
            client.kc = self.kc
        try:
            client.execute(cleanup_kc=False)
        except (DeadKernelError, CellTimeoutError):
            # a dead kernel, or one still busy with a stuck cell, is not given the next report
            self.km, self.kc = client.km, client.kc
            self.close()
            raise
        except BaseException:
            self.km, self.kc = client.km, client.kc  # a cell error leaves a healthy kernel
            raise
        self.km, self.kc = client.km, client.kc
        return nb

    def close(self) -> None:
        km, kc = self.km, self.kc
        self.km = self.kc = None
        if kc is not None:
            kc.stop_channels()
        if km is not None and km.has_kernel:
            from jupyter_core.utils import run_sync

            run_sync(km.shutdown_kernel)(now=True)


class KernelPool:
    """``size`` workers whose kernels start and warm up as soon as the pool is made.

    ``fork``: on Linux, the kernels are forked from one server that has imported everything once
    (``fork_server.py``) and, given ``context`` (root, periode, settings_json), loaded that
    period's context once the caller says it is computed (``resume``); otherwise each kernel
    starts and imports on its own."""

    def __init__(
        self,
        size: int,
        cwd: Path,
        timeout: int = TIMEOUT,
        fork: bool = False,
        context: tuple[str, str, str] | None = None,
    ) -> None:
        cwd.mkdir(parents=True, exist_ok=True)
        self.fork_server = None
        if fork:
            from monev.report import fork_server

            if fork_server.available():
                self.fork_server = fork_server.ForkServer(cwd, context)
        self.workers = [Worker(cwd, timeout, self.fork_server) for _ in range(max(1, size))]
        for worker in self.workers:
            worker.warm_up()

    def resume(self) -> None:
        """The shared context is computed: forked kernels may start (see ``fork_server.py``)."""
        if self.fork_server is not None:
            self.fork_server.resume()

    def __enter__(self) -> KernelPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.fork_server is not None:  # first, so that a kernel not yet started never starts
            self.fork_server.close()
        for worker in self.workers:
            worker.wait_until_warm()
            worker.close()
