"""Indonesian number and date formats (through babel's ``id`` locale), for tables and captions.

Missing values print as an em dash, never as 0 or "nan".
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from babel.dates import format_date

from monev.model.angka import format_angka_id
from monev.model.periode import Periode

KOSONG = "–"


def _missing(value: object) -> bool:
    return value is None or (pd.api.types.is_scalar(value) and bool(pd.isna(value)))


def angka(value: object, desimal: int = 2) -> str:
    """``1234.5`` → ``1.234,50``."""
    return KOSONG if _missing(value) else format_angka_id(float(value), desimal)  # type: ignore[arg-type]


def persen(value: object, desimal: int = 2) -> str:
    """``85.5`` (already on the 0–100 scale) → ``85,50 %``."""
    return KOSONG if _missing(value) else f"{angka(value, desimal)} %"


def selisih(value: object, desimal: int = 2) -> str:
    """A change in points with its sign: ``+1,50``, ``−0,25``, ``0,00``; ``–`` when missing."""
    if _missing(value):
        return KOSONG
    v = float(value)  # type: ignore[arg-type]
    tanda = "+" if v > 0 else "−" if v < 0 else ""
    return f"{tanda}{angka(abs(v), desimal)}"


def rupiah(value: object) -> str:
    """``102495819644`` → ``Rp 102.495.819.644``."""
    return KOSONG if _missing(value) else f"Rp {angka(value, 0)}"


def rupiah_ringkas(value: object) -> str:
    """Large sums for captions: ``Rp 1,33 T``, ``Rp 102,50 M``, ``Rp 850,00 jt``."""
    if _missing(value):
        return KOSONG
    v = float(value)  # type: ignore[arg-type]
    for batas, akhiran in ((1e12, "T"), (1e9, "M"), (1e6, "jt")):
        if abs(v) >= batas:
            return f"Rp {angka(v / batas, 2)} {akhiran}"
    return rupiah(v)


def tanggal(value: dt.date | dt.datetime | None, panjang: bool = True) -> str:
    """``2026-02-09`` → ``9 Februari 2026`` (or ``09/02/2026`` with ``panjang=False``)."""
    if value is None or _missing(value):
        return KOSONG
    if isinstance(value, dt.datetime):
        value = value.date()
    return format_date(value, format="d MMMM y" if panjang else "dd/MM/y", locale="id")


def periode(value: object) -> str:
    """``2026-02`` → ``Februari 2026``."""
    return Periode.parse(value).label


def bulan_singkat(value: object) -> str:
    """``2026-10`` → ``Okt 2026`` (chart axes and the column labels of month grids)."""
    p = Periode.parse(value)
    return format_date(dt.date(p.tahun, p.bulan, 1), format="MMM y", locale="id")


def bulan_atau_teks(value: object) -> str:
    """A month column's cell: ``2026-10`` → ``Okt 2026``; anything else as written."""
    if _missing(value):
        return KOSONG
    try:
        return bulan_singkat(value)
    except (ValueError, TypeError):
        return str(value)


def ya_tidak(value: object) -> str:
    """A yes/no value as a page prints it: ``Ya`` / ``Tidak`` (missing: an em dash)."""
    return KOSONG if _missing(value) else ("Ya" if bool(value) else "Tidak")


def jenis_temuan(value: object) -> str:
    """A data-quality finding's kind as words: ``ketepatan_waktu`` → ``ketepatan waktu``."""
    return KOSONG if _missing(value) else str(value).replace("_", " ")
