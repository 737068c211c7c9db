"""Bounded resources before work: every bomb, built here, is refused by ``monev ingest`` and by
``monev capaian`` within 10 s and 1 GiB peak memory (the peak RSS of the command's process, as
the kernel reports it for that child), with an Indonesian message naming the file and the limit,
and the store unchanged."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest

from monev.data import readers

SECONDS = 10
PEAK_BYTES = 1024**3

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Kinerja" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<fonts count="1"><font><sz val="11"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="2"><xf/><xf fontId="0"/></cellXfs></styleSheet>'
)
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
SMALL_SHEET = (
    SHEET_HEAD + '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>'
)


def write_xlsx(path: Path, parts: dict[str, object]) -> Path:
    """An .xlsx from its parts; a part may be a text or an iterable of text chunks (streamed,
    so building a bomb costs the test little memory)."""
    base = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": f'<sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>a</t></si></sst>',
        "xl/worksheets/sheet1.xml": SMALL_SHEET,
    }
    base.update(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, content in base.items():
            if isinstance(content, str):
                z.writestr(name, content)
                continue
            with z.open(name, "w", force_zip64=True) as fh:
                for chunk in content:
                    fh.write(chunk.encode())
    return path


def _repeat(head: str, item: str, n: int, tail: str, batch: int = 100_000):
    yield head
    block = item * batch
    for _ in range(n // batch):
        yield block
    yield item * (n % batch)
    yield tail


def bomb_shared_strings(folder: Path) -> Path:
    """About 0,5 MB holding 11 million shared strings (some 190 MB unpacked)."""
    n = 11_000_000
    sst = _repeat(
        f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="{n}" uniqueCount="{n}">',
        "<si><t>x</t></si>",
        n,
        "</sst>",
    )
    return write_xlsx(folder / "DPUPR_2026-10.xlsx", {"xl/sharedStrings.xml": sst})


def bomb_many_distinct_strings(folder: Path) -> Path:
    """Distinct shared strings, packed no tighter than ordinary text: only the count refuses it."""
    n = 400_000
    items = (f"<si><t>{i * 7919 % 1_000_003:x}-{i}</t></si>" for i in range(n))
    chunks = [f'<?xml version="1.0"?><sst xmlns="{MAIN}">']
    chunks += items
    chunks.append("</sst>")
    return write_xlsx(folder / "DPUPR_2026-10.xlsx", {"xl/sharedStrings.xml": iter(chunks)})


def bomb_wide_row(folder: Path) -> Path:
    """One row whose cells run to column XFD; the sheet's stated extent says the same."""
    from openpyxl.utils import get_column_letter

    cells = "".join(f'<c r="{get_column_letter(i)}5" s="1"/>' for i in range(1, 16385))
    sheet = (
        SHEET_HEAD + '<dimension ref="A1:XFD5000"/><sheetData>'
        f'<row r="5">{cells}</row><row r="5000"><c r="A5000" t="s"><v>0</v></c></row>'
        "</sheetData></worksheet>"
    )
    return write_xlsx(folder / "DPUPR_2026-10.xlsx", {"xl/worksheets/sheet1.xml": sheet})


def bomb_styled_cells(folder: Path) -> Path:
    """A huge sheet of empty cells that only carry a style."""
    rows = 400_000

    def chunks():
        yield SHEET_HEAD + "<sheetData>"
        for r in range(1, rows + 1):
            yield (
                f'<row r="{r}"><c r="A{r}" s="1"/><c r="B{r}" s="1"/><c r="C{r}" s="1"/>'
                f'<c r="D{r}" s="1"/><c r="E{r}" s="1"/></row>'
            )
        yield "</sheetData></worksheet>"

    return write_xlsx(folder / "DPUPR_2026-10.xlsx", {"xl/worksheets/sheet1.xml": chunks()})


def bomb_many_entries(folder: Path) -> Path:
    path = write_xlsx(folder / "DPUPR_2026-10.xlsx", {})
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        for i in range(60_000):
            z.writestr(f"x/{i}", b"")
    return path


def bomb_fifo(folder: Path) -> Path:
    path = folder / "X_2026-10_kinerja.csv"
    os.mkfifo(path)
    return path


def bomb_device_link(folder: Path) -> Path:
    path = folder / "X_2026-10_kinerja.csv"
    path.symlink_to("/dev/zero")
    return path


def bomb_folder(folder: Path) -> Path:
    path = folder / "X_2026-10_kinerja.csv"
    path.mkdir()
    (path / "isi.txt").write_text("a")
    return path


