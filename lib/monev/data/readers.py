"""Raw cells from OPD files (.xlsx via openpyxl, CSV), with sheet, cell and header as written.

No value is interpreted here beyond what the file format says (a number cell, a text cell, an
Excel error); the strict reading of values is ``monev.data.ingest``'s job. ``csv_delimiter`` is
the workbook's one rule for telling a CSV file's delimiter.
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
from monev.model.angka import clean_text

MAX_BYTES = 20 * 1024 * 1024  # a monthly template is ~20 KB; 20 MB is far beyond honest use
MAX_UNZIPPED = 200 * 1024 * 1024  # guards against decompression bombs
MAX_ROWS = 5000
MAX_EMPTY_ROWS = 50  # formatted empty rows far below the data end a sheet


# The refusals of a whole file: key -> (Indonesian, English) text, filled with the refusal's
# fields. The ingest message catalogue (``monev.data.ingest.messages``) includes them, so
# ``--lang en`` covers them and a test checks every key has both languages.
FILE_MESSAGES: dict[str, tuple[str, str]] = {
    "berkas_xls": (
        "Format .xls (Excel 97-2003) tidak didukung. Buka di Excel lalu Simpan Sebagai 'Buku "
        "Kerja Excel (.xlsx)'.",
        "The .xls format (Excel 97-2003) is not supported. Open it in Excel and Save As 'Excel "
        "Workbook (.xlsx)'.",
    ),
    "berkas_makro": (
        "Berkas bermakro (.xlsm) tidak diterima. Simpan sebagai .xlsx (Buku Kerja Excel tanpa "
        "makro).",
        "Files with macros (.xlsm) are not accepted. Save as .xlsx (Excel Workbook without "
        "macros).",
    ),
    "berkas_jenis": (
        "Jenis berkas {akhiran} tidak dikenal: kirim .xlsx dari templat monev, atau .csv.",
        "Unknown file type {akhiran}: send the .xlsx of the monev template, or a .csv.",
    ),
    "berkas_besar": (
        "Berkas terlalu besar ({ukuran} MB; batas {batas} MB). Hapus lembar atau baris yang "
        "tidak perlu.",
        "The file is too large ({ukuran} MB; limit {batas} MB). Remove sheets or rows that are "
        "not needed.",
    ),
    "berkas_sandi": (
        "Berkas dilindungi kata sandi (terenkripsi). Buka di Excel, hapus kata sandi, lalu "
        "simpan lagi sebagai .xlsx.",
        "The file is password-protected (encrypted). Open it in Excel, remove the password, and "
        "save it again as .xlsx.",
    ),
    "berkas_rusak": (
        "Berkas rusak atau bukan .xlsx yang sah. Buka dan simpan ulang di Excel.",
        "The file is damaged or not a valid .xlsx. Open it and save it again in Excel.",
    ),
    "berkas_isi_besar": (
        "Isi berkas terlalu besar setelah dibuka (kemungkinan rusak). Simpan ulang dari templat "
        "monev.",
        "The file's content is too large once unpacked (probably damaged). Save it again from "
        "the monev template.",
    ),
    "berkas_bermakro": (
        "Berkas berisi makro. Simpan sebagai .xlsx tanpa makro.",
        "The file contains macros. Save it as .xlsx without macros.",
    ),
}


class FileRefused(ValueError):
    """The file cannot be read at all; the message says what to do.

    ``FileRefused(key, **fields)`` with a key of ``FILE_MESSAGES`` (or of the ingest catalogue);
    ``str()`` is the Indonesian text, ``key`` and ``fields`` let ingest print either language."""

    def __init__(self, key: str, **fields: object) -> None:
        self.key, self.fields = key, fields
        texts = FILE_MESSAGES.get(key)
        super().__init__(texts[0].format(**fields) if texts else key)


@dataclass(frozen=True)
class Cell:
    sheet: str
    ref: str  # A1 notation
    row: int
    header: str  # the column's header as written
    value: object  # as the file holds it: number, text, date, None
    number_format: str = "General"
    excel_error: bool = False


@dataclass
class Table:
    sheet: str
    header: dict[str, str]  # store column → header as written
    rows: list[dict[str, Cell]]  # one dict per data row: store column → cell


def check_file_format(path: Path) -> None:
    """Refuse (``FileRefused``) what must not be opened: wrong kind, too big, macros, encrypted."""
    size = path.stat().st_size
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FileRefused("berkas_xls")
    if suffix in (".xlsm", ".xltm"):
        raise FileRefused("berkas_makro")
    if suffix not in (".xlsx", ".csv"):
        raise FileRefused("berkas_jenis", akhiran=suffix or "(tanpa akhiran)")
    if size > MAX_BYTES:
        raise FileRefused(
            "berkas_besar", ukuran=size // 1024 // 1024, batas=MAX_BYTES // 1024 // 1024
        )
    if suffix == ".xlsx":
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):
            raise FileRefused("berkas_sandi")
        if not zipfile.is_zipfile(path):
            raise FileRefused("berkas_rusak")
        with zipfile.ZipFile(path) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_UNZIPPED:
                raise FileRefused("berkas_isi_besar")
            if any(n.lower().endswith("vbaproject.bin") for n in z.namelist()):
                raise FileRefused("berkas_bermakro")


def _norm(text: object) -> str:
    return clean_text(str(text or "")).casefold()


def _header_map(values: list[object], bagian: layout.Bagian) -> dict[int, tuple[str, str]]:
    """Column index → (store column, header as written), matched after normalising spaces."""
    known = {_norm(k.header): k.name for k in bagian.columns}
    out = {}
    for i, v in enumerate(values):
        name = known.get(_norm(v))
        if name:
            out[i] = (name, str(v))
    return out


def _blank(cell: Cell) -> bool:
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def read_xlsx(
    path: Path, parts: tuple[layout.Bagian, ...] = layout.BAGIAN
) -> tuple[dict[str, str], dict[str, Table], list[str]]:
    """(_meta values, tables by part name, sheet names). Reads cached values of formulas."""
    book = load_workbook(path, read_only=True, data_only=True)
    try:
        meta = {}
        if layout.META_SHEET in book.sheetnames:
            for row in book[layout.META_SHEET].iter_rows(
                min_row=1, max_row=len(layout.META_KEYS), max_col=2, values_only=True
            ):
                if row and row[0]:
                    meta[str(row[0]).strip()] = "" if row[1] is None else str(row[1]).strip()
        tables = {}
        for bagian in parts:
            if bagian.sheet not in book.sheetnames:
                continue
            ws = book[bagian.sheet]
            rows = ws.iter_rows(min_row=layout.HEADER_ROW, max_row=layout.HEADER_ROW + MAX_ROWS)
            header_cells = next(rows, ())
            columns = _header_map([c.value for c in header_cells], bagian)
            data = []
            empty_run = 0
            for cells in rows:
                rec = {}
                for i, (name, header) in columns.items():
                    if i >= len(cells):
                        continue
                    cell = cells[i]
                    if getattr(cell, "row", None) is None:
                        continue
                    rec[name] = Cell(
                        bagian.sheet,
                        f"{get_column_letter(i + 1)}{cell.row}",
                        cell.row,
                        header,
                        cell.value,
                        getattr(cell, "number_format", "General") or "General",
                        getattr(cell, "data_type", "") == "e",
                    )
                if all(_blank(c) for c in rec.values()):
                    empty_run += 1
                    if empty_run > MAX_EMPTY_ROWS:
                        break
                    continue
                empty_run = 0
                data.append(rec)
            tables[bagian.name] = Table(bagian.sheet, dict(columns.values()), data)
        return meta, tables, list(book.sheetnames)
    finally:
        book.close()


def decode_text(raw: bytes) -> str:
    """A text file's bytes as text: UTF-8 (with or without BOM), else Windows-1252."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def csv_delimiter(text: str) -> str:
    """The delimiter of a CSV text, from its first line: ``;`` or ``,``, whichever occurs more
    often outside quoted fields; a tie (also none of either) is ``;``, the Indonesian Excel
    default, since there the comma is the decimal mark."""
    first = text.split("\n", 1)[0]
    outside = _QUOTED.sub("", first)
    return "," if outside.count(",") > outside.count(";") else ";"


def read_csv(path: Path, bagian: layout.Bagian) -> Table:
    text = decode_text(path.read_bytes())
    reader = csv.reader(io.StringIO(text), delimiter=csv_delimiter(text))
    header = next(reader, [])
    columns = _header_map(header, bagian)
    data = []
    for n, row in enumerate(reader, start=2):
        if n > MAX_ROWS + 1:
            break
        if not any(v.strip() for v in row):
            continue
        rec = {}
        for i, (name, h) in columns.items():
            v = row[i] if i < len(row) else ""
            rec[name] = Cell(
                path.name, f"{get_column_letter(i + 1)}{n}", n, h, v if v.strip() else None
            )
        data.append(rec)
    return Table(path.name, dict(columns.values()), data)


CSV_NAME = re.compile(
    r"^(?P<s>[A-Z][A-Z0-9-]{1,15})_(?P<p>\d{4}-\d{2})_(?P<b>"
    + "|".join(b.name for b in layout.BAGIAN)
    + r")\.csv$",
    re.IGNORECASE,
)
XLSX_NAME = re.compile(r"^(?P<s>[A-Z][A-Z0-9-]{1,15})_(?P<p>\d{4}-\d{2})", re.IGNORECASE)
