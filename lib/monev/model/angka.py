"""The strict Indonesian number grammar for OPD data.

Accepted: ``85``, ``85,5``, ``1.234.567``, ``2.500.000,50``, ``-3,2``, optionally ending in ``%``.
Refused (``AngkaError``): ``85.5`` and ``0.1`` (English decimals, which pandas' thousands option
would silently read as 855 or 1), misplaced thousands dots, text, and several numbers in one cell.
Placeholders (``-``, ``n/a``, ``belum ada data`` ...) are recognised separately: they mean
"missing, with a reason", never 0.

Also here: ``bulat`` (round half up, as Excel's ROUND: the one rounding of every printed figure
and of the capaian a predikat is banded from), ``format_angka_id``/``format_rentang`` (figures as
pages print them), ``format_nilai_id``/``format_tanggal_id`` (values and dates as messages print
them) and ``batas_indikator``, the plausibility bounds of an indicator's value (``Batas``) from its
reference columns ``nilai_min``, ``nilai_maks``, ``boleh_negatif`` with defaults by unit.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

# Thousands groups must be exactly three digits; a single dot followed by 1-2 or 4+ digits
# is not Indonesian and is refused rather than guessed.
_ANGKA_RE = re.compile(
    r"^(?P<tanda>[-+−]?)(?P<bulat>[1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,(?P<pecahan>\d+))?\s*(?P<persen>%?)$"
)

PLACEHOLDER = frozenset(
    {
        "-", "–", "—", "n/a", "na", "null", "none", "nan", "belum ada data", "tidak ada",
        "tidak ada data", "belum ada", "#n/a", "?", "tba",
    }
)  # fmt: skip

EXCEL_ERRORS = frozenset(
    {"#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)


class AngkaError(ValueError):
    """A text that is not a number in Indonesian format."""


@dataclass(frozen=True)
class Angka:
    nilai: float
    persen: bool = False


def clean_text(value: str) -> str:
    """Normalise spaces: NBSP and other Unicode spaces become plain spaces; trims the ends."""
    text = unicodedata.normalize("NFKC", value)
    text = "".join(" " if unicodedata.category(ch) == "Zs" else ch for ch in text)
    return " ".join(text.split())


def visible(value: object) -> str:
    """The value as found, with invisible characters made visible (for error messages)."""
    text = str(value)
    out = []
    for ch in text:
        if ch == "\xa0":
            out.append("⍽")  # non-breaking space
        elif ch in "\t\r\n":
            out.append({"\t": "\\t", "\r": "\\r", "\n": "\\n"}[ch])
        elif unicodedata.category(ch) in ("Cf", "Cc", "Zs") and ch != " ":
            out.append(f"<U+{ord(ch):04X}>")
        else:
            out.append(ch)
    return "".join(out)


def is_placeholder(value: str) -> bool:
    return clean_text(value).lower() in PLACEHOLDER


def parse_angka(text: str) -> Angka:
    """Parse one number written the Indonesian way. Raises ``AngkaError`` otherwise."""
    cleaned = clean_text(text).replace(" %", "%")
    m = _ANGKA_RE.match(cleaned)
    if not m:
        raise AngkaError(text)
    bulat = m.group("bulat").replace(".", "")
    pecahan = m.group("pecahan")
    nilai = float(f"{bulat}.{pecahan}" if pecahan else bulat)
    if m.group("tanda") in ("-", "−"):
        nilai = -nilai
    return Angka(nilai=nilai, persen=bool(m.group("persen")))


# a product x × 10^d a few units in the last place below a half is the half: the float of 1,005
# is 1,00499999999999989…, which Excel (15 significant digits) and every reader call 1,005
_GESER = 1.0 + 2.0**-50
_BULAT_PENUH = 2.0**52  # from here on every float is already a whole number


def bulat(x, digits: int = 2):
    """Round half up, away from zero, like Excel's ROUND: ``65,125`` → ``65,13``,
    ``90.00000000000001`` → ``90,00``, ``-2,5`` → ``-3`` (``digits=0``).

    Vectorised: a scalar gives a float, a Series a Series (same index), anything else an array.
    NaN stays NaN, ±inf stays; ``-0`` becomes ``0``. Floating noise below the 15th significant
    digit does not move a value across a half (the nudge is 2⁻⁵⁰ relative, ~4 units in the last
    place)."""
    if hasattr(x, "index") and hasattr(x, "to_numpy"):  # a pandas Series, without importing pandas
        return type(x)(bulat(x.to_numpy(dtype=float, na_value=np.nan), digits), index=x.index,
                       name=getattr(x, "name", None))  # fmt: skip
    arr = np.asarray(x, dtype=float)
    flat = arr.reshape(-1)
    f = 10.0**digits
    with np.errstate(over="ignore", invalid="ignore"):
        s = np.abs(flat) * f
        besar = ~(s < _BULAT_PENUH)  # also inf and NaN: left as they are
        s *= _GESER
        s += 0.5
        np.floor(s, out=s)
        s /= f
        np.copysign(s, flat, out=s)
        s = np.where(besar, flat, s) + 0.0  # + 0.0 turns -0.0 into 0.0
    return s.reshape(arr.shape) if arr.ndim else float(s[0])


def format_angka_id(nilai: float, desimal: int = 2) -> str:
    """Write ``nilai`` in Indonesian format (``1.234,50``), rounded half up by ``bulat``
    (``65,125`` → ``65,13``), through babel's ``id`` locale."""
    pola = "#,##0" + ("." + "0" * desimal if desimal > 0 else "")
    return format_decimal(bulat(float(nilai), desimal), format=pola, locale="id")


