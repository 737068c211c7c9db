"""Raw cells from OPD files (.xlsx via openpyxl, CSV), with sheet, cell and header as written.

No value is interpreted here beyond what the file format says (a number cell, a text cell, an
Excel error); the strict reading of values is ``monev.data.ingest``'s job. ``csv_delimiter`` is
the workbook's one rule for telling a CSV file's delimiter.

Every file from outside (ingest, ``monev capaian``) is bounded before any work, with the limits
of ``LIMITS`` (one frozen ``Limits``; the README lists them): only a regular file is opened (a
symlink to a device, a FIFO or a folder named like a file is refused after ``os.lstat``, before
it is opened, hashed or read), its size is checked before it is read, and an .xlsx (a zip) is
streamed once with expat — entries, unpacked size, compression ratio, XML elements, cells,
shared strings, styles, columns and rows counted, DOCTYPE refused, formulas without a cached
value found — before openpyxl builds any object. A CSV is bounded while it is read (line length,
rows, columns). Each refusal is a ``FileRefused`` naming the file and the limit.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter

from monev.model import layout
from monev.model.angka import clean_text, format_angka_id

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What a file from outside may hold; a monthly template is ~20 KB with a few thousand cells,
    so every default is far beyond honest use and far below what hurts the machine."""

    max_bytes: int = 20 * MIB  # the file's size on disk
    max_entries: int = 1000  # parts inside an .xlsx (a template has about 12)
    max_unzipped: int = 200 * MIB  # total unpacked size of an .xlsx's parts
    max_ratio: int = 200  # unpacked / packed size of one part larger than 1 MiB
    max_xml_elements: int = 3_000_000  # XML elements of all parts together
    max_cells: int = 500_000  # cells of all sheets together (empty but formatted ones too)
    max_shared_strings: int = 200_000  # the .xlsx's table of shared texts
    max_styles: int = 20_000  # cell formats, fonts, fills, borders and number formats
    max_columns: int = 200  # the right-most column a cell, a sheet's extent or a CSV row reaches
    max_rows: int = 10_000  # the last row holding a value (.xlsx) / lines of a CSV
    max_line: int = 100_000  # characters of one CSV line


