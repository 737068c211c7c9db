"""``monev capaian``'s work: read any table of indicators (CSV or the first sheet of an .xlsx),
compute capaian and predikat for each row, write the result with Indonesian numbers."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl.utils import get_column_letter

from monev.data.readers import LIMITS, FileRefused, Limits, open_xlsx, read_csv_rows
from monev.engine.capaian import hitung_capaian, predikat
from monev.model.angka import (
    AngkaError,
    bulat,
    clean_text,
    format_angka_id,
    is_placeholder,
    parse_angka,
    visible,
)
from monev.model.settings import Settings

# accepted header names (after lower-casing and removing spaces, '_' and '-')
HEADER_NAMES = {
    "indikator": ("indikator", "indicator", "namaindikator", "indikatorkinerja"),
    "polaritas": ("polaritas", "polarity", "arah", "direction"),
    "target": ("target",),
    "realisasi": ("realisasi", "actual", "realisation", "realization", "realisasikinerja"),
}
# optional: the direction of a range target (polaritas rentang); without it both sides are worse
HEADER_OPSIONAL = {
    "arah_rentang": ("arahrentang", "rangedirection", "arahtarget", "directionofrange"),
}
ARAH_RENTANG = {
    "positif": "positif", "positive": "positif", "negatif": "negatif", "negative": "negatif",
}  # fmt: skip
HEADER_EXAMPLES = {
    "indikator": "Indikator",
    "polaritas": "Polaritas (positif/negatif/rentang)",
    "target": "Target (85,5 atau 80–90)",
    "realisasi": "Realisasi (85,5)",
}
POLARITAS = {
    "positif": "positif",
    "positive": "positif",
    "+": "positif",
    "negatif": "negatif",
    "negative": "negatif",
    "-": "negatif",
    "rentang": "rentang",
    "range": "rentang",
}
_RENTANG_RE = re.compile(r"^\s*(.+?)\s*[-–—]\s*(.+?)\s*$")
_PLAIN_RE = re.compile(r"^[-+]?\d+(\.\d+)?\s*%?$")


class TableError(ValueError):
    """A problem in the user's table, with file, row, column and value."""


def _header_key(nama: object) -> str:
    return re.sub(r"[\s_\-]+", "", clean_text(str(nama)).lower())


def match_columns(columns, file_name: str) -> dict[str, str]:
    """Map each needed field to the table's header; error naming what is missing."""
    found: dict[str, str] = {}
    for col in columns:
        k = _header_key(col)
        for field, names in HEADER_NAMES.items():
            if k in names and field not in found:
                found[field] = col
    for col in columns:
        k = _header_key(col)
        for field, names in HEADER_OPSIONAL.items():
            if k in names and field not in found:
                found[field] = col
    missing = [f for f in HEADER_NAMES if f not in found]
    if missing:
        ada = ", ".join(f'"{visible(c)}"' for c in columns) or "(tidak ada)"
        details = "; ".join(f"{f}: {' / '.join(HEADER_NAMES[f])}" for f in missing)
        raise TableError(
            f"Berkas {file_name}: kolom {', '.join(missing)} tidak ditemukan. Kolom yang ada: {ada}. "
            f"Nama yang dikenali — {details}. Contoh judul kolom: "
            + ", ".join(HEADER_EXAMPLES[f] for f in missing)
            + "."
        )
    return found


