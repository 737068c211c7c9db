"""``monev export`` on the sample: the official RKPD and Renja sheets an analyst can hand in —
title block, header rows, numbering row, rupiah, footer, page setup, no formula, no float noise —
and one OPD's Renja sheet against a table computed by hand from the sample's files and store."""

from __future__ import annotations

import shutil
import subprocess

import numpy as np
import openpyxl
import pandas as pd
import pytest

from monev.cli import main
from monev.data.sample_hierarki import TANAM_HIERARKI
from monev.model.workbook import Workbook

PERIODE = "2026-10"
FAKTOR = (
    "Faktor pendorong keberhasilan pencapaian",
    "Faktor penghambat pencapaian kinerja",
    "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
)


@pytest.fixture(scope="module")
def buku(sample_workbook, tmp_path_factory):
    out = tmp_path_factory.mktemp("resmi") / "resmi.xlsx"
    argv = ["export", "--root", str(sample_workbook), "--periode", PERIODE, "-o", str(out),
            "--tempat", "Kuala Kurun"]  # fmt: skip
    assert main(argv) == 0
    return openpyxl.load_workbook(out), out


def _lembar(book):
    return [ws for ws in book.worksheets if ws.title == "RKPD" or ws.title.startswith("Renja ")]


def _kolom(ws) -> dict[tuple[str, str], int]:
    """(column number text, "K"/"Rp"/"") → sheet column, from the numbering and K/Rp rows."""
    out, nomor = {}, None
    for c in range(1, ws.max_column + 1):
        teks = ws.cell(8, c).value
        if teks is not None:
            nomor = str(teks).split(" ", 1)[0]
        kr = ws.cell(7, c).value
        out[(nomor, kr if kr in ("K", "Rp") else "")] = c
    return out


def _data(ws):
    """Rows between the numbering row and the footer, as lists of cell values."""
    rows = []
    for r in range(9, ws.max_row + 1):
        v = [ws.cell(r, c).value for c in range(1, ws.max_column + 1)]
        if isinstance(v[0], str) and v[0].startswith("Rata-rata capaian"):
            break
        rows.append(v)
    return rows


def test_every_sheet_has_title_headers_numbering_and_footer(buku, capfd):
    book, _ = buku
    sheets = _lembar(book)
    assert sheets[0].title == "RKPD" and len(sheets) > 5
    for ws in sheets:
        renja = ws.title != "RKPD"
        akhir = 15 if renja else 16
        assert ws["A1"].value.startswith(
            "EVALUASI TERHADAP HASIL " + ("RENJA" if renja else "RKPD")
        )
        assert "2026" in ws["A1"].value + ws["A2"].value and "Gunung Mas" in (
            ws["A1"].value.title() + ws["A2"].value
        )
        nomor = [c.value for c in ws[8] if c.value is not None]
        assert nomor[0] == "1" and nomor[-1] == str(akhir)
        assert ("13 = 6 + 12" if renja else "14 = 7 + 13") in nomor
        assert ("14 = 13 / 5 × 100 %" if renja else "15 = 14 / 6 × 100 %") in nomor
        kr = [c.value for c in ws[7] if c.value in ("K", "Rp")]
        assert kr == ["K", "Rp"] * 10
        tw = [c.value for c in ws[6] if c.value]
        assert tw == ["Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV s.d. Oktober"]
        kolom_a = [ws.cell(r, 1).value for r in range(9, ws.max_row + 1)]
        for label in ("Rata-rata capaian kinerja (%)", "Predikat kinerja", *FAKTOR):
            assert label in kolom_a, (ws.title, label)
        nxt = (
            "Tindak lanjut yang diperlukan dalam " + ("Renja" if renja else "RKPD") + " berikutnya"
        )
        assert nxt in kolom_a
        teks = [c.value for row in ws.iter_rows(min_row=9) for c in row if isinstance(c.value, str)]
        assert any(t.startswith("NIP") for t in teks) and "Kuala Kurun, " in " ".join(teks)
        # page setup: landscape, fitted to width, the header rows repeated on every page
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows.replace("$", "") == "5:8"