def format_rentang(bawah: float, atas: float, desimal: int = 2, pemisah: str = "–") -> str:
    """A range target as printed: ``0,25–0,26`` (en dash, each bound by ``format_angka_id``).
    A missing bound prints as ``…`` (never "nan"); both missing give ``–``."""

    def ada(v) -> bool:
        return v is not None and not (isinstance(v, float) and math.isnan(v)) and v == v

    if not ada(bawah) and not ada(atas):
        return "–"
    a = format_angka_id(float(bawah), desimal) if ada(bawah) else "…"
    b = format_angka_id(float(atas), desimal) if ada(atas) else "…"
    return f"{a}{pemisah}{b}"


def format_nilai_id(nilai: float, maks_desimal: int = 6) -> str:
    """A value as found, in Indonesian format with only the decimals it has: ``0,855``,
    ``2.125``, ``-1,5``; any size (``1e300`` gives all its 301 digits, with dots)."""
    if math.isnan(nilai):
        return "NaN"
    if math.isinf(nilai):
        return "-∞" if nilai < 0 else "∞"
    angka = Decimal(repr(float(nilai)))
    if abs(nilai) >= 1e15:  # beyond babel's decimal precision: whole digits, dots between groups
        return format(angka, ",.0f").replace(",", ".")
    pola = "#,##0" + ("." + "#" * maks_desimal if maks_desimal > 0 else "")
    return format_decimal(angka, format=pola, locale="id")


def format_tanggal_id(nilai: dt.date, lang: str = "id") -> str:
    """``31 Oktober 2026`` (``31 October 2026`` in English); a time of day only when it is not
    midnight (``31 Oktober 2026 14.30``), never ``00:00:00``."""
    locale = "id" if lang == "id" else "en"
    if isinstance(nilai, dt.datetime) and nilai.time() != dt.time(0):
        pola = "d MMMM y HH.mm" if locale == "id" else "d MMMM y HH:mm"
        return format_datetime(nilai, format=pola, locale=locale)
    if isinstance(nilai, dt.datetime):
        nilai = nilai.date()
    return format_date(nilai, format="d MMMM y", locale=locale)


# ------------------------------------------------------------------ plausibility of a value

MAKS_MUTLAK = 1e15  # no monev figure comes near this (a regency's whole budget is ~1e12 rupiah)

SATUAN_PERSEN = "%"
# counted in whole units: a count cannot be 3,5 (an average of counts can: sifat rata-rata)
SATUAN_CACAH = frozenset(
    {
        "orang", "jiwa", "unit", "buah", "kelompok", "desa", "kelurahan", "kecamatan", "laporan",
        "dokumen", "kegiatan", "kali", "paket", "keluarga", "kk", "rumah", "sekolah", "titik",
        "lokasi", "ekor", "usaha", "koperasi", "umkm", "ikm", "pasar", "kasus", "balita", "bayi",
    }
)  # fmt: skip
# scales whose values are small (an index, a score): "2.125" there is surely 2,125 mistyped
SATUAN_SKALA = frozenset({"indeks", "skor", "nilai", "rasio", "poin", "angka"})
SKALA_KECIL = 1000.0  # an indicator whose largest possible value is below this has small values


