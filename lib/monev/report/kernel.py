"""Long-lived kernels for the runner, started before they are needed.

A fresh kernel with monev's imports costs ~2 s, several times a report's own work
(engineering-notes.md). So ``KolamKernel`` starts its kernels first thing, in background threads,
and warms them (imports) while the runner is still importing nbconvert and planning; each worker
then runs report after report on its kernel. With ``fork`` (Linux), the kernels are forked from
one server that has done the imports once and holds the period's context (``induk.py``).
Before every report a reset cell clears the namespace and matplotlib state, so nothing of one
report leaks into the next (tests/test_runner.py proves it, for both kinds of kernel).

This module imports only the kernel machinery (nbclient, jupyter_client), so that kernels start
before the heavier report imports.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from queue import Empty
from typing import TYPE_CHECKING

import nbformat
from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

if TYPE_CHECKING:
    from monev.report.induk import IndukKernel

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
# what every report notebook imports, loaded while nothing waits for the kernel yet; without the
# cyclic GC, which would otherwise scan the growing heap of module objects again and again
# during the imports (~20 % of the warm-up)
PEMANASAN = (
    "import gc\n"
    "gc.disable()\n"
    "try:\n"
    "    import monev.present.konten, monev.app.context\n"
    "finally:\n"
    "    gc.enable()\n"
    "del gc"
)
KERNEL_ARGS = [
    # the TCP-without-encryption notice on every start means nothing on a loopback-only kernel;
    # errors still surface through the notebook
    "--IPKernelApp.log_level=ERROR",
    # no Out[n] cache: a report's results are never kept in the kernel for the next one
    "--InteractiveShell.cache_size=0",
    # no per-cell SQLite history writes for notebooks nobody will recall
    "--HistoryManager.enabled=False",
]


class KlienCepat(AsyncKernelClient):
    """A kernel client that is ready as soon as the kernel answers on shell and IOPub.

    jupyter_client's ``wait_for_ready`` checks IOPub with a 0,2 s timeout and then flushes it
    with another, so every kernel start waits 0,2-0,4 s more than the kernel needs (most of a
    forked kernel's start). Same checks here, polled every 20-50 ms."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        batas = time.monotonic() + (timeout if timeout is not None else 60)
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
                    self._handle_kernel_info_reply(msg)
                    break
            if not await self._async_is_alive():
                raise RuntimeError("Kernel mati sebelum menjawab kernel_info")
            if time.monotonic() > batas:
                raise RuntimeError(f"Kernel tidak menjawab dalam {timeout} detik")
        while True:  # drop the status messages of the kernel_info requests
            try:
                await self.iopub_channel.get_msg(timeout=0.02)
            except Empty:
                break


class Pekerja:
    """One long-lived kernel with one client."""

    def __init__(self, cwd: Path, timeout: int = TIMEOUT, induk: IndukKernel | None = None) -> None:
        self.cwd = cwd
        self.timeout = timeout  # seconds per cell
        self.induk = induk  # the fork server its kernels come from, if any
        self.km = None
        self.kc = None
        self._panas: threading.Thread | None = None

    def panaskan(self) -> None:
        """Start the kernel and import what reports need, in the background."""
        self._panas = threading.Thread(target=self._panaskan, daemon=True)
        self._panas.start()

    def _panaskan(self) -> None:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(PEMANASAN)])
        nb.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3"}
        try:
            self.jalankan(nb)
        except Exception:  # a kernel that fails to warm is started by the first report
            self.tutup()

    def tunggu_siap(self) -> None:
        if self._panas is not None:
            self._panas.join()
            self._panas = None

    def jalankan(self, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        if self.km is None:
            self.km = AsyncKernelManager(kernel_name=KERNEL, client_class=f"{__name__}.KlienCepat")
            if self.induk is not None:
                self.induk.pasang(self.km)
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
            self.tutup()
            raise
        except BaseException:
            self.km, self.kc = client.km, client.kc  # a cell error leaves a healthy kernel
            raise
        self.km, self.kc = client.km, client.kc
        return nb

    def tutup(self) -> None:
        km, kc = self.km, self.kc
        self.km = self.kc = None
        if kc is not None:
            kc.stop_channels()
        if km is not None and km.has_kernel:
            from jupyter_core.utils import run_sync

            run_sync(km.shutdown_kernel)(now=True)


class KolamKernel:
    """``jumlah`` workers whose kernels start and warm up as soon as the pool is made.

    ``fork``: on Linux, the kernels are forked from one server that has imported everything once
    (``induk.py``) and, given ``konteks`` (root, periode, settings_json), loaded that period's
    context once the caller says it is computed (``lanjutkan``); otherwise each kernel starts
    and imports on its own."""

    def __init__(
        self,
        jumlah: int,
        cwd: Path,
        timeout: int = TIMEOUT,
        fork: bool = False,
        konteks: tuple[str, str, str] | None = None,
    ) -> None:
        cwd.mkdir(parents=True, exist_ok=True)
        self.induk = None
        if fork:
            from monev.report import induk

            if induk.tersedia():
                self.induk = induk.IndukKernel(cwd, konteks)
        self.pekerja = [Pekerja(cwd, timeout, self.induk) for _ in range(max(1, jumlah))]
        for p in self.pekerja:
            p.panaskan()

    def lanjutkan(self) -> None:
        """The shared context is computed: forked kernels may start (see ``induk.py``)."""
        if self.induk is not None:
            self.induk.lanjutkan()

    def __enter__(self) -> KolamKernel:
        return self

    def __exit__(self, *exc) -> None:
        self.tutup()

    def tutup(self) -> None:
        if self.induk is not None:  # first, so that a kernel not yet started never starts
            self.induk.tutup()
        for p in self.pekerja:
            p.tunggu_siap()
            p.tutup()