def test_rupiah_filled_in_coded_rows(buku, sample_workbook):
    from monev.app.context import open_period

    book, _ = buku
    opd = open_period(sample_workbook, PERIODE).evaluasi.opd
    # the planted non-reporter (DISPAR) and blank template (DLH): their realisasi is unknown
    belum = set(opd.loc[opd["status_laporan"].isin(["kosong", "tidak lapor"]), "singkatan"])
    assert {"DISPAR", "DLH"} <= belum
    for ws in _lembar(book):
        kol = _kolom(ws)
        n8 = "8" if ws.title == "RKPD" else "7"
        n13 = "13" if ws.title == "RKPD" else "12"
        kode = 2 if ws.title == "RKPD" else 1  # 0-based column of Kode
        coded = [r for r in _data(ws) if r[kode] and r[kode + 1]]
        assert coded
        pagu = [r[kol[(n8, "Rp")] - 1] is not None for r in coded]
        assert sum(pagu) / len(pagu) >= 0.95, ws.title
        if ws.title.startswith("Renja"):
            real = [r[kol[(n13, "Rp")] - 1] is not None for r in coded]
            if ws.title.removeprefix("Renja ") in belum:
                assert not any(real), ws.title  # unknown, never Rp 0
            else:
                assert sum(real) / len(real) >= 0.95, ws.title


def test_no_formula_and_no_float_noise(buku):
    book, _ = buku
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate)
                if isinstance(c.value, str):
                    assert not c.value.startswith(("=", "+", "@")), (ws.title, c.coordinate)
                if isinstance(c.value, float):
                    assert c.value == round(c.value, 2), (ws.title, c.coordinate, c.value)


def test_check_names_the_planted_misses(buku, sample_workbook, capfd):
    book, _ = buku
    periksa = book["Daftar Periksa"]
    kode = {periksa.cell(r, 5).value for r in range(2, periksa.max_row + 1)}
    small = {"DISHUB-P01", "DLH-K03", "DINKES-P02", TANAM_HIERARKI["anggaran_kode_asing"][1]}
    assert kode == small
    out = sample_workbook.parent / "ketat.xlsx"
    argv = [
        "export",
        "--root",
        str(sample_workbook),
        "--periode",
        PERIODE,
        "-o",
        str(out),
        "--ketat",
    ]
    assert main(argv) == 1
    err = capfd.readouterr().err
    assert "Galat: 4 indikator/baris anggaran" in err and "DINKES-P02" in err
    assert "perlu kode program (1.02.02)" in err and not out.exists()


def _dengan_tangan(root, singkatan: str) -> pd.DataFrame:
    """The program and kegiatan rows of one OPD's Renja, from the reference CSVs and the store,
    with plain pandas: K 6, 7, 13, 14, 15 and Rp 8, 13 of each row's indicator."""
    from monev.data.store import read_table

    wb = Workbook.at(root)
    opd = pd.read_csv(wb.reference / "opd.csv", dtype=str)
    kode_opd = opd.loc[opd["singkatan"] == singkatan, "kode_opd"].iloc[0]
    ind = pd.read_csv(wb.reference / "indikator.csv", dtype={"kode_nomenklatur": str})
    ind = ind[(ind["kode_opd"] == kode_opd) & ind["kode_nomenklatur"].notna()]
    tgt = pd.read_csv(wb.reference / "target.csv")
    ang = pd.read_csv(wb.reference / "anggaran.csv", dtype={"kode_kegiatan": str})
    ang = ang[(ang["kode_opd"] == kode_opd) & (ang["tahun"] == 2026)]
    real = read_table(wb.store, "realisasi")
    real = real[real["kode_opd"] == kode_opd]
    keu = read_table(wb.store, "keuangan")
    keu = keu[keu["kode_opd"] == kode_opd]
    rows = []
    for i in ind.itertuples():
        t = tgt[tgt["kode_indikator"] == i.kode_indikator]
        akhir = t[t["jenis"] == "akhir_rpjmd"].sort_values("tahun").iloc[-1]["target"]
        r = real[real["kode_indikator"] == i.kode_indikator].set_index("periode")["realisasi"]
        # column 12: the year's latest value up to the month (a tahunan or triwulanan
        # indicator reports only in some months); column 6: 2025's (the sample starts 2025-12)
        tahun_ini = r.sort_index().loc["2026-01":PERIODE].dropna()
        k13 = tahun_ini.iloc[-1] if len(tahun_ini) else np.nan
        k7 = r.get("2025-12", np.nan)
        kum = i.sifat == "kumulatif" and i.akhir_periode == "jumlah"
        # column 13 of a level: the latest value, this year's (12) else the earlier years' (6)
        k14 = k7 + k13 if kum else (k7 if np.isnan(k13) else k13)
        negatif = i.polaritas == "negatif"
        k15 = (2 * akhir - k14) / akhir * 100 if negatif else k14 / akhir * 100
        mine = ang[ang["kode_kegiatan"].str.startswith(i.kode_nomenklatur + ".")]
        k_oct = keu[(keu["periode"] == PERIODE) & keu["kode_kegiatan"].isin(mine["kode_kegiatan"])]
        rows.append(dict(kode_indikator=i.kode_indikator, kode=i.kode_nomenklatur, k6=akhir,
                         k7=k7, k13=k13, k14=k14, k15=round(k15, 2), rp8=mine["pagu"].sum(),
                         rp13=k_oct["realisasi_keuangan"].sum()))  # fmt: skip
    return pd.DataFrame(rows)


