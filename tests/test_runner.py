"""The runner on small notebooks of its own: reused kernels without leaks, failure isolation,
atomic publish, incremental re-runs, offline HTML. Real nbclient kernels, real nbconvert."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from monev.app.params import Params
from monev.report.kernel import KernelPool
from monev.report.reports import section_modules
from monev.report.runner import Laporan, manifest_from, publish, run_reports

pytestmark = pytest.mark.slow

PARAMS = 'nama = ""\nbocor_cek = ""'


def tulis_nb(folder, name, *cells):
    nb = new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3"}}
    nb.cells = [new_code_cell(PARAMS, metadata={"tags": ["parameters"]})]
    nb.cells += [new_code_cell(c) for c in cells]
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture
def notebooks(tmp_path):
    folder = tmp_path / "nb"
    folder.mkdir()
    tulis_nb(
        folder,
        "bersih",
        # a report that checks it starts clean, then dirties the kernel for the next one
        "import matplotlib as mpl\n"
        "assert 'jejak' not in globals(), 'namespace bocor dari laporan sebelumnya'\n"
        "assert not Out, 'hasil sel laporan sebelumnya masih disimpan kernel'\n"
        "assert mpl.rcParams['lines.linewidth'] == mpl.rcParamsDefault['lines.linewidth'], 'rc bocor'",
        "jejak = nama\nmpl.rcParams['lines.linewidth'] = 9\njejak",
        "from IPython.display import HTML\nHTML(f'<h2>Laporan {nama}</h2>')",
    )
    tulis_nb(
        folder,
        "rapuh",
        "from IPython.display import HTML\nHTML(f'<h2>Laporan {nama}</h2>')",
        "if nama == 'B':\n    raise ValueError('data OPD B rusak')",
    )
    return folder


def laporan(nama, notebook="bersih", masukan=None):
    return Laporan(
        f"opd_{nama}", f"Laporan {nama}", notebook, {"nama": nama}, masukan or {"x": nama}
    )


# kernels started the ordinary way, and forked from the pool's fork server (POSIX)
CARA = [pytest.param(False, id="biasa"), pytest.param(True, id="fork")]


@pytest.mark.parametrize("fork", CARA)
def test_reused_kernels_leak_nothing_and_html_is_offline(tmp_path, notebooks, fork):
    out = tmp_path / "out"
    daftar = [laporan(n) for n in "ABCDEF"]
    with KernelPool(2, out, fork=fork) as pool:
        ringkasan = run_reports(daftar, out, jobs=2, notebooks=notebooks, progress=False, pool=pool)
    assert not ringkasan.gagal, ringkasan.teks()
    for n in "ABCDEF":
        html = (out / f"opd_{n}.html").read_text(encoding="utf-8")
        assert f"Laporan {n}" in html
        assert "Content-Security-Policy" in html
        assert not re.search(r"<script[^>]*\bsrc=", html)
        assert not re.search(r"https?://", html)
        assert "jejak = nama" not in html  # no code
        assert "bocor_cek" not in html  # no parameter cell


def test_one_failure_does_not_stop_others_and_keeps_the_good_report(tmp_path, notebooks):
    out = tmp_path / "out"
    daftar = [laporan(n, "rapuh") for n in "ABC"]
    pertama = run_reports(
        [laporan(n, "rapuh") for n in "AC"] + [Laporan("opd_B", "B", "bersih", {"nama": "B"}, {})],
        out,
        notebooks=notebooks,
        progress=False,
    )
    assert not pertama.gagal
    sebelum = (out / "opd_B.html").read_bytes()

    ringkasan = run_reports(daftar, out, jobs=2, notebooks=notebooks, semua=True, progress=False)
    assert [h.laporan.nama for h in ringkasan.gagal] == ["opd_B"]
    gagal = ringkasan.gagal[0]
    assert gagal.sel == 2
    assert gagal.sumber_sel == "if nama == 'B':"
    assert "data OPD B rusak" in gagal.galat
    assert "opd_B" in ringkasan.teks() and "sel 2" in ringkasan.teks()
    assert (out / "opd_B.html").read_bytes() == sebelum  # the good report stays
    assert (out / "_gagal" / "opd_B.ipynb").exists()  # kept for diagnosis
    assert {h.laporan.nama for h in ringkasan.hasil if h.status == "dibuat"} == {"opd_A", "opd_C"}


def test_incremental_rerun_only_changed_inputs(tmp_path, notebooks):
    out = tmp_path / "out"
    params = Params(periode="2026-10")
    daftar = [laporan(n) for n in "ABC"]
    r1 = run_reports(daftar, out, notebooks=notebooks, progress=False)
    manifest = manifest_from(r1, params, None)
    publish(out, manifest, "2026-10", ["2026-10", "2026-09"])
    daftar2 = [laporan("A"), laporan("B", masukan={"x": "B2"}), laporan("C")]
    r2 = run_reports(daftar2, out, notebooks=notebooks, manifest_lama=manifest, progress=False)
    status = {h.laporan.nama: h.status for h in r2.hasil}
    assert status == {"opd_A": "dipakai_ulang", "opd_B": "dibuat", "opd_C": "dipakai_ulang"}
    assert "Dipakai ulang" in r2.teks()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="opd_A.html"' in index and 'href="../2026-09/index.html"' in index


def satu_kernel(daftar, out, notebooks, **options):
    """Run reports on a one-kernel pool made before them; the summary and the pool."""
    with KernelPool(1, out, **options) as pool:
        ringkasan = run_reports(daftar, out, jobs=1, notebooks=notebooks, progress=False, pool=pool)
    return ringkasan, pool


@pytest.mark.parametrize("fork", CARA)
def test_pool_kernels_are_warm_before_the_first_report(tmp_path, fork):
    """Kernels made first thing import monev while the caller plans; reports then use them."""
    folder = tmp_path / "nb"
    folder.mkdir()
    tulis_nb(
        folder,
        "hangat",
        # this notebook imports nothing of monev: only the pool's warm-up can have done it
        "import os, sys\n"
        "from IPython.display import HTML\n"
        f'HTML(f"<p>hangat={{{section_modules()[0]!r} in sys.modules}} pid={{os.getpid()}}</p>")',
    )
    out = tmp_path / "out"
    ringkasan, pool = satu_kernel([laporan(n, "hangat") for n in "AB"], out, folder, fork=fork)
    assert not ringkasan.gagal, ringkasan.teks()
    pid = [
        re.search(r"hangat=True pid=(\d+)", (out / f"opd_{n}.html").read_text(encoding="utf-8"))
        for n in "AB"
    ]
    assert all(pid) and pid[0][1] == pid[1][1]  # both on the one kernel, warm before A
    assert pool.workers[0].km is None  # shut as soon as its queue was empty


@pytest.mark.parametrize("fork", CARA)
@pytest.mark.parametrize(
    "sel_b, galat",
    [
        ("import os\nos._exit(1)", "DeadKernelError"),  # the kernel process dies
        ("import time\ntime.sleep(60)", "CellTimeoutError"),  # a cell that never ends
    ],
)
def test_a_dead_or_stuck_kernel_is_replaced_for_the_next_report(tmp_path, sel_b, galat, fork):
    folder = tmp_path / "nb"
    folder.mkdir()
    tulis_nb(
        folder,
        "maut",
        "if nama == 'B':\n" + "\n".join(f"    {b}" for b in sel_b.splitlines()),
        "from IPython.display import HTML\nHTML(f'<h2>Laporan {nama}</h2>')",
    )
    out = tmp_path / "out"
    ringkasan, _ = satu_kernel(
        [laporan(n, "maut") for n in "ABC"], out, folder, timeout=5, fork=fork
    )
    status = {h.laporan.nama: h.status for h in ringkasan.hasil}
    assert status == {"opd_A": "dibuat", "opd_B": "gagal", "opd_C": "dibuat"}, ringkasan.teks()
    assert galat in ringkasan.gagal[0].galat
    assert "Laporan C" in (out / "opd_C.html").read_text(encoding="utf-8")
