"""A fork server for report kernels (Linux): imports and the shared context once, kernels by fork.

A fresh kernel spends ~2 s of CPU importing pandas, matplotlib, seaborn and monev, and then
loads the period's context again. On two cores, two kernels' imports cost as much as several
reports. ``ForkServer`` starts one plain process (this module's ``main``) that:
- imports all of that once, with the cyclic GC paused;
- loads the period's context once the runner has computed it (``load_context``; the runner
  computes and pickles it while the server imports, so the two use both cores);
- moves its heap out of the GC's sight (``gc.freeze``: every later collection in a kernel
  skips the module objects);
- forks one kernel per request, each an ordinary ipykernel on its own connection file, ready
  ~0,2 s later with everything imported and the context in memory.

jupyter_client starts the kernels through its public extension point for that, a kernel
provisioner (``ForkProvisioner``, a ``LocalProvisioner`` whose launch asks the server).
The server stays single-threaded, so forking it is safe at any time (a kernel that dies is
replaced from it). On macOS and Windows, with MONEV_FORK=0, when the server has died, or when the
kernelspec is not this Python's ipykernel, kernels start the ordinary way.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner

LAUNCHER = "ipykernel_launcher"
# what a kernel imports while it initialises (the debugger alone is ~0,1 s), imported once here
KERNEL_MODULES = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",
    "IPython.core.completerlib",
    "pdb",
    "sqlite3",
    "tornado.queues",
)


def available() -> bool:
    """Forked kernels are used here: on Linux (macOS forbids fork without exec once system
    frameworks are loaded; Windows has no fork), unless switched off with MONEV_FORK=0."""
    return sys.platform.startswith("linux") and os.environ.get("MONEV_FORK", "1") != "0"


class ForkServer:
    """The runner's side of the fork server: start it, ask it for kernels, stop it."""

    def __init__(self, cwd: Path, context: tuple[str, str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "monev.report.fork_server", *(context or ())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=cwd,
            text=True,
            encoding="utf-8",
        )
        self._lock = threading.Lock()
        # with a context, the server loads it (and kernels are forked) only once the runner
        # says it is computed: see ``resume``
        self._resumed = threading.Event()
        if context is None:
            self._resumed.set()
        self.closed = False
        self.kernel_pids: list[int] = []  # the kernels it forked for this pool

    def resume(self) -> None:
        """The runner has computed (and pickled) the context, or failed to: load it and fork.

        The runner plans and computes the context while the server imports, on the other core,
        so the server only loads the pickle (~20 ms) instead of computing it after its imports
        (~1 s on the path to the first report)."""
        with self._lock:
            if not self._resumed.is_set():
                self._resumed.set()
                with contextlib.suppress(OSError, ValueError):
                    self.process.stdin.write("resume\n")
                    self.process.stdin.flush()

    def alive(self) -> bool:
        return self.process.poll() is None

    def fork(self, argv: list[str], cwd: str | None, env: dict[str, str] | None) -> int | None:
        """Pid of a new kernel (blocks until the server has its imports), or None if it is gone."""
        request = json.dumps({"argv": argv, "cwd": cwd, "env": env}) + "\n"
        self._resumed.wait()
        with self._lock:
            try:
                self.process.stdin.write(request)
                self.process.stdin.flush()
                reply = self.process.stdout.readline()
            except (OSError, ValueError):  # pipe closed: the server died or was stopped
                return None
        if not reply.strip().isdigit():
            return None
        self.kernel_pids.append(int(reply))
        return int(reply)

    def attach(self, km: AsyncKernelManager) -> None:
        """Have the unstarted ``km`` fork its kernel from this server (if it still runs)."""
        if not self.alive():
            return
        km.kernel_id = km.kernel_id or str(uuid.uuid4())
        km.provisioner = ForkProvisioner(
            kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km
        )
        km.provisioner.server = self

    def close(self) -> None:
        """Stop the server; it takes down any kernel it forked that is still running, and a
        kernel still waiting for it is not started at all."""
        self.closed = True
        self._resumed.set()  # a kernel waiting for the context gets "closed" instead
        # no lock: a fork request may be blocked on the server's reply until it is stopped
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        if self.process.poll() is None:
            self.process.terminate()  # it may still be computing the context nobody needs now
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


class ForkedKernelProcess:
    """The Popen-like handle LocalProvisioner expects, for a kernel that is not our child.

    The server reaps its children (SIGCHLD ignored), so a gone pid means an ended kernel; its exit
    status is the server's, not ours, to know."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None and not pid_alive(self.pid):
            self.returncode = -1
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout)
            time.sleep(0.02)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):  # gone, or a reused pid of another user
        return False
    try:  # an ended kernel whose server is gone waits as a zombie until init reaps it
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):  # no /proc (macOS): kill(0) has answered
        return True


class ForkProvisioner(LocalProvisioner):
    """LocalProvisioner whose kernel process is forked by the server instead of spawned."""

    server: ForkServer | None = None

    async def launch_kernel(self, cmd: list[str], **kwargs):
        pid = None
        argv = ipykernel_argv(cmd)
        if self.server is not None and argv is not None:
            pid = self.server.fork(argv, kwargs.get("cwd"), kwargs.get("env"))
        if pid is None:
            if self.server is not None and self.server.closed:
                raise RuntimeError("pool kernel sudah ditutup")  # the run ended before it began
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernelProcess(pid)
        self.pid = self.pgid = pid  # the kernel calls setsid(): its own process group
        self.cwd = kwargs.get("cwd", Path.cwd())
        return self.connection_info


def ipykernel_argv(cmd: list[str]) -> list[str] | None:
    """The kernel's own arguments, if ``cmd`` starts this Python's ipykernel; else None.
    Interpreter ``-X`` options before ``-m`` (``-Xfrozen_modules=off``) are not carried over."""
    if not cmd or os.path.realpath(cmd[0]) != os.path.realpath(sys.executable):
        return None
    i = 1
    while i < len(cmd) and cmd[i].startswith("-X"):
        i += 1
    if cmd[i : i + 2] != ["-m", LAUNCHER]:
        return None
    return cmd[i + 2 :]


# --- the server process ----------------------------------------------------------------------


def main(context: list[str]) -> None:
    """Serve kernels; ``context``: root, periode, settings_json of the context to hold, or none."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # replies go through a private copy of stdout; anything else printed goes to stderr
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    # what an ordinary kernel has before its first matplotlib and debugpy imports
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import gc

    gc.disable()
    try:
        from monev.report.kernel import report_modules  # what an ordinary kernel warms up with

        for module in (*KERNEL_MODULES, *report_modules()):
            with contextlib.suppress(ImportError):  # debugpy is optional for ipykernel
                importlib.import_module(module)
        from monev.app.context import load_context

        # the runner's go: the context is computed (pickled) by now; EOF: the run has ended
        if context and not sys.stdin.readline():
            return
        try:
            if context:  # from the runner's pickle; computed here only if that failed
                load_context(*context)
        except Exception as exc:  # each report's own load meets it again and names its cell
            print(f"Peringatan: konteks bersama gagal ({exc}).", file=sys.stderr)
    finally:
        gc.enable()
    gc.freeze()  # no collect first: the little garbage of the imports is not worth ~0,2 s
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps itself: no zombies
    kernel_pids: list[int] = []
    try:
        for line in sys.stdin:
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                replies.close()
                _become_kernel(request)
            kernel_pids.append(pid)
            replies.write(f"{pid}\n")
            replies.flush()
    finally:  # the runner is done or gone: no kernel outlives it
        # from here the server ends by itself; a SIGTERM from the runner must not interrupt
        # the interpreter's exit (atexit handlers would report a SystemExit)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        for pid in kernel_pids:
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
        # with SIGCHLD ignored, waitpid returns once every child has ended and been reaped
        with contextlib.suppress(ChildProcessError, InterruptedError):
            os.waitpid(-1, 0)


def _become_kernel(request: dict) -> None:
    """In the forked child: become an ordinary ipykernel on the requested connection file."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.setsid()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        if request.get("env"):
            os.environ.clear()
            os.environ.update(request["env"])
        if request.get("cwd"):
            os.chdir(request["cwd"])
        argv = [*request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        sys.argv = [LAUNCHER, *argv]
        from ipykernel.kernelapp import IPKernelApp

        IPKernelApp.launch_instance(argv=argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        os._exit(code)


if __name__ == "__main__":
    main(sys.argv[1:])