LIMITS = Limits()
MAX_EMPTY_ROWS = 50  # formatted empty rows far below the data end a sheet
_RATIO_FROM = MIB  # smaller parts cannot hurt, whatever their ratio


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
        "Berkas {berkas} terlalu besar ({ukuran} MB; batas {batas} MB). Hapus lembar atau baris "
        "yang tidak perlu.",
        "File {berkas} is too large ({ukuran} MB; limit {batas} MB). Remove sheets or rows that "
        "are not needed.",
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
        "Isi berkas {berkas} terlalu besar setelah dibuka ({ukuran} MB; batas {batas} MB; "
        "kemungkinan rusak). Simpan ulang dari templat monev.",
        "The content of {berkas} is too large once unpacked ({ukuran} MB; limit {batas} MB; "
        "probably damaged). Save it again from the monev template.",
    ),
    "berkas_bermakro": (
        "Berkas berisi makro. Simpan sebagai .xlsx tanpa makro.",
        "The file contains macros. Save it as .xlsx without macros.",
    ),
    # resources and reader-level checks (``Limits``); numbers come formatted the Indonesian way
    "berkas_tidak_ada": (
        "Berkas {berkas} tidak ada.",
        "File {berkas} does not exist.",
    ),
    "berkas_bukan_biasa": (
        "Berkas {berkas} bukan berkas biasa melainkan {jenis}; monev hanya membaca berkas .xlsx "
        "atau .csv biasa. Salin isinya ke berkas biasa lalu kirim ulang.",
        "{berkas} is not a regular file but {jenis_en}; monev reads only regular .xlsx or .csv "
        "files. Copy its content into a regular file and send it again.",
    ),
    "xlsx_entri": (
        "Berkas {berkas} memuat {jumlah} bagian di dalam arsip .xlsx-nya; batas {batas}. Buka "
        "di Excel dan simpan ulang sebagai .xlsx.",
        "File {berkas} holds {jumlah} parts inside its .xlsx archive; the limit is {batas}. "
        "Open it in Excel and save it again as .xlsx.",
    ),
    "xlsx_rasio": (
        "Bagian {entri} di berkas {berkas} mengembang {rasio} kali saat dibuka; batas {batas} "
        "kali (kemungkinan bom dekompresi). Simpan ulang dari templat monev.",
        "Part {entri} of {berkas} expands {rasio} times when unpacked; the limit is {batas} "
        "times (probably a decompression bomb). Save it again from the monev template.",
    ),
    "xlsx_teks_bersama": (
        "Berkas {berkas} memuat {jumlah} teks bersama; batas {batas}. Berkas ini bukan dari "
        "templat monev atau rusak: isi ulang templat dan simpan di Excel.",
        "File {berkas} holds {jumlah} shared strings; the limit is {batas}. It is not a monev "
        "template or it is damaged: fill in the template again and save it in Excel.",
    ),
    "xlsx_sel": (
        "Berkas {berkas} memuat {jumlah} sel (lembar {sheet}); batas {batas}. Hapus baris dan "
        "kolom kosong yang diberi format, lalu simpan ulang.",
        "File {berkas} holds {jumlah} cells (sheet {sheet}); the limit is {batas}. Delete the "
        "formatted empty rows and columns, then save it again.",
    ),
    "xlsx_gaya": (
        "Berkas {berkas} memuat {jumlah} gaya sel; batas {batas}. Hapus format yang tidak perlu "
        "(Beranda > Hapus > Hapus Format) lalu simpan ulang.",
        "File {berkas} holds {jumlah} cell styles; the limit is {batas}. Clear the formats that "
        "are not needed, then save it again.",
    ),
    "xlsx_kolom": (
        "Berkas {berkas}, lembar {sheet}: kolom sampai {kolom} (kolom ke-{nomor}); batas {batas} "
        "kolom. Hapus isi atau format di kolom jauh di kanan lalu simpan ulang.",
        "File {berkas}, sheet {sheet}: columns reach {kolom} (column {nomor}); the limit is "
        "{batas} columns. Delete the content or formats far to the right, then save it again.",
    ),
    "xlsx_baris": (
        "Berkas {berkas}, lembar {sheet}: ada isi sampai baris {nomor}; batas {batas} baris. "
        "Hapus isi di bawah tabel lalu simpan ulang.",
        "File {berkas}, sheet {sheet}: there is content down to row {nomor}; the limit is "
        "{batas} rows. Delete what is below the table, then save it again.",
    ),
    "xml_elemen": (
        "Berkas {berkas} memuat lebih dari {batas} unsur XML (bagian {entri}); batas {batas}. "
        "Simpan ulang dari templat monev.",
        "File {berkas} holds more than {batas} XML elements (part {entri}); the limit is "
        "{batas}. Save it again from the monev template.",
    ),
    "xml_doctype": (
        "Berkas {berkas} (bagian {entri}) memuat deklarasi DOCTYPE atau ENTITY, yang tidak "
        "pernah ada di .xlsx dari Excel. Buka dan simpan ulang di Excel.",
        "File {berkas} (part {entri}) holds a DOCTYPE or ENTITY declaration, which an .xlsx "
        "saved by Excel never has. Open it and save it again in Excel.",
    ),
    "xml_rusak": (
        "Bagian {entri} di berkas {berkas} bukan XML yang sah ({galat}). Buka dan simpan ulang "
        "di Excel.",
        "Part {entri} of {berkas} is not valid XML ({galat}). Open it and save it again in Excel.",
    ),
    "rumus_tanpa_nilai": (
        "Berkas {berkas}, lembar {sheet}: {jumlah} sel berisi rumus tanpa nilai tersimpan ({sel}); "
        "berkas ini disimpan oleh program yang tidak menghitung rumus. Buka dan simpan ulang di "
        "Excel agar nilainya tersimpan.",
        "File {berkas}, sheet {sheet}: {jumlah} cells hold a formula without a saved value "
        "({sel}); the program that saved it does not compute formulas. Open it and save it again "
        "in Excel so the values are saved.",
    ),
    "judul_ganda": (
        "Berkas {berkas}, lembar {sheet}: judul kolom {judul!r} ada dua kali, di sel {sel1} dan "
        "{sel2}. Hapus salah satu kolom agar jelas mana yang dibaca.",
        "File {berkas}, sheet {sheet}: the column header {judul!r} appears twice, in cells "
        "{sel1} and {sel2}. Delete one of the columns so it is clear which one is read.",
    ),
    "judul_asing": (
        "Berkas {berkas}, lembar {sheet}, sel {sel}: judul kolom {judul!r} tidak dikenal, "
        "sedangkan kolom {hilang!r} tidak ada, sehingga isinya tidak akan terbaca. Kembalikan "
        "judul kolom seperti di templat ({hilang!r}).",
        "File {berkas}, sheet {sheet}, cell {sel}: the column header {judul!r} is unknown, while "
        "the column {hilang!r} is missing, so its content would not be read. Restore the "
        "template's header ({hilang!r}).",
    ),
    "csv_koma": (
        "Berkas {berkas} memakai koma (,) sebagai pemisah kolom, padahal angka Indonesia memakai "
        "koma desimal: baris {baris} berisi {jumlah} kolom, sedangkan baris judul {harap}. "
        "Simpan ulang di Excel sebagai CSV dengan pemisah titik koma (;).",
        "File {berkas} uses the comma (,) as column separator, but Indonesian numbers use the "
        "decimal comma: line {baris} has {jumlah} columns, the header line {harap}. Save it "
        "again in Excel as CSV with the semicolon (;) separator.",
    ),
    "csv_kolom_lebih": (
        "Berkas {berkas}: baris {baris} berisi {jumlah} kolom, lebih banyak dari baris judul "
        "({harap}). Periksa pemisah kolom (;) dan tanda kutip di baris itu.",
        "File {berkas}: line {baris} has {jumlah} columns, more than the header line ({harap}). "
        "Check the column separator (;) and the quotes on that line.",
    ),
    "csv_baris_panjang": (
        "Berkas {berkas}: baris {baris} panjangnya {panjang} karakter; batas {batas}. Berkas ini "
        "bukan tabel CSV yang wajar.",
        "File {berkas}: line {baris} is {panjang} characters long; the limit is {batas}. This is "
        "not a plausible CSV table.",
    ),
    "csv_baris": (
        "Berkas {berkas} berisi lebih dari {batas} baris; batas {batas}. Kirim hanya tabel "
        "bulan ini.",
        "File {berkas} has more than {batas} lines; the limit is {batas}. Send only this "
        "month's table.",
    ),
    "csv_kolom": (
        "Berkas {berkas}: baris {baris} berisi {jumlah} kolom; batas {batas}.",
        "File {berkas}: line {baris} has {jumlah} columns; the limit is {batas}.",
    ),
    "berkas_tak_terbuka": (
        "Berkas {berkas} tidak dapat dibuka ({galat}). Periksa izin berkas lalu coba lagi.",
        "File {berkas} cannot be opened ({galat}). Check the file's permissions and try again.",
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
    # header cells of columns the layout does not know, whose content is not read (the layout's
    # columns are all there, so nothing of the template is lost; ingest may warn about them)
    ignored: list[Cell] = field(default_factory=list)


def _n(value: float) -> str:
    return format_angka_id(value, 0)


# ------------------------------------------------------------------ the file itself, before work

_KINDS = (
    (stat.S_ISDIR, "folder", "a folder"),
    (stat.S_ISFIFO, "pipa (FIFO)", "a pipe (FIFO)"),
    (stat.S_ISCHR, "perangkat", "a device"),
    (stat.S_ISBLK, "perangkat", "a device"),
    (stat.S_ISSOCK, "soket", "a socket"),
)


def _not_regular(path: Path, st: os.stat_result, link: bool) -> FileRefused:
    jenis, jenis_en = next(
        ((i, e) for test, i, e in _KINDS if test(st.st_mode)), ("berkas khusus", "a special file")
    )
    if link:
        jenis, jenis_en = f"tautan ke {jenis}", f"a link to {jenis_en}"
    return FileRefused("berkas_bukan_biasa", berkas=path.name, jenis=jenis, jenis_en=jenis_en)


def check_regular_file(path: Path, limits: Limits = LIMITS) -> os.stat_result:
    """Refuse what is not a regular file (checked with ``os.lstat`` before anything opens it:
    a FIFO would hang, a device would never end) and what is over the size limit."""
    path = Path(path)
    try:
        st = os.lstat(path)
        link = stat.S_ISLNK(st.st_mode)
        if link:
            st = os.stat(path)  # a link to a regular file is that file
    except FileNotFoundError:
        raise FileRefused("berkas_tidak_ada", berkas=path.name) from None
    except OSError as exc:  # a dangling or looping link, no permission
        raise FileRefused(
            "berkas_tak_terbuka", berkas=path.name, galat=type(exc).__name__
        ) from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st, link)
    _check_size(path, st.st_size, limits)
    return st