def _number(value: object) -> float | None:
    """A number from a cell: Indonesian grammar first, then a plain English decimal."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, bool):
        raise AngkaError(str(value))
    if isinstance(value, int | float | np.number):
        return float(value)
    text = clean_text(str(value))
    if text == "" or is_placeholder(text):  # the workbook's one list of "no data yet"
        return None
    try:
        return parse_angka(text).nilai
    except AngkaError:
        if _PLAIN_RE.match(text):  # only this command accepts "85.5" (an English table)
            return float(text.rstrip("%").strip())
        raise


def _target(value: object) -> tuple[float | None, float | None, float | None]:
    if isinstance(value, str):
        m = _RENTANG_RE.match(clean_text(value))
        if m and not clean_text(value).startswith("-"):
            a, b = _number(m.group(1)), _number(m.group(2))
            if a is not None and b is not None:
                return None, min(a, b), max(a, b)
    return _number(value), None, None


def _cell_ref(col_idx: int, row: int) -> str:
    return f"{get_column_letter(col_idx + 1)}{row}"


def read_table_file(path: Path, limits: Limits = LIMITS) -> tuple[pd.DataFrame, str]:
    """Read the first sheet (or the CSV) as text/numbers, header on the first row; the file is
    bounded first by ``limits``, exactly as ingest bounds an OPD file (``monev.data.readers``)."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        if not path.exists():
            raise TableError(f"Berkas {path} tidak ada.")
        raise TableError(
            f"Berkas {path.name}: jenis {suffix or '(tanpa akhiran)'} tidak didukung. "
            "Simpan sebagai .xlsx atau .csv."
        )
    if not path.exists() and not path.is_symlink():
        raise TableError(f"Berkas {path} tidak ada.")
    try:
        if suffix == ".xlsx":
            return _read_xlsx(path, limits), ","
        rows, sep = read_csv_rows(path, limits)
    except FileRefused as exc:
        raise TableError(str(exc)) from None
    header = rows[0] if rows else []
    width = len(header)
    body = []
    for n, row in enumerate(rows[1:], start=2):
        if not row:
            continue  # a blank line
        if len(row) > width:
            raise TableError(
                f"Berkas {path.name}: baris {n} berisi {len(row)} kolom, lebih banyak dari baris "
                f"judul ({width}). Periksa pemisah kolom ({sep}) dan tanda kutip di baris itu."
            )
        body.append(row + [""] * (width - len(row)))
    _check_duplicate_headers(header, path.name, "")
    return pd.DataFrame(body, columns=pd.Index(header, dtype=object), dtype=object), sep


def _read_xlsx(path: Path, limits: Limits) -> pd.DataFrame:
    wb = open_xlsx(path, limits)
    try:
        ws = wb.worksheets[0]
        rows = []
        # bounded even where the sheet's stated extent is missing (the scan refused a wider one)
        width = min(ws.max_column or limits.max_columns, limits.max_columns)
        for row in ws.iter_rows(max_row=limits.max_rows, max_col=width):
            vals = []
            for c in row:
                v = c.value
                # a percent-formatted cell stores 0,855 for 85,5 %
                if isinstance(v, int | float) and "%" in str(c.number_format or ""):
                    v = v * 100.0
                vals.append(v)
            rows.append(vals)
    finally:
        wb.close()
    rows = [r for r in rows if any(v not in (None, "") for v in r)]
    if not rows:
        raise TableError(f"Berkas {path.name}: lembar {ws.title!r} kosong.")
    header = [("" if h is None else str(h)) for h in rows[0]]
    _check_duplicate_headers(header, path.name, f"lembar {ws.title!r}, ")
    width = len(header)
    body = [list(r[:width]) + [None] * (width - len(r)) for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=object)


def _check_duplicate_headers(header: list, file_name: str, where: str) -> None:
    """A needed field written twice (two "Realisasi" columns) is refused naming both cells:
    which one was meant cannot be told."""
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        k = _header_key(h)
        field = next(
            (f for f, names in {**HEADER_NAMES, **HEADER_OPSIONAL}.items() if k in names), None
        )
        if field is None:
            continue
        if field in seen:
            j = seen[field]
            raise TableError(
                f"Berkas {file_name}: {where}kolom {field} ada dua kali, "
                f'"{visible(header[j])}" di sel {_cell_ref(j, 1)} dan "{visible(h)}" di sel '
                f"{_cell_ref(i, 1)}. Hapus salah satu agar jelas mana yang dihitung."
            )
        seen[field] = i


