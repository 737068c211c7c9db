"""Kernels forked from the runner's fork server: they start with monev imported and the period's
context in memory, never outlive the pool, and fall back to ordinary kernels when the server is
gone. Real kernels, real processes."""

from __future__ import annotations

import os
import re
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from monev.report import fork_server
from monev.report.kernel import KernelPool
from monev.report.runner import Laporan, run_reports

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not fork_server.available(), reason="fork server only where os.fork is used"
    ),
]

PERIODE = "2026-10"
PARAMS = 'root = "."\nperiode = ""\nnama = ""'
# prints who this kernel is, and whether it holds the context without computing or loading it
SEL_SIAPA = """\
import os
from IPython.display import HTML
from monev.app import context as konteks

for p in konteks.Workbook.at(root).cache.glob("context-*"):
    p.unlink()  # not from the cache file ...
asli = konteks.compute_context
konteks.compute_context = lambda *a: None  # ... and not computed here
try:
    ktx = konteks.load_context(root, periode)
    opd = len(ktx.evaluasi.opd) if ktx is not None else -1
finally:
    konteks.compute_context = asli
HTML(f"<p>pid={os.getpid()} ppid={os.getppid()} opd={opd}</p>")"""
SEL_PID = 'import os\nfrom IPython.display import HTML\nHTML(f"<p>pid={os.getpid()} ppid={os.getppid()}</p>")'


def tulis_nb(folder, name, cell):
    nb = new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    nb.cells = [new_code_cell(PARAMS, metadata={"tags": ["parameters"]}), new_code_cell(cell)]
    folder.mkdir(exist_ok=True)
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def jalankan(pool, out, folder, notebook, nama, root=".", jobs=1):
    daftar = [
        Laporan(
            f"opd_{n}", n, notebook, {"root": str(root), "periode": PERIODE, "nama": n}, {"x": n}
        )
        for n in nama
    ]
    ringkasan = run_reports(daftar, out, jobs=jobs, notebooks=folder, progress=False, pool=pool)
    assert not ringkasan.gagal, ringkasan.teks()
    return {
        n: {k: int(v) for k, v in re.findall(r"(\w+)=(-?\d+)", (out / f"opd_{n}.html").read_text())}
        for n in nama
    }


def test_forked_kernels_hold_the_context_without_computing_it(tmp_path, sample_workbook_copy):
    from monev.app import context as konteks

    folder = tulis_nb(tmp_path / "nb", "siapa", SEL_SIAPA)
    out = tmp_path / "out"
    with KernelPool(1, out, fork=True, context=(str(sample_workbook_copy), PERIODE, "{}")) as pool:
        server = pool.fork_server.process.pid
        hasil = jalankan(pool, out, folder, "siapa", "A", root=sample_workbook_copy)
    konteks.forget_contexts()
    benar = konteks.load_context(sample_workbook_copy, PERIODE)
    assert hasil["A"]["ppid"] == server  # forked by the server
    assert hasil["A"]["opd"] == len(benar.evaluasi.opd) > 0  # inherited, not computed


def test_kernels_do_not_outlive_the_pool(tmp_path):
    folder = tulis_nb(tmp_path / "nb", "pid", SEL_PID)
    out = tmp_path / "out"
    with KernelPool(2, out, fork=True) as pool:
        hasil = jalankan(pool, out, folder, "pid", "ABCD", jobs=2)
    server = pool.fork_server.process
    pids = {h["pid"] for h in hasil.values()}
    assert {h["ppid"] for h in hasil.values()} == {server.pid}
    forked = pool.fork_server.kernel_pids
    assert pids <= set(forked) and len(forked) == 2  # reused, not one each
    assert server.returncode is not None
    batas = time.monotonic() + 10
    hidup = set(pool.fork_server.kernel_pids)  # every kernel forked, also one that ran no report
    while hidup and time.monotonic() < batas:
        hidup = {p for p in hidup if fork_server.ForkedKernelProcess(p).poll() is None}
        time.sleep(0.1)
    assert not hidup, f"kernel {hidup} masih hidup setelah pool ditutup"


def test_a_dead_server_falls_back_to_ordinary_kernels(tmp_path):
    folder = tulis_nb(tmp_path / "nb", "pid", SEL_PID)
    out = tmp_path / "out"
    with KernelPool(1, out, fork=True) as pool:
        pool.fork_server.process.kill()  # while it still imports
        hasil = jalankan(pool, out, folder, "pid", "AB")
    assert hasil["A"]["ppid"] == hasil["B"]["ppid"] == os.getpid()  # started by this process


def test_a_pool_closed_before_its_kernels_start_starts_none(tmp_path):
    pool = KernelPool(2, tmp_path / "out", fork=True)
    pool.close()  # e.g. the run's planning failed: the server is still importing
    assert pool.fork_server.process.returncode is not None
    assert pool.fork_server.kernel_pids == []
    assert all(p.km is None for p in pool.workers)
