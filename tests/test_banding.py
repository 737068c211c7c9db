"""Issue 15 item 4: ``monev banding --periode P --dengan Q`` — per OPD, both months' figures as
their own Evaluasi gives them (open_period: each month's params) and the change; a month without
a usable submission reads "belum lapor", never 0, and is not compared. One real command run on a
copy of the sample (where DISPAR sends nothing for October and DLH a blank file); the page is
read back against the engine."""

from __future__ import annotations

import html as html_mod
import re

import numpy as np
import pandas as pd
import pytest

from monev.present.banding import banding_opd, baris_banding


def _opd(rows):
    kol = ["kode_opd", "singkatan", "nama_opd", "asisten", "rata_capaian", "predikat",
           "status_laporan", "terlambat", "hari_terlambat", "realisasi_keuangan_pct"]  # fmt: skip
    return pd.DataFrame(rows, columns=kol)


BANDING = [
    # P row, Q row, expected (capaian_p, capaian_q, selisih_capaian, selisih_keuangan, berubah)
    (("A", 90.126, "Sangat Tinggi", "lengkap", 50.0), ("A", 88.0, "Tinggi", "lengkap", 40.0),
     ("90,13", "88,00", "+2,13", "+10,00", "Ya")),
    (("B", np.nan, None, "tidak lapor", np.nan), ("B", 80.0, "Tinggi", "lengkap", 30.0),
     ("belum lapor", "80,00", "–", "–", "–")),
    (("C", 70.0, "Sedang", "sebagian", 20.0), ("C", np.nan, None, "kosong", np.nan),
     ("70,00", "belum lapor", "–", "–", "–")),
    (("D", 75.0, "Sedang", "lengkap", 25.5), ("D", 76.5, "Sedang", "lengkap", 25.5),
     ("75,00", "76,50", "−1,50", "0,00", "Tidak")),
]  # fmt: skip


def _baris(kode, cap, pred, status, keu):
    return [kode, kode, f"Dinas {kode}", "I", cap, pred, status, False, pd.NA, keu]


@pytest.mark.parametrize(("p", "q", "want"), BANDING)
def test_change_is_the_difference_of_the_printed_figures_and_missing_stays_missing(p, q, want):
    tabel = banding_opd(_opd([_baris(*p)]), _opd([_baris(*q)]))
    r = baris_banding(tabel)[0]
    got = (r["capaian_p"], r["capaian_q"], r["selisih_capaian"], r["selisih_keuangan"],
           r["predikat_berubah"])  # fmt: skip
    assert got == want
    for m, baris in (("p", p), ("q", q)):  # a month not reported: its money unknown too
        if baris[3] in ("kosong", "tidak lapor"):
            assert r[f"keuangan_{m}"] == "belum lapor" and r[f"predikat_{m}"] == "–"


def test_an_opd_present_in_one_month_only_is_listed_and_not_compared():
    tabel = banding_opd(_opd([_baris("A", 90.0, "Tinggi", "lengkap", 5.0)]),
                        _opd([_baris("Z", 80.0, "Tinggi", "lengkap", 5.0)]))  # fmt: skip
    rows = {r["singkatan"]: r for r in baris_banding(tabel)}
    assert rows["A"]["capaian_q"] == "belum lapor" and rows["A"]["selisih_capaian"] == "–"
    assert rows["Z"]["capaian_p"] == "belum lapor" and list(rows) == ["A", "Z"]


def _sel(path) -> dict[str, list[str]]:
    s = path.read_text(encoding="utf-8")
    out = {}
    for tr in re.findall(r"<tr><td.*?</tr>", s, flags=re.S):
        cells = [html_mod.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        out[cells[0]] = cells
    return out


def test_monev_banding_writes_both_months_from_their_evaluasi(sample_workbook_copy):
    from monev.app.context import open_period
    from monev.cli import main
    from monev.model.workbook import Workbook
    from monev.present import format as fmt

    root = sample_workbook_copy
    assert main(["banding", "--root", str(root), "--periode", "2026-10", "--dengan",
                 "2026-09"]) == 0  # fmt: skip
    path = Workbook.at(root).periode_dir("2026-10") / "banding_2026-09.html"
    s = path.read_text(encoding="utf-8")
    assert "<script" not in s and "http://" not in s and "https://" not in s  # self-contained
    assert "Perbandingan kinerja OPD Oktober 2026 dengan September 2026" in s
    for kata in ("nan", "NaN", "None", "True", "False", "rata_capaian", "status_laporan"):
        assert not re.search(rf"\b{kata}\b", re.sub(r"<style>.*?</style>", "", s, flags=re.S))
    sel = _sel(path)
    p = open_period(root, "2026-10").evaluasi.opd.set_index("singkatan")
    q = open_period(root, "2026-09").evaluasi.opd.set_index("singkatan")
    assert set(sel) == set(p.index) | set(q.index)
    # DISPAR sent nothing for October: belum lapor there, its September figures as they were
    d = sel["DISPAR"]
    assert p.loc["DISPAR", "status_laporan"] == "tidak lapor"
    assert d[5:9] == ["tidak lapor", "belum lapor", "–", "belum lapor"]
    assert d[2] == fmt.angka(q.loc["DISPAR", "rata_capaian"]) and d[9:] == ["–", "–", "–"]
    dibanding = 0
    for singkatan, c in sel.items():
        if p.loc[singkatan, "status_laporan"] in ("lengkap", "sebagian") and q.loc[
            singkatan, "status_laporan"
        ] in ("lengkap", "sebagian"):
            cp, cq = p.loc[singkatan, "rata_capaian"], q.loc[singkatan, "rata_capaian"]
            assert c[6] == fmt.angka(cp) and c[2] == fmt.angka(cq)
            assert c[7] == str(p.loc[singkatan, "predikat"])
            assert c[8] == fmt.angka(p.loc[singkatan, "realisasi_keuangan_pct"])
            beda = float(c[9].replace("−", "-").replace("+", "").replace(",", "."))
            assert beda == pytest.approx(round(cp, 2) - round(cq, 2), abs=0.011)
            dibanding += 1
    assert dibanding >= 5
