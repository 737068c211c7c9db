"""The official tables (``engine.official``) as a workbook to hand in: one sheet per table in the
Permendagri 86/2017 layout — title block, three header rows and the numbering row (repeated on
every printed page), rows with number formats (Rp in thousands separators, K with the
indicator's decimals, % with two), the footer (averages, predikat, the four text rows), notes and
a signature block; landscape A4 (or F4), fitted to the page width. Only values: no formula cell.
Text that Excel would run is neutralised (``export.neutralise_formula``). Written atomically with
fixed timestamps (``xlsx.save_deterministic``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from monev.data.export import neutralise_formula
from monev.data.xlsx import save_deterministic
from monev.engine.official import TabelResmi, judul_kolom, kolom_nilai, nomor_bawah

BARIS_JUDUL = 5  # first header row; rows 1–3 hold the title block
KERTAS = {"A4": 9, "F4": 14}  # openpyxl paper codes (14 = folio 8,5 × 13 in, the F4 of pemda)
_TIPIS = Side(style="thin", color="000000")
_KOTAK = Border(left=_TIPIS, right=_TIPIS, top=_TIPIS, bottom=_TIPIS)
_KEPALA = PatternFill("solid", fgColor="D9E1F2")
_NOMOR = PatternFill("solid", fgColor="EDEDED")
_TEBAL = {"urusan", "bidang_urusan", "program", "seksi"}
LEBAR = {"no": 5, "sasaran": 24, "kode": 17, "uraian": 38, "indikator": 38, "penanggung_jawab": 22}
FORMAT_RP = "#,##0"
FORMAT_PERSEN = "#,##0.00"


def _format_k(desimal: object, tanda: bool = False) -> str:
    d = 0 if desimal is None or pd.isna(desimal) else int(desimal)
    fmt = "#,##0" if d == 0 else "#,##0." + "0" * d
    return fmt + '"*"' if tanda else fmt


def _nilai(v: object) -> object:
    """A cell value: None for missing, Python numbers (no numpy), neutralised text."""
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v) if v != 0 else 0
    return neutralise_formula(v) if isinstance(v, str) else v


def tulis_lembar(ws, t: TabelResmi, *, tempat: str = "", tanggal: str = "", kertas: str = "A4"):
    cells = kolom_nilai(t.jenis)
    ncol = len(cells)
    last = get_column_letter(ncol)
    judul = judul_kolom(t.jenis, t.tahun, t.triwulan)
    # title block
    for i, teks in enumerate(t.judul, 1):
        ws.cell(i, 1, neutralise_formula(teks.upper() if i == 1 else teks))
        ws.merge_cells(f"A{i}:{last}{i}")
        ws.cell(i, 1).font = Font(bold=i == 1, size=12 if i == 1 else 10)
        ws.cell(i, 1).alignment = Alignment(
            horizontal="center" if i == 1 else "left", wrap_text=True
        )
    ws.row_dimensions[3].height = 30
    # where each column number's cells are
    pos: dict[int, list[int]] = {}
    for c, (n, _, _) in enumerate(cells, 1):
        pos.setdefault(n, []).append(c)
    r0, r1, r2, rn = BARIS_JUDUL, BARIS_JUDUL + 1, BARIS_JUDUL + 2, BARIS_JUDUL + 3
    tw = [n for n, tt, _ in judul if tt.startswith("Realisasi Kinerja dan Anggaran Triwulan")]
    for n, teks, pair in judul:
        a, b = pos[n][0], pos[n][-1]
        if n in tw:
            ws.cell(r1, a, teks.replace("Realisasi Kinerja dan Anggaran ", ""))
            ws.merge_cells(start_row=r1, start_column=a, end_row=r1, end_column=b)
        else:
            ws.cell(r0, a, teks)
            ws.merge_cells(start_row=r0, start_column=a, end_row=r1 if pair else r2, end_column=b)
        if pair:
            ws.cell(r2, a, "K")
            ws.cell(r2, b, "Rp")
        ws.cell(rn, a, nomor_bawah(t.jenis)[n - 1])
        if b > a:
            ws.merge_cells(start_row=rn, start_column=a, end_row=rn, end_column=b)
    a, b = pos[tw[0]][0], pos[tw[-1]][-1]
    ws.cell(r0, a, "Realisasi Kinerja dan Anggaran pada Triwulan")
    ws.merge_cells(start_row=r0, start_column=a, end_row=r0, end_column=b)
    for r in range(r0, rn + 1):
        for c in range(1, ncol + 1):
            cell = ws.cell(r, c)
            cell.border = _KOTAK
            cell.fill = _NOMOR if r == rn else _KEPALA
            cell.font = Font(bold=r != rn, size=9)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[r0].height = 64
    ws.row_dimensions[r1].height = 28

    # rows
    r = rn
    for row in t.baris.itertuples(index=False):
        r += 1
        rec = row._asdict()
        tebal = rec["tingkat"] in _TEBAL
        for c, (_, kr, f) in enumerate(cells, 1):
            v = _nilai(rec[f])
            cell = ws.cell(r, c, v)
            cell.border = _KOTAK
            cell.font = Font(bold=tebal, size=9)
            if kr == "Rp":
                cell.number_format = FORMAT_PERSEN if f == "rp15" else FORMAT_RP
            elif kr == "K":
                tanda = bool(rec["perlu_verifikasi"]) and f == "k13"
                cell.number_format = (
                    FORMAT_PERSEN if f == "k15" else _format_k(rec["desimal"], tanda)
                )
            if isinstance(v, str) or v is None:
                cell.alignment = Alignment(vertical="top", wrap_text=True)
            else:
                cell.alignment = Alignment(vertical="top")
        baris_teks = max(
            (len(str(rec[f])) // int(LEBAR[f] * 1.15) + 1 for _, _, f in cells
             if f in LEBAR and isinstance(rec[f], str)),
            default=1,
        )  # fmt: skip
        ws.row_dimensions[r].height = 12 * baris_teks + 2  # wrapped names need the room
        if rec["tingkat"] == "seksi":
            ws.merge_cells(start_row=r, start_column=pos[3 if t.jenis == "RKPD" else 2][0],
                           end_row=r, end_column=pos[5 if t.jenis == "RKPD" else 4][0])  # fmt: skip

    # footer: averages and predikat under column 15 (Renja 14)
    n15 = 15 if t.jenis == "RKPD" else 14
    kk, kr = pos[n15]
    label_akhir = pos[n15][0] - 1
    for label, vk, vr, fmt in (
        ("Rata-rata capaian kinerja (%)", t.rata_k, t.rata_rp, FORMAT_PERSEN),
        ("Predikat kinerja", t.predikat_k, t.predikat_rp, None),
    ):
        r += 1
        ws.cell(r, 1, label)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=label_akhir)
        for c, v in ((kk, vk), (kr, vr)):
            cell = ws.cell(r, c, _nilai(v))
            if fmt:
                cell.number_format = fmt
        for c in range(1, ncol + 1):
            ws.cell(r, c).border = _KOTAK
            ws.cell(r, c).font = Font(bold=True, size=9)
    for label, teks in t.faktor:
        r += 1
        ws.cell(r, 1, label)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=pos[4][-1])
        ws.cell(r, pos[4][-1] + 1, neutralise_formula(teks))
        ws.merge_cells(start_row=r, start_column=pos[4][-1] + 1, end_row=r, end_column=ncol)
        for c in range(1, ncol + 1):
            ws.cell(r, c).border = _KOTAK
            ws.cell(r, c).alignment = Alignment(vertical="top", wrap_text=True)
            ws.cell(r, c).font = Font(bold=c == 1, size=9)
        ws.row_dimensions[r].height = max(30, 12 * (1 + len(teks) // 160))
    r += 1
    for teks in t.catatan:
        r += 1
        ws.cell(r, 1, "Catatan: " + teks if teks == t.catatan[0] else teks)
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=ncol)
        ws.cell(r, 1).font = Font(italic=True, size=8)
        ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = 24
    # signature block, right-hand side
    r += 2
    kiri = max(1, ncol - 6)
    jabatan = f"Kepala Bappeda {t.daerah}" if t.jenis == "RKPD" else f"Kepala {t.nama_opd}"
    for i, teks in enumerate(
        (f"{tempat or '....................'}, {tanggal or '.................... ' + str(t.tahun)}",
         jabatan, "", "", "", "(....................................................)",
         "NIP. ....................................")
    ):  # fmt: skip
        ws.cell(r + i, kiri, neutralise_formula(teks))
        ws.merge_cells(start_row=r + i, start_column=kiri, end_row=r + i, end_column=ncol)
        ws.cell(r + i, kiri).alignment = Alignment(horizontal="center", wrap_text=True)
        ws.cell(r + i, kiri).font = Font(size=10, bold=i == 1)

    # widths, page setup, print titles
    for c, (_, kr, f) in enumerate(cells, 1):
        lebar = LEBAR.get(f, 15 if kr == "Rp" else 9)
        ws.column_dimensions[get_column_letter(c)].width = lebar
    ws.freeze_panes = ws.cell(rn + 1, pos[5 if t.jenis == "RKPD" else 4][0] + 1)
    ws.print_title_rows = f"{r0}:{rn}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = KERTAS.get(kertas, 9)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Halaman &P dari &N"


def tulis_periksa(ws, temuan: pd.DataFrame) -> None:
    """The attach check's findings (not for hand-in: what to fix in the reference files)."""
    kepala = ["Jenis", "Berkas", "Baris", "OPD", "Kode", "Kode nomenklatur", "Masalah"]
    ws.append(kepala)
    for r in temuan.itertuples():
        ws.append([_nilai(v) for v in (r.jenis, r.berkas, r.baris, r.singkatan or r.kode_opd,
                                       r.kode, r.kode_nomenklatur, r.masalah)])  # fmt: skip
    for c, w in zip("ABCDEFG", (10, 14, 7, 14, 20, 20, 90), strict=True):
        ws.column_dimensions[c].width = w
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)


def tulis_buku_resmi(
    tabel: Sequence[tuple[str, TabelResmi]],
    path: str | Path,
    *,
    periksa: pd.DataFrame | None = None,
    tempat: str = "",
    tanggal: str = "",
    kertas: str = "A4",
) -> Path:
    """Write ``(sheet name, table)`` pairs (and the check's findings) to ``path``."""
    book = Workbook()
    book.remove(book.active)
    for nama, t in tabel:
        tulis_lembar(book.create_sheet(nama[:31]), t, tempat=tempat, tanggal=tanggal, kertas=kertas)
    if periksa is not None and len(periksa):
        tulis_periksa(book.create_sheet("Daftar Periksa"), periksa)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_deterministic(book, path)
    return path