@dataclass(frozen=True)
class Batas:
    """The plausibility bounds of one indicator's value.

    Outside ``minimum``–``maksimum`` (or not whole where ``bulat``) the value is impossible: a
    Galat. Above ``wajar_maks`` it is possible but implausible: a Peringatan. ``kecil``: the
    indicator's values are small, so a text like ``2.125`` (one thousands dot, no comma) is
    refused as ambiguous rather than read as 2125."""

    minimum: float | None = 0.0
    maksimum: float | None = None
    wajar_maks: float | None = None
    bulat: bool = False
    kecil: bool = False

    def teks(self) -> str:
        """The possible range in Indonesian format, e.g. ``0 sampai 100``, ``paling kecil -100``."""
        lo = None if self.minimum is None else format_nilai_id(self.minimum)
        hi = None if self.maksimum is None else format_nilai_id(self.maksimum)
        if lo is not None and hi is not None:
            return f"{lo} sampai {hi}"
        if lo is not None:
            return f"paling kecil {lo}"
        if hi is not None:
            return f"paling besar {hi}"
        return "tanpa batas"

    def text_en(self) -> str:
        lo = None if self.minimum is None else format_nilai_id(self.minimum)
        hi = None if self.maksimum is None else format_nilai_id(self.maksimum)
        if lo is not None and hi is not None:
            return f"{lo} to {hi}"
        if lo is not None:
            return f"at least {lo}"
        if hi is not None:
            return f"at most {hi}"
        return "unbounded"


def _ya(value: object) -> bool | None:
    """``ya``/``tidak`` (also true/false, 1/0) of a reference column; None when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = clean_text(str(value)).lower()
    if not text or text in ("nan", "<na>"):
        return None
    return text in ("ya", "y", "true", "1", "benar")


def _angka_atau_none(value: object) -> float | None:
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def batas_indikator(
    satuan: str,
    sifat: str | None = None,
    nilai_min: object = None,
    nilai_maks: object = None,
    boleh_negatif: object = None,
) -> Batas:
    """The bounds of an indicator from its reference columns, with defaults by unit.

    Defaults: ``%`` lies in 0–100, or, where negatives are allowed (a growth rate), is at least
    -100 and implausible above 100; counts (``SATUAN_CACAH``) are not negative and whole unless
    the indicator is an average; every other unit is not negative unless negatives are allowed.
    ``nilai_min``/``nilai_maks`` given in ``indikator.csv`` replace the default bound."""
    unit = clean_text(str(satuan or "")).lower()
    negatif = bool(_ya(boleh_negatif))
    lo, hi = _angka_atau_none(nilai_min), _angka_atau_none(nilai_maks)
    wajar = None
    if unit == SATUAN_PERSEN:
        default_lo, default_hi = (-100.0, None) if negatif else (0.0, 100.0)
        if negatif and hi is None:
            wajar = 100.0
    else:
        default_lo, default_hi = (None if negatif else 0.0), None
    minimum = lo if lo is not None else default_lo
    maksimum = hi if hi is not None else default_hi
    bulat = unit in SATUAN_CACAH and sifat != "rata-rata"
    kecil = (
        unit == SATUAN_PERSEN
        or (maksimum is not None and maksimum < SKALA_KECIL)
        or (unit in SATUAN_SKALA and maksimum is None)
    )
    return Batas(minimum, maksimum, wajar, bulat, kecil)


# one thousands dot and no decimal comma: "2.125" is 2125 in Indonesian, 2,125 in English
_SATU_TITIK_RE = re.compile(r"^[-+−]?[1-9]\d{0,2}\.\d{3}\s*%?$")


def titik_ambigu(text: str) -> bool:
    """Whether ``text`` has exactly one thousands dot and no comma (``2.125``, ``1.500``)."""
    return bool(_SATU_TITIK_RE.match(clean_text(text)))
