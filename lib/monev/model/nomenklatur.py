"""The government-affairs nomenclature (Permendagri 90/2019 as updated, methods.md §9): levels,
their code patterns and a code's ancestors. Plain constants and functions, no pandas."""

from __future__ import annotations

import re

# level names as written in nomenklatur.csv, top down, with the segments of their codes
LEVEL_NOMENKLATUR = ("urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan")
POLA_LEVEL = {
    "urusan": r"^\d$",
    "bidang_urusan": r"^\d\.\d{2}$",
    "program": r"^\d\.\d{2}\.\d{2}$",
    "kegiatan": r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}$",
    "sub_kegiatan": r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$",
}
_SEGMEN = {"urusan": 1, "bidang_urusan": 2, "program": 3, "kegiatan": 5, "sub_kegiatan": 6}
# how a level is named in a table's column 4 / 3 and in messages
LABEL_LEVEL = {
    "urusan": "Urusan",
    "bidang_urusan": "Bidang Urusan",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "sub_kegiatan": "Sub Kegiatan",
}
# indicator level (indikator.csv) → the nomenclature level its kode_nomenklatur must have
LEVEL_INDIKATOR = {"program": "program", "kegiatan": "kegiatan"}
# end-of-plan target meaning (indikator.csv ``akhir_periode``)
AKHIR_PERIODE = ("jumlah", "tingkat")


def level_kode(kode: str) -> str | None:
    """The level a code has by its pattern, or None for a malformed code."""
    for level, pola in POLA_LEVEL.items():
        if re.fullmatch(pola, kode):
            return level
    return None


def potong(kode: str, level: str) -> str:
    """The ancestor of ``kode`` at ``level`` (``1.02.02.2.01.0001`` → program ``1.02.02``)."""
    return ".".join(kode.split(".")[: _SEGMEN[level]])


def leluhur(kode: str) -> list[tuple[str, str]]:
    """(level, kode) of ``kode`` and every ancestor, top down; [] for a malformed code."""
    own = level_kode(kode)
    if own is None:
        return []
    upto = LEVEL_NOMENKLATUR.index(own)
    return [(lv, potong(kode, lv)) for lv in LEVEL_NOMENKLATUR[: upto + 1]]
