"""The runner on the sample workbook through ``monev report``: manifest contents, size budget,
incremental re-run after one OPD resubmits, the example params file. Real kernels, real nbconvert."""

from __future__ import annotations

import json
import shutil

import pytest

from monev.app.params import read_params
from monev.cli import main
from monev.data.files import file_sha256
from monev.data.ingest import ingest_files
from monev.model.workbook import Workbook
from monev.report.plan import PlanError, _safe_name

pytestmark = pytest.mark.slow
PERIODE = "2026-10"
BATAS_BYTES = 600_000  # size budget of one report


def test_example_params_file_is_valid(tmp_path):
    from pathlib import Path

    contoh = Path(__file__).resolve().parents[1] / "params" / "contoh.yaml"
    shutil.copy(contoh, tmp_path / f"{PERIODE}.yaml")
    params, asal = read_params(tmp_path, PERIODE)
    assert params.periode == PERIODE and "2026-10.yaml" in asal


@pytest.mark.parametrize("nama", ["../x", "opd_a/b", "", ".rahasia", "a..b"])
def test_unsafe_report_names_refused(nama):
    with pytest.raises(PlanError):
        _safe_name(nama)


def test_manifest_budget_and_incremental_rerun(sample_workbook_copy, capfd):
    root = sample_workbook_copy
    wb = Workbook.at(root)
    argv = ["report", "--root", str(root), "--periode", PERIODE, "--diam"]
    argv += ["--asisten", "", "--opd", "DUKCAPIL", "DISTAN"]  # whole regency, two OPDs
    assert main(argv) == 0
    keluaran = wb.periode_dir(PERIODE)
    manifest = json.loads((keluaran / "manifest.json").read_text(encoding="utf-8"))
    laporan = manifest["laporan"]
    assert {"rakor", "kualitas_data", "opd_DUKCAPIL", "opd_DISTAN"} <= set(laporan)
    assert not any(n.startswith("opd_DISHUB") for n in laporan)  # out of scope
    assert manifest["versi"]["nbconvert"] != "-"
    for nama, e in laporan.items():
        html = keluaran / e["berkas"]
        assert html.resolve().parent == keluaran.resolve()
        assert 0 < html.stat().st_size <= BATAS_BYTES, (nama, html.stat().st_size)
        assert all(len(h) == 64 for h in e["masukan"].values())
        assert any(k.startswith("data/reference/") for k in e["masukan"])
        assert e["pengaturan"]["negative_formula"] == "2T-R"
        assert e["parameter"]["periode"] == PERIODE and "root" not in e["parameter"]
    dukcapil = laporan["opd_DUKCAPIL"]["masukan"]
    assert any("DUKCAPIL_2026-10_kinerja.csv" in k for k in dukcapil)
    assert not any("DISTAN" in k for k in dukcapil)
    iku_dukcapil = {
        n for n, e in laporan.items() if e["notebook"] == "iku"
        and any("/DUKCAPIL_" in k for k in e["masukan"])
    }  # fmt: skip
    before = {n: (keluaran / e["berkas"]).read_bytes() for n, e in laporan.items()}
    _tanpa_traceback(capfd.readouterr().err)  # also what the kernels and fork server printed

    # DUKCAPIL resubmits its October performance file (same data, one more line at the end)
    kinerja = wb.submissions / PERIODE / "DUKCAPIL_2026-10_kinerja.csv"
    kinerja.write_bytes(kinerja.read_bytes() + b"\r\n")
    hasil = ingest_files(wb, [kinerja])
    assert not hasil.ditolak
    assert main(argv) == 0
    out, err = capfd.readouterr()
    _tanpa_traceback(err)
    baru = json.loads((keluaran / "manifest.json").read_text(encoding="utf-8"))["laporan"]
    dibangun = {n for n in baru if baru[n]["sidik"] != laporan[n]["sidik"]}
    assert dibangun == {"rakor", "kualitas_data", "opd_DUKCAPIL"} | iku_dukcapil
    assert (keluaran / "opd_DISTAN.html").read_bytes() == before["opd_DISTAN"]
    assert "Dipakai ulang" in out and "opd_DISTAN" in out

    # a run killed half-way left a page the manifest does not describe: it is rendered again,
    # never reported as reused
    (keluaran / "opd_DISTAN.html").write_text("<p>halaman dari proses yang terhenti</p>")
    assert main(argv) == 0
    out, err = capfd.readouterr()
    _tanpa_traceback(err)
    assert "1 laporan dibuat" in out
    assert "yang terhenti" not in (keluaran / "opd_DISTAN.html").read_text(encoding="utf-8")
    akhir = json.loads((keluaran / "manifest.json").read_text(encoding="utf-8"))["laporan"]
    for e in akhir.values():
        assert file_sha256(keluaran / e["berkas"]) == e["sha256"]


def test_unknown_opd_is_refused_before_anything_is_written(sample_workbook_copy, capfd):
    root = sample_workbook_copy
    argv = ["report", "--root", str(root), "--periode", PERIODE, "--diam", "--opd", "TIDAKADA"]
    assert main(argv) == 2
    err = capfd.readouterr().err
    assert "OPD tidak dikenal: TIDAKADA" in err
    _tanpa_traceback(err)  # the fork server, stopped mid-import, ends quietly
    assert not Workbook.at(root).periode_dir(PERIODE).exists()


def _tanpa_traceback(err: str) -> None:
    assert "Traceback" not in err and "Exception ignored" not in err, err