def test_one_renja_sheet_equals_a_table_computed_by_hand(buku, sample_workbook):
    book, _ = buku
    ws = book["Renja DPUPR"]
    kol = _kolom(ws)
    rows = _data(ws)
    by_hand = _dengan_tangan(sample_workbook, "DPUPR")
    assert len(by_hand) >= 8
    indikator_col = kol[("4", "")] - 1
    names = pd.read_csv(Workbook.at(sample_workbook).reference / "indikator.csv")
    nama = names.set_index("kode_indikator")["nama_indikator"]
    seen = 0
    for h in by_hand.itertuples():
        hit = [r for r in rows if r[indikator_col] == nama[h.kode_indikator]]
        assert len(hit) == 1, h.kode_indikator
        r = hit[0]
        k = {n: r[kol[(n, "K")] - 1] for n in ("5", "6", "12", "13", "14")}
        for n, harap, tol in (("5", h.k6, 0.005), ("6", h.k7, 0.005), ("12", h.k13, 0.005),
                              ("13", h.k14, 0.005), ("14", h.k15, 0.011)):  # fmt: skip
            if pd.isna(harap):  # no value: an empty cell, never 0
                assert k[n] is None, (h.kode_indikator, n)
            else:
                assert k[n] == pytest.approx(harap, abs=tol), (h.kode_indikator, n)
        if r[kol[("2", "")] - 1] == h.kode:  # the first indicator of its node carries the Rp
            seen += 1
            assert r[kol[("7", "Rp")] - 1] == h.rp8, h.kode_indikator
            assert r[kol[("12", "Rp")] - 1] == h.rp13, h.kode_indikator
    assert seen >= 4


@pytest.mark.slow
def test_libreoffice_prints_landscape_pages_with_repeated_headers(sample_workbook, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None or shutil.which("pdfinfo") is None:
        pytest.skip("LibreOffice or poppler-utils not installed (.ci/run installs them)")
    xlsx = tmp_path / "resmi.xlsx"
    argv = ["export", "--root", str(sample_workbook), "--periode", PERIODE, "-o", str(xlsx),
            "--opd", "DPUPR"]  # fmt: skip
    assert main(argv) == 0
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
         "pdf", "--outdir", str(tmp_path), str(xlsx)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    pdf = tmp_path / "resmi.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(x for x in info.splitlines() if x.startswith("Pages:")).split()[1])
    size = next(x for x in info.splitlines() if x.startswith("Page size:")).split()
    width, height = float(size[2]), float(size[4])
    assert width > height  # landscape
    assert pages >= 3  # the RKPD table runs over several pages, then the Renja sheet
    tabel = 0
    for page in range(1, pages + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        if text.lstrip().startswith("Jenis"):  # the Daftar Periksa sheet, printed last
            continue
        tabel += 1
        assert "Triwulan" in text and "Rp" in text, page  # the header rows on every page
        assert ("14 = 7 + 13" in text) or ("13 = 6 + 12" in text), page
    assert tabel >= 3
