"""The strict Indonesian number grammar for OPD data.

Accepted: ``85``, ``85,5``, ``1.234.567``, ``2.500.000,50``, ``-3,2``, optionally ending in ``%``.
Refused (``AngkaError``): ``85.5`` and ``0.1`` (English decimals, which pandas' thousands option
would silently read as 855 or 1), misplaced thousands dots, text, and several numbers in one cell.
Placeholders (``-``, ``n/a``, ``belum ada data`` ...) are recognised separately: they mean
"missing, with a reason", never 0.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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


def format_angka_id(nilai: float, desimal: int = 2) -> str:
    """Write ``nilai`` in Indonesian format (``1.234,50``), through babel's ``id`` locale."""
    pola = "#,##0" + ("." + "0" * desimal if desimal > 0 else "")
    return format_decimal(nilai, format=pola, locale="id")