def add_capaian(df: pd.DataFrame, file_name: str, settings: Settings) -> pd.DataFrame:
    """Add capaian, predikat and keterangan columns; collect every bad cell in one error."""
    cols = match_columns(list(df.columns), file_name)
    col_pos = {c: i for i, c in enumerate(df.columns)}
    problems: list[str] = []
    t, lo, hi, r, pol, arah = [], [], [], [], [], []
    for i, row in enumerate(df.itertuples(index=False, name=None)):
        baris = i + 2  # header is row 1
        rec = dict(zip(df.columns, row, strict=True))

        def bad(field: str, value: object, harap: str, baris: int = baris) -> None:
            col = cols[field]
            problems.append(
                f'baris {baris} (sel {_cell_ref(col_pos[col], baris)}), kolom "{col}": '
                f'"{visible(value)}" {harap}'
            )

        try:
            a, b, c = _target(rec[cols["target"]])
        except AngkaError:
            bad("target", rec[cols["target"]], "bukan angka atau rentang. Contoh: 85,5 atau 80–90.")
            a = b = c = None
        try:
            x = _number(rec[cols["realisasi"]])
        except AngkaError:
            bad("realisasi", rec[cols["realisasi"]], "bukan angka. Contoh: 85,5.")
            x = None
        p_raw = rec[cols["polaritas"]]
        p = POLARITAS.get(clean_text(str(p_raw or "")).lower())
        if p is None:
            bad("polaritas", p_raw, "tidak dikenal. Tulis positif, negatif atau rentang.")
        d = None
        if "arah_rentang" in cols:
            d_raw = rec[cols["arah_rentang"]]
            teks = clean_text("" if d_raw is None else str(d_raw)).lower()
            d = ARAH_RENTANG.get(teks)
            if d is None and teks not in ("", "nan") and not is_placeholder(teks):
                bad("arah_rentang", d_raw, "tidak dikenal. Tulis positif, negatif, atau kosongkan.")
        t.append(a)
        lo.append(b)
        hi.append(c)
        r.append(x)
        pol.append(p)
        arah.append(d)
    if problems:
        more = f"\n... dan {len(problems) - 20} problems lain." if len(problems) > 20 else ""
        raise TableError(
            f"Berkas {file_name}: {len(problems)} sel tidak dapat dibaca.\n- "
            + "\n- ".join(problems[:20])
            + more
        )
    f = lambda v: np.array([np.nan if x is None else x for x in v], dtype=float)  # noqa: E731
    hasil = hitung_capaian(
        f(t),
        f(r),
        np.array(pol, dtype=object),
        target_bawah=f(lo),
        target_atas=f(hi),
        arah_rentang=np.array(arah, dtype=object),
        settings=settings,
    )
    out = df.copy()
    out["capaian"] = hasil["capaian"].to_numpy()
    out["predikat"] = predikat(hasil["capaian"], settings).astype(object).to_numpy()
    out["keterangan"] = hasil["alasan"].astype(object).to_numpy()
    return out


def write_result(out: pd.DataFrame, destination: Path | None) -> None:
    """The table with its capaian: as CSV (``;``, capaian the Indonesian way) to stdout or to a
    .csv, or to an .xlsx through the workbook's one export function; written atomically."""
    from monev.data.export import export_table, neutralise_formula
    from monev.data.files import atomic_write

    if destination is not None and destination.suffix.lower() == ".xlsx":
        export_table(out.assign(capaian=bulat(out["capaian"], 2)), destination)
        return
    text = out.map(neutralise_formula)  # the user's cells; capaian is ours, written as text
    text["capaian"] = [None if pd.isna(v) else format_angka_id(v, 2) for v in out["capaian"]]
    if destination is None:
        text.to_csv(sys.stdout, index=False, sep=";", quoting=csv.QUOTE_MINIMAL)
    else:
        atomic_write(
            destination, lambda fh: text.to_csv(fh, index=False, sep=";", encoding="utf-8-sig")
        )
