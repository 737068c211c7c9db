"""Raw cells from OPD files (.xlsx via openpyxl, CSV), with sheet, cell and header as written.

No value is interpreted here beyond what the file format says (a number cell, a text cell, an
Excel error); the strict reading of values is ``monev.data.ingest``'s job.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from monev.model import layout
from monev.model.angka import bersihkan_teks

MAKS_BYTES = 20 * 1024 * 1024  # a monthly template is ~20 KB; 20 MB is far beyond honest use
MAKS_UNZIP = 200 * 1024 * 1024  # guards against decompression bombs
MAKS_BARIS = 5000


class BerkasDitolak(ValueError):
    """The file cannot be read at all; the message says what to do."""


@dataclass(frozen=True)
class Sel:
    lembar: str
    sel: str  # A1 notation
    baris: int
    kolom: str  # header as written
    nilai: object  # as the file holds it: number, text, date, None
    format: str = "General"
    galat_excel: bool = False


@dataclass
class Tabel:
    lembar: str
    header: dict[str, str]  # store column → header as written
    baris: list[dict[str, Sel]]  # one dict per data row: store column → cell


def periksa_berkas(path: Path) -> None:
    size = path.stat().st_size
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise BerkasDitolak(
            "Format .xls (Excel 97-2003) tidak didukung. Buka di Excel lalu "
            "Simpan Sebagai 'Buku Kerja Excel (.xlsx)'."
        )
    if suffix in (".xlsm", ".xltm"):
        raise BerkasDitolak(
            "Berkas bermakro (.xlsm) tidak diterima. Simpan sebagai .xlsx "
            "(Buku Kerja Excel tanpa makro)."
        )
    if suffix not in (".xlsx", ".csv"):
        raise BerkasDitolak(
            f"Jenis berkas {suffix or '(tanpa akhiran)'} tidak dikenal: kirim .xlsx "
            "dari templat monev, atau .csv."
        )
    if size > MAKS_BYTES:
        raise BerkasDitolak(
            f"Berkas terlalu besar ({size // 1024 // 1024} MB; batas "
            f"{MAKS_BYTES // 1024 // 1024} MB). Hapus lembar atau baris yang tidak perlu."
        )
    if suffix == ".xlsx":
        with open(path, "rb") as fh:
            kepala = fh.read(8)
        if kepala.startswith(b"\xd0\xcf\x11\xe0"):
            raise BerkasDitolak(
                "Berkas dilindungi kata sandi (terenkripsi). Buka di Excel, hapus "
                "kata sandi, lalu simpan lagi sebagai .xlsx."
            )
        if not zipfile.is_zipfile(path):
            raise BerkasDitolak(
                "Berkas rusak atau bukan .xlsx yang sah. Buka dan simpan ulang di Excel."
            )
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > MAKS_UNZIP:
                raise BerkasDitolak(
                    "Isi berkas terlalu besar setelah dibuka (kemungkinan rusak). "
                    "Simpan ulang dari templat monev."
                )
            if any(n.lower().endswith("vbaproject.bin") for n in z.namelist()):
                raise BerkasDitolak("Berkas berisi makro. Simpan sebagai .xlsx tanpa makro.")


def _norm(text: object) -> str:
    return bersihkan_teks(str(text or "")).casefold()


def _peta_header(values: list[object], bagian: layout.Bagian) -> dict[int, tuple[str, str]]:
    """Column index → (store column, header as written), matched after normalising spaces."""
    dikenal = {_norm(h): c for h, c in bagian.kolom}
    out = {}
    for i, v in enumerate(values):
        c = dikenal.get(_norm(v))
        if c:
            out[i] = (c, str(v))
    return out


def baca_xlsx(path: Path) -> tuple[dict[str, str], dict[str, Tabel], list[str]]:
    """(_meta values, tables by part name, sheet names). Reads cached values of formulas."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        meta = {}
        if layout.META_SHEET in book.sheetnames:
            for row in book[layout.META_SHEET].iter_rows(
                min_row=1, max_row=3, max_col=2, values_only=True
            ):
                if row and row[0]:
                    meta[str(row[0]).strip()] = "" if row[1] is None else str(row[1]).strip()
        tabel = {}
        for bagian in layout.BAGIAN:
            if bagian.lembar not in book.sheetnames:
                continue
            ws = book[bagian.lembar]
            rows = ws.iter_rows(min_row=layout.HEADER_ROW, max_row=layout.HEADER_ROW + MAKS_BARIS)
            header_cells = next(rows, ())
            peta = _peta_header([c.value for c in header_cells], bagian)
            data = []
            kosong_beruntun = 0
            for cells in rows:
                rec = {}
                for i, (col, header) in peta.items():
                    if i >= len(cells):
                        continue
                    cell = cells[i]
                    if getattr(cell, "row", None) is None:
                        continue
                    rec[col] = Sel(
                        bagian.lembar,
                        f"{get_column_letter(i + 1)}{cell.row}",
                        cell.row,
                        header,
                        cell.value,
                        getattr(cell, "number_format", "General") or "General",
                        getattr(cell, "data_type", "") == "e",
                    )
                if all(
                    s.nilai is None or (isinstance(s.nilai, str) and not s.nilai.strip())
                    for s in rec.values()
                ):
                    kosong_beruntun += 1
                    if kosong_beruntun > 50:  # formatted empty rows far below the data
                        break
                    continue
                kosong_beruntun = 0
                data.append(rec)
            tabel[bagian.nama] = Tabel(bagian.lembar, {c: h for c, h in peta.values()}, data)
        return meta, tabel, list(book.sheetnames)
    finally:
        book.close()


def _dekode(raw: bytes) -> str:
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def baca_csv(path: Path, bagian: layout.Bagian) -> Tabel:
    text = _dekode(path.read_bytes())
    pertama = text.split("\n", 1)[0]
    sep = ";" if pertama.count(";") >= pertama.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header = next(reader, [])
    peta = _peta_header(header, bagian)
    data = []
    for n, row in enumerate(reader, start=2):
        if n > MAKS_BARIS + 1:
            break
        if not any(v.strip() for v in row):
            continue
        rec = {}
        for i, (col, h) in peta.items():
            v = row[i] if i < len(row) else ""
            rec[col] = Sel(
                path.name, f"{get_column_letter(i + 1)}{n}", n, h, v if v.strip() else None
            )
        data.append(rec)
    return Tabel(path.name, {c: h for c, h in peta.values()}, data)


NAMA_CSV = re.compile(
    r"^(?P<s>[A-Z][A-Z0-9-]{1,15})_(?P<p>\d{4}-\d{2})_(?P<b>kinerja|anggaran|tindak_lanjut)\.csv$",
    re.IGNORECASE,
)
NAMA_XLSX = re.compile(r"^(?P<s>[A-Z][A-Z0-9-]{1,15})_(?P<p>\d{4}-\d{2})", re.IGNORECASE)
