"""One cell's value, read strictly: a number in Indonesian format, a text, a date.

Each reader returns the value (None when the cell is empty or unreadable) and appends what it
found wrong to ``findings``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from monev.data.ingest.messages import Finding, finding
from monev.data.readers import Cell
from monev.model.angka import (
    EXCEL_ERRORS,
    AngkaError,
    clean_text,
    is_placeholder,
    parse_angka,
)

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


def read_number(
    cell: Cell, findings: list[Finding], example: str = "85,5"
) -> tuple[float | None, str | None]:
    """A cell as a number: (value, the reason written instead when it is missing)."""
    v = cell.value
    if v is None:
        return None, None
    if cell.excel_error or (isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS):
        findings.append(finding("galat_excel", cell, str(v)))
        return None, None
    if isinstance(v, bool | dt.date | dt.datetime):  # TRUE/FALSE or a date typed into a number
        findings.append(finding("bukan_angka", cell, str(v), contoh=example))
        return None, None
    if isinstance(v, int | float):
        value = float(v)
        if "%" in (cell.number_format or ""):  # a percent-formatted cell stores 0,855 for 85,5 %
            value *= 100
        return value, None
    text = str(v)
    if not clean_text(text):
        return None, None
    if is_placeholder(text):
        findings.append(finding("placeholder", cell, text))
        return None, clean_text(text)
    try:
        return parse_angka(text).nilai, None
    except AngkaError:
        findings.append(finding("bukan_angka", cell, text, contoh=example))
        return None, None


def read_text(cell: Cell | None) -> str | None:
    """A cell as text with spaces normalised; None when empty."""
    if cell is None or cell.value is None:
        return None
    return clean_text(str(cell.value)) or None


def read_date(cell: Cell, findings: list[Finding]) -> pd.Timestamp | None:
    """A date cell, or a text written as 31/12/2026, 2026-12-31 or 31-12-2026."""
    v = cell.value
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, dt.date):  # datetime is a date too
        return pd.Timestamp(v)
    text = clean_text(str(v))
    for fmt in DATE_FORMATS:
        try:
            return pd.Timestamp(dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    findings.append(finding("tanggal", cell, text))
    return None
