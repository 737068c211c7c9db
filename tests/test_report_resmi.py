"""The official tables as pages of the rakor pack (issue 14 item 5): ``monev report --resmi``
adds "Evaluasi RKPD" for the scope and "Evaluasi Renja <OPD>" per OPD, with the same figures
as ``monev export``; without ``--resmi`` the run plans neither.

The fast tests plan and render with the real engine on the sample; the slow one runs the real
``monev report --resmi`` (papermill, kernels, nbconvert) and reads the pages back against the
xlsx the export writes."""

from __future__ import annotations

import html as html_mod
import re
import shutil
import subprocess

import openpyxl
import pytest
from test_report_e2e import Tabel

from monev.app.context import load_context
from monev.app.params import read_params
from monev.cli import main
from monev.data.reference import load_reference
from monev.data.store import read_table
from monev.model.workbook import Workbook
from monev.present import resmi
from monev.report.paket import cari_browser
from monev.report.plan import plan_reports

PERIODE = "2026-10"


def _rencana(root, **kw) -> dict[str, str]:
    wb = Workbook.at(root)
    ref = load_reference(wb.reference)
    params = read_params(wb.params, PERIODE, daerah=ref.daerah)[0]
    berkas, realisasi = read_table(wb.store, "berkas"), read_table(wb.store, "realisasi")
    return {d.nama: d.notebook for d in plan_reports(wb, params, ref, berkas, realisasi, **kw)}


def test_official_pages_only_with_resmi(sample_workbook):
    biasa = _rencana(sample_workbook)
    assert not {n for n in biasa.values() if n.startswith("resmi")}
    dengan = _rencana(sample_workbook, resmi=True)
    assert set(dengan) - set(biasa) == {
        n for n, nb in dengan.items() if nb in ("resmi_rkpd", "resmi_renja")
    }
    assert list(dengan.values()).count("resmi_rkpd") == 1
    # one Renja page per OPD page of the scope
    assert list(dengan.values()).count("resmi_renja") == list(dengan.values()).count("opd") > 0


def test_rkpd_page_of_one_asisten_holds_only_its_opds(sample_workbook):
    ctx = load_context(sample_workbook, PERIODE)
    opd = ctx.ref.opd
    lini = set(opd.loc[opd["asisten"] == "II", "nama_opd"])
    t = resmi.rkpd(ctx, "II")
    pj = set(t.baris["penanggung_jawab"].dropna())
    assert pj and pj <= lini
    assert set(resmi.rkpd(ctx).baris["penanggung_jawab"].dropna()) - lini  # the regency: more
    n = len(opd[opd["asisten"] == "II"])
    assert f"Lingkup: OPD di bawah Asisten II ({n} OPD)." in resmi.kepala(ctx, t, "", "II").data


def _angka(teks: str) -> float | str | None:
    """A page cell back to a number ("1.234,50" → 1234.5); a range target stays text."""
    teks = teks.rstrip("*").strip()
    if not teks:
        return None
    if "–" in teks:
        return teks
    return float(teks.replace(".", "").replace(",", "."))


@pytest.mark.slow
def test_report_resmi_pages_hold_the_export_figures(sample_workbook, tmp_path):
    root = tmp_path / "buku"
    shutil.copytree(sample_workbook, root)
    argv = ["report", "--root", str(root), "--periode", PERIODE, "--asisten", "semua", "--diam",
            "--resmi", "--opd", "DKP"]  # fmt: skip
    assert main(argv) == 0
    out = Workbook.at(root).periode_dir(PERIODE)
    xlsx = tmp_path / "resmi.xlsx"
    assert main(["export", "--root", str(root), "--periode", PERIODE, "-o", str(xlsx)]) == 0
    book = openpyxl.load_workbook(xlsx)
    indeks = (out / "index.html").read_text(encoding="utf-8")
    assert "Tabel resmi evaluasi RKPD dan Renja" in indeks

    for halaman, lembar in (("resmi_rkpd.html", "RKPD"), ("resmi_renja_DKP.html", "Renja DKP")):
        html = html_mod.unescape((out / halaman).read_text(encoding="utf-8"))
        geser = 0 if lembar == "RKPD" else 1
        assert f"{14 - geser} = {7 - geser} + {13 - geser}" in html  # the numbering row
        assert "<thead>" in html and "table-header-group" in html  # head repeats on print
        assert "Faktor penghambat pencapaian kinerja" in html
        assert ">nan<" not in html.lower() and ">none<" not in html.lower()
        ws = book[lembar]
        # the sheet: K/Rp sub-header in row 7, numbering in row 8, data from row 9
        k_kol = [c for c in range(1, ws.max_column + 1) if ws.cell(7, c).value == "K"]
        kode_kol = 3 - geser
        lembar_rows = []
        for r in range(9, ws.max_row + 1):
            a = ws.cell(r, 1).value
            if isinstance(a, str) and a.startswith("Rata-rata capaian"):
                break
            lembar_rows.append([ws.cell(r, c).value for c in range(1, ws.max_column + 1)])
        p = Tabel()
        p.feed(html)
        ncol = ws.max_column
        page_rows = [r for r in p.rows if len(r) == ncol]  # body rows: one cell per column
        # the sheet's section rows are merged cells: compare the rows with a code or indicator
        lembar_rows = [r for r in lembar_rows if r[kode_kol - 1] or r[kode_kol + 1]]
        assert len(page_rows) == len(lembar_rows) > 10, (halaman, len(page_rows))
        dibanding = 0
        for hal, lem in zip(page_rows, lembar_rows, strict=True):
            assert hal[kode_kol - 1] == str(lem[kode_kol - 1] or ""), (halaman, hal, lem)
            for c in k_kol:
                v_hal, v_lem = _angka(hal[c - 1]), lem[c - 1]
                if v_lem is None:
                    assert v_hal is None, (halaman, c, hal)
                elif isinstance(v_lem, str):
                    assert v_hal == v_lem
                else:
                    assert v_hal == pytest.approx(float(v_lem), abs=0.006), (halaman, c, hal, lem)
                    dibanding += 1
        assert dibanding > 20, halaman
    # the DKP rows of the RKPD page are there with figures (the OPD's program names it)
    rkpd = html_mod.unescape((out / "resmi_rkpd.html").read_text(encoding="utf-8"))
    ctx = load_context(root, PERIODE)
    assert ctx.ref.opd.set_index("singkatan").loc["DKP", "nama_opd"] in rkpd

    # the pack binds them; on paper the tables are landscape pages, each with the column heads
    # and the numbering row, the averages and footer rows once at the end
    if cari_browser() is None or shutil.which("pdftotext") is None:
        pytest.skip("tanpa Chromium atau poppler-utils: paket.pdf tidak diperiksa")
    assert main(["paket", "--root", str(root), "--periode", PERIODE, "--asisten", "semua"]) == 0
    pdf = out / "paket.pdf"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    ukuran = re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info)
    lanskap = [int(n) for n, w, h in ukuran if float(w) > float(h)]
    assert len(lanskap) >= 3, info[-500:]
    for n in lanskap:
        teks = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout  # fmt: skip
        if "14 = 7 + 13" in teks or "13 = 6 + 12" in teks:  # the numbering row
            continue
        # else only the notes under a table that ended at the foot of the page before
        assert "Sel kosong" in teks and "Predikat" not in teks, (n, teks[:800])
    semua = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    # one RKPD table and one Renja table: each has its averages row once
    assert semua.count("Rata-rata capaian kinerja (%)") == 2