def bomb_sparse(folder: Path) -> Path:
    """2 GiB on paper, nothing on disk: refused by its size before it is hashed or read."""
    path = folder / "DPUPR_2026-10.xlsx"
    with open(path, "wb") as fh:
        fh.truncate(2 * 1024**3)
    return path


def bomb_long_csv_line(folder: Path) -> Path:
    path = folder / "DPUPR_2026-10_kinerja.csv"
    path.write_text("Kode Indikator;Realisasi\n" + "9" * 5_000_000 + "\n", encoding="utf-8")
    return path


def bomb_csv_rows(folder: Path) -> Path:
    path = folder / "DPUPR_2026-10_kinerja.csv"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("Kode Indikator;Realisasi\n")
        fh.write("1.01;1\n" * 2_000_000)
    return path


# (builder, words the refusal must contain besides the file's name)
BOMBS = {
    "teks-bersama-0,5MB": (bomb_shared_strings, ("batas",)),
    "teks-bersama-banyak": (bomb_many_distinct_strings, ("teks bersama", "batas 200.000")),
    "baris-lebar": (bomb_wide_row, ("kolom", "batas 200")),
    "sel-berformat": (bomb_styled_cells, ("batas",)),
    "banyak-entri": (bomb_many_entries, ("bagian", "batas 1.000")),
    "fifo": (bomb_fifo, ("bukan berkas biasa", "pipa")),
    "tautan-ke-dev-zero": (bomb_device_link, ("bukan berkas biasa", "perangkat")),
    "folder": (bomb_folder, ("bukan berkas biasa", "folder")),
    "berkas-jarang-2GB": (bomb_sparse, ("terlalu besar", "batas 20 MB")),
    "baris-csv-panjang": (bomb_long_csv_line, ("karakter", "batas 100.000")),
    "baris-csv-banyak": (bomb_csv_rows, ("baris", "batas 10.000")),
}


def run_bounded(args: list[str], cwd: Path, timeout: float = 60) -> tuple[int, str, float, int]:
    """(exit code, stdout + stderr, seconds, peak RSS in bytes) of ``python -m monev.cli ARGS``,
    the peak read for this very child with ``os.wait4`` (its own process tree)."""
    out = cwd / f".uji-{time.monotonic_ns()}.out"
    with open(out, "wb") as fh:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "monev.cli", *args],
            cwd=cwd,
            stdout=fh,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = out.read_text(encoding="utf-8", errors="replace")
    out.unlink()
    return proc.returncode, text, seconds, usage.ru_maxrss * 1024  # ru_maxrss is in KiB


@pytest.mark.parametrize("name", list(BOMBS))
def test_ingest_refuses_each_bomb_in_bounded_time_and_memory(name, sample_workbook_copy, tmp_path):
    from monev.data.store import read_table
    from monev.model.workbook import Workbook

    build, words = BOMBS[name]
    folder = tmp_path / "kiriman" / "2026-10"
    folder.mkdir(parents=True)
    path = build(folder)  # ingested as the month's folder, as `monev ingest data/kiriman/...`
    wb = Workbook.at(sample_workbook_copy)
    before = read_table(wb.store, "realisasi")

    code, text, seconds, peak = run_bounded(
        ["ingest", "--root", str(sample_workbook_copy), str(folder)], tmp_path
    )
    assert code == 1, text
    for word in words:
        assert word in text, (word, text)
    assert path.name in text
    assert seconds < SECONDS, (seconds, text)
    assert peak < PEAK_BYTES, (peak, text)
    after = read_table(wb.store, "realisasi")
    assert after.equals(before)


CAPAIAN_BOMBS = [
    "teks-bersama-0,5MB",
    "teks-bersama-banyak",
    "baris-lebar",
    "sel-berformat",
    "banyak-entri",
    "fifo",
    "tautan-ke-dev-zero",
    "folder",
    "berkas-jarang-2GB",
    "baris-csv-panjang",
    "baris-csv-banyak",
]


@pytest.mark.parametrize("name", CAPAIAN_BOMBS)
def test_capaian_has_the_same_limits(name, tmp_path):
    build, words = BOMBS[name]
    path = build(tmp_path)
    code, text, seconds, peak = run_bounded(["capaian", str(path)], tmp_path)
    assert code == 1, text
    assert text.startswith("Galat:"), text
    for word in words:
        assert word in text, (word, text)
    assert path.name in text
    assert seconds < SECONDS, (seconds, text)
    assert peak < PEAK_BYTES, (peak, text)


def test_the_limits_are_one_frozen_set_of_defaults():
    limits = readers.LIMITS
    assert isinstance(limits, readers.Limits)
    with pytest.raises(AttributeError):
        limits.max_bytes = 1  # type: ignore[misc]
    assert limits.max_shared_strings == 200_000