def _check_size(path: Path, size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise FileRefused(
            "berkas_besar",
            berkas=path.name,
            ukuran=format_angka_id(size / MIB, 1),
            batas=_n(limits.max_bytes / MIB),
        )


def read_bytes(path: Path, limits: Limits = LIMITS) -> bytes:
    """The bytes of a regular file within the size limit: checked before it is opened, opened
    without blocking and checked again on the open handle (nothing swapped in between)."""
    path = Path(path)
    check_regular_file(path, limits)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise FileRefused(
            "berkas_tak_terbuka", berkas=path.name, galat=type(exc).__name__
        ) from None
    with open(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _not_regular(path, st, False)
        _check_size(path, st.st_size, limits)
        data = fh.read(limits.max_bytes + 1)
    _check_size(path, len(data), limits)
    return data


def check_file_format(path: Path, limits: Limits = LIMITS) -> None:
    """Refuse (``FileRefused``) what must not be opened: wrong kind, not a regular file, too big,
    macros, encrypted, and an .xlsx over any limit of ``limits`` (see ``scan_xlsx``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise FileRefused("berkas_xls")
    if suffix in (".xlsm", ".xltm"):
        raise FileRefused("berkas_makro")
    if suffix not in (".xlsx", ".csv"):
        raise FileRefused("berkas_jenis", akhiran=suffix or "(tanpa akhiran)")
    if suffix == ".csv":
        check_regular_file(path, limits)  # the rest is checked while it is read
        return
    _xlsx_bytes(path, limits)


_SCANNED: dict[tuple, XlsxScan] = {}  # the last .xlsx scanned, by its identity on disk


def _xlsx_bytes(path: Path, limits: Limits) -> tuple[bytes, XlsxScan]:
    """An .xlsx's bytes, after every check of ``scan_xlsx`` (done once per file version)."""
    data = read_bytes(path, limits)
    st = os.stat(path)
    key = (str(Path(path).resolve()), st.st_ino, st.st_size, st.st_mtime_ns, len(data), limits)
    scan = _SCANNED.get(key)
    if scan is None:
        scan = scan_xlsx(data, Path(path).name, limits)
        _SCANNED.clear()
        _SCANNED[key] = scan
    return data, scan


# ------------------------------------------------------------------------- .xlsx, streamed once

_MAIN = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_STYLE_TAGS = ("xf", "dxf", "font", "fill", "border", "numFmt", "cellStyle")
_TAGS = {
    f"{ns} {local}": tag
    for ns in _MAIN
    for local, tag in (
        ("c", "c"),
        ("f", "f"),
        ("v", "v"),
        ("is", "is"),
        ("row", "row"),
        ("si", "si"),
        ("sst", "sst"),
        ("dimension", "dimension"),
        ("sheet", "sheet"),
        *((s, "style") for s in _STYLE_TAGS),
    )
}
_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_EOCD = b"PK\x05\x06"
_EOCD64 = b"PK\x06\x06"
_CHUNK = 64 * 1024


@dataclass
class XlsxScan:
    """What streaming an .xlsx found (every limit already checked)."""

    cells: int = 0
    shared_strings: int = 0
    styles: int = 0
    elements: int = 0
    sheets: dict[str, str] = field(default_factory=dict)  # part name → sheet name
    formulas_without_value: dict[str, list[str]] = field(default_factory=dict)  # part → refs


class _Stop(Exception):
    def __init__(self, refusal: FileRefused) -> None:
        self.refusal = refusal


def _zip_entry_count(data: bytes) -> int | None:
    """Entries the zip's end record declares, read before ``zipfile`` builds one object per
    entry (None when there is no end record: ``zipfile`` then says the file is broken)."""
    tail = data[-(65536 + 22) :]
    at = tail.rfind(_EOCD)
    if at < 0 or at + 22 > len(tail):
        return None
    (count,) = struct.unpack_from("<H", tail, at + 10)
    if count == 0xFFFF:  # zip64: the real count is in the zip64 end record
        at64 = tail.rfind(_EOCD64, 0, at)
        if at64 >= 0 and at64 + 40 <= len(tail):
            (count,) = struct.unpack_from("<Q", tail, at64 + 32)
    return count


def _sheet_name(scan: XlsxScan, part: str) -> str:
    return scan.sheets.get(part, part)


class _Counter:
    """Expat handlers for one XML part; raises ``_Stop`` at the first limit passed."""

    def __init__(self, scan: XlsxScan, part: str, berkas: str, limits: Limits) -> None:
        self.scan, self.part, self.berkas, self.limits = scan, part, berkas, limits
        self.row = 0
        self.col = 0
        self.in_cell = False
        self.has_f = self.has_v = self.in_v = False
        self.kind = "n"  # the cell's type attribute
        self.ref = ""
        self.relations: dict[str, str] = {}
        self.sheet_ids: list[tuple[str, str]] = []

    def refuse(self, key: str, **fields: object) -> None:
        raise _Stop(FileRefused(key, berkas=self.berkas, **fields))

    def start(self, name: str, attrs: dict[str, str]) -> None:
        scan, limits = self.scan, self.limits
        scan.elements += 1
        if scan.elements > limits.max_xml_elements:
            self.refuse("xml_elemen", entri=self.part, batas=_n(limits.max_xml_elements))
        tag = _TAGS.get(name)
        if tag is None:
            if name == _RELATIONSHIP:
                self.relations[attrs.get("Id", "")] = attrs.get("Target", "")
            return
        if tag == "c":
            scan.cells += 1
            if scan.cells > limits.max_cells:
                self.refuse(
                    "xlsx_sel",
                    sheet=_sheet_name(scan, self.part),
                    jumlah=f"lebih dari {_n(limits.max_cells)}",
                    batas=_n(limits.max_cells),
                )
            ref = attrs.get("r")
            m = _REF.match(ref) if ref else None
            if m:
                self.col = column_index_from_string(m.group(1).upper())
                self.row = max(self.row, int(m.group(2)))
            else:
                self.col += 1
            if self.col > limits.max_columns:
                self._too_wide(self.col)
            self.in_cell, self.has_f, self.has_v = True, False, False
            self.kind = attrs.get("t", "n")
            self.ref = ref or f"{get_column_letter(self.col)}{self.row}"
        elif tag == "v":
            # a cached value: text in <v>; an empty <v/> is one only for a text result
            self.in_v = self.in_cell
            if self.in_cell and self.kind in ("str", "s", "inlineStr"):
                self.has_v = True
        elif tag == "is":
            self.has_v = self.has_v or self.in_cell
        elif tag == "f":
            if self.in_cell:
                self.has_f = True
        elif tag == "row":
            r = attrs.get("r")
            self.row = int(r) if r and r.isdigit() else self.row + 1
            self.col = 0
        elif tag == "si":
            scan.shared_strings += 1
            if scan.shared_strings > limits.max_shared_strings:
                self.refuse(
                    "xlsx_teks_bersama",
                    jumlah=f"lebih dari {_n(limits.max_shared_strings)}",
                    batas=_n(limits.max_shared_strings),
                )
        elif tag == "sst":
            declared = max(_int(attrs.get("uniqueCount")), _int(attrs.get("count")))
            if declared > limits.max_shared_strings:
                self.refuse(
                    "xlsx_teks_bersama", jumlah=_n(declared), batas=_n(limits.max_shared_strings)
                )
        elif tag == "style":
            scan.styles += 1
            declared = _int(attrs.get("count"))
            if scan.styles > limits.max_styles or declared > limits.max_styles:
                jumlah = _n(declared) if declared > limits.max_styles else None
                self.refuse(
                    "xlsx_gaya",
                    jumlah=jumlah or f"lebih dari {_n(limits.max_styles)}",
                    batas=_n(limits.max_styles),
                )
        elif tag == "dimension":
            last = attrs.get("ref", "").split(":")[-1]
            m = _REF.match(last)
            if m and column_index_from_string(m.group(1).upper()) > limits.max_columns:
                self._too_wide(column_index_from_string(m.group(1).upper()))
        elif tag == "sheet":
            rid = next((v for k, v in attrs.items() if k.split(" ")[0] in _REL_NS), "")
            self.sheet_ids.append((attrs.get("name", ""), rid))

    def _too_wide(self, col: int) -> None:
        limits = self.limits
        self.refuse(
            "xlsx_kolom",
            sheet=_sheet_name(self.scan, self.part),
            kolom=get_column_letter(min(col, 18278)),
            nomor=_n(col),
            batas=_n(limits.max_columns),
        )

    def end(self, name: str) -> None:
        tag = _TAGS.get(name)
        if tag == "v":
            self.in_v = False
            return
        if tag != "c":
            return
        self.in_cell = False
        if self.has_v:
            if self.row > self.limits.max_rows:
                self.refuse(
                    "xlsx_baris",
                    sheet=_sheet_name(self.scan, self.part),
                    nomor=_n(self.row),
                    batas=_n(self.limits.max_rows),
                )
        elif self.has_f:
            self.scan.formulas_without_value.setdefault(self.part, []).append(self.ref)

    def text(self, data: str) -> None:
        if self.in_v and data.strip():
            self.has_v = True

    def doctype(self, *args: object) -> None:
        self.refuse("xml_doctype", entri=self.part)


def _int(text: str | None) -> int:
    return int(text) if text and text.isdigit() else 0


def _parse_part(z: zipfile.ZipFile, info: zipfile.ZipInfo, counter: _Counter) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = counter.start
    parser.EndElementHandler = counter.end
    if not info.filename.endswith("sharedStrings.xml"):  # (millions of texts, no cached values)
        parser.CharacterDataHandler = counter.text
    parser.StartDoctypeDeclHandler = counter.doctype
    parser.EntityDeclHandler = counter.doctype
    parser.buffer_text = True
    try:
        with z.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as exc:
        counter.refuse("xml_rusak", entri=info.filename, galat=expat.ErrorString(exc.code))


def _resolve(target: str) -> str:
    """A relationship target of xl/workbook.xml as a part name."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts: list[str] = ["xl"]
    for p in target.split("/"):
        if p == "..":
            parts = parts[:-1]
        elif p and p != ".":
            parts.append(p)
    return "/".join(parts)


def scan_xlsx(data: bytes, berkas: str, limits: Limits = LIMITS) -> XlsxScan:
    """Check an .xlsx's bytes against ``limits`` while streaming every XML part once with expat
    (counting, never building a tree); raises ``FileRefused`` naming the file and the limit."""
    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise FileRefused("berkas_sandi")
    count = _zip_entry_count(data)
    if count is not None and count > limits.max_entries:
        raise FileRefused(
            "xlsx_entri", berkas=berkas, jumlah=_n(count), batas=_n(limits.max_entries)
        )
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise FileRefused("berkas_rusak") from None
    with z:
        infos = z.infolist()
        if len(infos) > limits.max_entries:
            raise FileRefused(
                "xlsx_entri", berkas=berkas, jumlah=_n(len(infos)), batas=_n(limits.max_entries)
            )
        total = sum(i.file_size for i in infos)
        if total > limits.max_unzipped:
            raise FileRefused(
                "berkas_isi_besar",
                berkas=berkas,
                ukuran=_n(total / MIB),
                batas=_n(limits.max_unzipped / MIB),
            )
        for i in infos:
            if i.file_size > _RATIO_FROM and i.file_size > limits.max_ratio * i.compress_size:
                raise FileRefused(
                    "xlsx_rasio",
                    berkas=berkas,
                    entri=i.filename,
                    rasio=_n(i.file_size / max(i.compress_size, 1)),
                    batas=_n(limits.max_ratio),
                )
        if any(i.filename.lower().endswith("vbaproject.bin") for i in infos):
            raise FileRefused("berkas_bermakro")
        scan = XlsxScan()
        xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels"))]
        # the workbook and its relationships first: sheet names for the messages
        first = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
        xml.sort(
            key=lambda i: (
                i.filename not in first,
                first.index(i.filename) if i.filename in first else 0,
            )
        )
        sheet_ids: list[tuple[str, str]] = []
        relations: dict[str, str] = {}
        try:
            for info in xml:
                counter = _Counter(scan, info.filename, berkas, limits)
                _parse_part(z, info, counter)
                if info.filename == "xl/workbook.xml":
                    sheet_ids = counter.sheet_ids
                elif info.filename == "xl/_rels/workbook.xml.rels":
                    relations = counter.relations
                    scan.sheets = {
                        _resolve(relations.get(rid, "")): name for name, rid in sheet_ids
                    }
        except _Stop as stop:
            raise stop.refusal from None
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError):
            raise FileRefused("berkas_rusak") from None
    for part, refs in scan.formulas_without_value.items():
        shown = ", ".join(refs[:5]) + (f" dan {_n(len(refs) - 5)} lainnya" if len(refs) > 5 else "")
        raise FileRefused(
            "rumus_tanpa_nilai",
            berkas=berkas,
            sheet=_sheet_name(scan, part),
            jumlah=_n(len(refs)),
            sel=shown,
        )
    return scan


def open_xlsx(path: Path, limits: Limits = LIMITS):
    """The workbook (openpyxl, read-only, cached values of formulas) of an .xlsx that passed
    ``scan_xlsx``; close it after use."""
    data, _ = _xlsx_bytes(Path(path), limits)
    return load_workbook(io.BytesIO(data), read_only=True, data_only=True)


# ------------------------------------------------------------------------------- headers


def _norm(text: object) -> str:
    return clean_text(str(text or "")).casefold()


def _header_map(
    values: list[object],
    bagian: layout.Bagian,
    *,
    berkas: str,
    sheet: str,
    row: int,
    ignored: list[Cell] | None = None,
) -> dict[int, tuple[str, str]]:
    """Column index → (store column, header as written), matched after normalising spaces.

    A header written twice is refused naming both cells; an unknown header while a column the
    OPD fills is missing (a renamed column, whose content would be lost) is refused naming both;
    other unknown headers go to ``ignored``."""
    known = {_norm(k.header): k.name for k in bagian.columns}
    out: dict[int, tuple[str, str]] = {}
    seen: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    for i, v in enumerate(values):
        if v is None or not str(v).strip():
            continue
        name = known.get(_norm(v))
        if name is None:
            unknown.append((i, str(v)))
            continue
        if name in seen:
            raise FileRefused(
                "judul_ganda",
                berkas=berkas,
                sheet=sheet,
                judul=clean_text(str(v)),
                sel1=f"{get_column_letter(seen[name] + 1)}{row}",
                sel2=f"{get_column_letter(i + 1)}{row}",
            )
        seen[name] = i
        out[i] = (name, str(v))
    if unknown:
        filled = bagian.filled_by_opd(new_row=True)
        lost = [
            k.header
            for n, k in enumerate(bagian.columns, 1)
            if n in filled and not k.required and k.name not in seen
        ]
        i, v = unknown[0]
        if lost:
            raise FileRefused(
                "judul_asing",
                berkas=berkas,
                sheet=sheet,
                sel=f"{get_column_letter(i + 1)}{row}",
                judul=v,
                hilang=lost[0],
            )
        if ignored is not None:
            ignored += [
                Cell(sheet, f"{get_column_letter(i + 1)}{row}", row, v, v) for i, v in unknown
            ]
    return out


def _blank(cell: Cell) -> bool:
    return cell.value is None or (isinstance(cell.value, str) and not cell.value.strip())


def read_xlsx(
    path: Path, parts: tuple[layout.Bagian, ...] = layout.BAGIAN, limits: Limits = LIMITS
) -> tuple[dict[str, str], dict[str, Table], list[str]]:
    """(_meta values, tables by part name, sheet names). Reads cached values of formulas."""
    book = open_xlsx(path, limits)
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
            width = min(ws.max_column or limits.max_columns, limits.max_columns)
            rows = ws.iter_rows(min_row=layout.HEADER_ROW, max_row=limits.max_rows, max_col=width)
            header_cells = next(rows, ())
            ignored: list[Cell] = []
            columns = _header_map(
                [c.value for c in header_cells],
                bagian,
                berkas=Path(path).name,
                sheet=bagian.sheet,
                row=layout.HEADER_ROW,
                ignored=ignored,
            )
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
            tables[bagian.name] = Table(bagian.sheet, dict(columns.values()), data, ignored)
        return meta, tables, list(book.sheetnames)
    finally:
        book.close()


# --------------------------------------------------------------------------------------- CSV


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


def read_csv_rows(path: Path, limits: Limits = LIMITS) -> tuple[list[list[str]], str]:
    """(rows, the first being the header; delimiter) of a CSV file, bounded while it is read:
    size, line length, lines and columns. A comma-delimited file with a row longer than its
    header is refused: its numbers carry decimal commas, each split in two columns."""
    path = Path(path)
    berkas = path.name
    text = decode_text(read_bytes(path, limits))
    delimiter = csv_delimiter(text)

    def lines():
        for n, line in enumerate(io.StringIO(text, newline=""), start=1):
            if len(line) > limits.max_line:
                raise FileRefused(
                    "csv_baris_panjang",
                    berkas=berkas,
                    baris=_n(n),
                    panjang=_n(len(line)),
                    batas=_n(limits.max_line),
                )
            if n > limits.max_rows + 1:
                raise FileRefused("csv_baris", berkas=berkas, batas=_n(limits.max_rows))
            yield line

    rows: list[list[str]] = []
    reader = csv.reader(lines(), delimiter=delimiter)
    for row in reader:
        if len(row) > limits.max_columns:
            raise FileRefused(
                "csv_kolom",
                berkas=berkas,
                baris=_n(reader.line_num),
                jumlah=_n(len(row)),
                batas=_n(limits.max_columns),
            )
        if rows and delimiter == "," and len(row) > len(rows[0]):
            raise FileRefused(
                "csv_koma",
                berkas=berkas,
                baris=_n(reader.line_num),
                jumlah=_n(len(row)),
                harap=_n(len(rows[0])),
            )
        rows.append(row)
    return rows, delimiter


def read_csv(path: Path, bagian: layout.Bagian, limits: Limits = LIMITS) -> Table:
    path = Path(path)
    rows, _ = read_csv_rows(path, limits)
    header = rows[0] if rows else []
    ignored: list[Cell] = []
    columns = _header_map(header, bagian, berkas=path.name, sheet=path.name, row=1, ignored=ignored)
    data = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in row):
            continue
        rec = {}
        for i, (name, h) in columns.items():
            v = row[i] if i < len(row) else ""
            rec[name] = Cell(
                path.name, f"{get_column_letter(i + 1)}{n}", n, h, v if v.strip() else None
            )
        data.append(rec)
    return Table(path.name, dict(columns.values()), data, ignored)


CSV_NAME = re.compile(
    r"^(?P<s>[A-Z][A-Z0-9-]{1,15})_(?P<p>\d{4}-\d{2})_(?P<b>"
    + "|".join(b.name for b in layout.BAGIAN)
    + r")\.csv$",
    re.IGNORECASE,
)
XLSX_NAME = re.compile(r"^(?P<s>[A-Z][A-Z0-9-]{1,15})_(?P<p>\d{4}-\d{2})", re.IGNORECASE)
