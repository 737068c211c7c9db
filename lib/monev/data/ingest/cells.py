"""One cell's value, read strictly: a number in Indonesian format, a text, a date.

Each reader returns the value (None when the cell is empty or unreadable) and appends what it
found wrong to ``findings``. ``read_value`` also tells how the number was written (a
percent-formatted cell, a ``%`` sign, the text as typed), for the indicator's own rules.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd

from monev.data.ingest.messages import Finding, finding
from monev.data.readers import Cell
from monev.model.angka import (
    EXCEL_ERRORS,
    MAKS_MUTLAK,
    AngkaError,
    clean_text,
    format_nilai_id,
    format_tanggal_id,
    is_placeholder,
    parse_angka,
)

DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


@dataclass(frozen=True)
class Reading:
    """A number cell as read: its value (None when missing or refused), the reason written
    instead of a value, and how it was written."""

    value: float | None = None
    reason: str | None = None
    text: str | None = None  # the text as typed (None for a number cell)
    percent_format: bool = False  # a number cell formatted as %: ``value`` is already × 100
    percent_sign: bool = False  # a text ending in %


def read_value(cell: Cell, findings: list[Finding], example: str = "85,5") -> Reading:
    """A cell as a number (``Reading``); what is wrong with it goes to ``findings``."""
    v = cell.value
    if v is None:
        return Reading()
    if cell.excel_error or (isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS):
        findings.append(finding("galat_excel", cell, str(v)))
        return Reading()
    if isinstance(v, bool | dt.date | dt.datetime):  # TRUE/FALSE or a date typed into a number
        findings.append(finding("bukan_angka", cell, v, contoh=example))
        return Reading()
    if isinstance(v, int | float):
        value = float(v)
        percent = "%" in (cell.number_format or "")
        if percent:  # a percent-formatted cell stores 0,855 for 85,5 %
            value *= 100
        if not _possible(cell, value, findings):
            return Reading()
        return Reading(value, percent_format=percent)
    text = str(v)
    if not clean_text(text):
        return Reading()
    if is_placeholder(text):
        findings.append(finding("placeholder", cell, text))
        return Reading(reason=clean_text(text), text=text)
    try:
        angka = parse_angka(text)
    except AngkaError:
        findings.append(finding("bukan_angka", cell, text, contoh=example))
        return Reading(text=text)
    if not _possible(cell, angka.nilai, findings):
        return Reading(text=text)
    return Reading(angka.nilai, text=text, percent_sign=angka.persen)


def _possible(cell: Cell, value: float, findings: list[Finding]) -> bool:
    """No figure is infinite or as large as ``MAKS_MUTLAK`` (1e300 typed or computed)."""
    if math.isfinite(value) and abs(value) < MAKS_MUTLAK:
        return True
    findings.append(finding("terlalu_besar", cell, value, batas=format_nilai_id(MAKS_MUTLAK)))
    return False


def read_number(
    cell: Cell, findings: list[Finding], example: str = "85,5"
) -> tuple[float | None, str | None]:
    """A cell as a number: (value, the reason written instead when it is missing)."""
    reading = read_value(cell, findings, example)
    return reading.value, reading.reason


def read_text(cell: Cell | None) -> str | None:
    """A cell as text with spaces normalised; None when empty. A number or a date typed into a
    text column reads as written, never ``12000.0`` or ``2026-10-31 00:00:00``: a whole number
    without decimals, a fraction with a decimal comma, a date as ``31 Oktober 2026``."""
    if cell is None or cell.value is None:
        return None
    v = cell.value
    if isinstance(v, float) and math.isfinite(v):
        text = str(int(v)) if v.is_integer() else repr(v).replace(".", ",")
    elif isinstance(v, dt.date):
        text = format_tanggal_id(v)
    else:
        text = str(v)
    return clean_text(text) or None


def read_date(cell: Cell, findings: list[Finding]) -> pd.Timestamp | None:
    """A date cell, or a text written as 31/12/2026, 2026-12-31 or 31-12-2026."""
    v = cell.value
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, dt.date):  # datetime is a date too
        return pd.Timestamp(v)
    if isinstance(v, int | float) and not isinstance(v, bool):
        findings.append(finding("tanggal", cell, v))  # shown as a number, 46.000
        return None
    text = clean_text(str(v))
    for fmt in DATE_FORMATS:
        try:
            return pd.Timestamp(dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    findings.append(finding("tanggal", cell, text))
    return None
