"""``monev check`` finds every case the sample plants in its latest month (issue 13, "Done
when"): the non-reporter, the blank template, the typo, the late-but-complete file, the
quarterly and yearly indicators (carried, not a gap), the statistic of an older reference year,
and the data problems of the findings table. Real command, real store, real findings file."""

from __future__ import annotations

import pandas as pd

from monev.cli import main
from monev.data.sample_hierarki import TANAM_HIERARKI
from monev.model.workbook import Workbook

PERIODE = "2026-10"


def test_check_reports_every_planted_case(sample_workbook_copy, capfd, tmp_path):
    root = sample_workbook_copy
    wb = Workbook.at(root)
    planted = pd.read_csv(wb.submissions / "masalah_tertanam.csv", dtype=str)
    planted = planted[planted["periode"] == PERIODE]
    singkat = pd.read_csv(wb.reference / "opd.csv", dtype=str).set_index("kode_opd")["singkatan"]
    out_file = tmp_path / "temuan.csv"
    capfd.readouterr()
    assert main(["check", "--root", str(root), "--periode", PERIODE, "-o", str(out_file)]) == 0
    out = capfd.readouterr().out
    temuan = pd.read_csv(out_file, sep=";", dtype=str, encoding="utf-8-sig")
    lines = out.splitlines()

    def line(awal: str) -> str:
        hit = [x for x in lines if x.startswith(awal)]
        assert hit, f"no line {awal!r} in:\n{out}"
        return hit[0]

    kinds = set(planted["kind"])
    # every kind the sample plants this month is one this test knows how to look for
    assert kinds <= {
        "tidak_kirim", "berkas_kosong", "salah_ketik", "terlambat", "triwulanan", "tahunan",
        "tahun_data_lama", "placeholder", "teks_indonesia", "sumber_ganda", "lonjakan_terbawa",
    }, kinds  # fmt: skip
    assert {"tidak_kirim", "berkas_kosong", "salah_ketik", "terlambat", "triwulanan", "tahunan",
            "tahun_data_lama"} <= kinds  # fmt: skip
    for r in planted.itertuples():
        s = singkat[r.kode_opd]
        if r.kind == "tidak_kirim":
            assert f"{s} (tidak lapor)" in line("Belum lapor")
        elif r.kind == "berkas_kosong":
            assert f"{s} (kosong)" in line("Belum lapor")
        elif r.kind == "terlambat":
            assert f"{s} (4 hari, lengkap)" in line("Terlambat:")
        elif r.kind in ("salah_ketik", "lonjakan_terbawa"):
            assert f"{s} {r.kode}:" in line("Nilai perlu verifikasi")
        elif r.kind in ("triwulanan", "tahunan"):
            dari = r.detail.split(" dari ")[1].split(",")[0]
            assert f"{s} {r.kode} ({r.kind}, nilai {dari})" in line("Nilai belum jatuh tempo")
        elif r.kind == "tahun_data_lama":
            tahun = r.detail.rsplit(" ", 1)[1]
            assert f"{r.kode} (tahun data {tahun}" in line("Data statistik dari tahun sebelumnya")
        elif r.kind == "teks_indonesia":
            continue  # a valid number: nothing to report
        else:  # placeholder, sumber_ganda: rows of the findings table
            hit = temuan[(temuan["kode_opd"] == r.kode_opd) & (temuan["kode_indikator"] == r.kode)]
            assert len(hit), f"{r.kind} {r.kode} not in the findings file"
    # the official tables' attach check, before any export: the four planted misses
    nomen = out.split(line("Nomenklatur: 4 indikator/baris anggaran"))[1]
    for kode in ("DISHUB-P01", "DLH-K03", "DINKES-P02", TANAM_HIERARKI["anggaran_kode_asing"][1]):
        assert f" {kode} (" in nomen, kode


def test_check_writes_the_attach_findings_beside_the_quality_findings(sample_workbook_copy):
    from openpyxl import load_workbook

    assert main(["check", "--root", str(sample_workbook_copy), "--periode", PERIODE]) == 0
    xlsx = Workbook.at(sample_workbook_copy).periode_dir(PERIODE) / "kualitas_data.xlsx"
    ws = load_workbook(xlsx, read_only=True)["Nomenklatur"]
    rows = list(ws.values)
    assert len(rows) == 1 + 4  # header and the four planted misses
