"""The period type: a calendar month written ``YYYY-MM`` (e.g. ``2026-02``).

One parser for every period string in the workbook, so a CLI option, a YAML value and a stored
column all mean the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_PERIODE_RE = re.compile(r"^(\d{4})-(\d{2})$")

NAMA_BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip


class PeriodeError(ValueError):
    """A period string that is not ``YYYY-MM``."""


@dataclass(frozen=True, order=True)
class Periode:
    tahun: int
    bulan: int

    @classmethod
    def parse(cls, value: object) -> Periode:
        """Parse ``2026-02`` (also a ``date``/``datetime`` or a ``Periode``)."""
        if isinstance(value, Periode):
            return value
        if isinstance(value, dt.date):
            return cls(value.year, value.month)
        text = str(value).strip()
        m = _PERIODE_RE.match(text)
        if not m:
            raise PeriodeError(
                f"Periode {text!r} tidak dikenali: tulis tahun-bulan, contoh 2026-02."
            )
        tahun, bulan = int(m.group(1)), int(m.group(2))
        if not 1 <= bulan <= 12 or not 2000 <= tahun <= 2100:
            raise PeriodeError(f"Periode {text!r} di luar jangkauan: contoh yang benar 2026-02.")
        return cls(tahun, bulan)

    def __str__(self) -> str:
        return f"{self.tahun:04d}-{self.bulan:02d}"

    @property
    def triwulan(self) -> int:
        return (self.bulan - 1) // 3 + 1

    @property
    def label(self) -> str:
        """Indonesian label, e.g. ``Februari 2026``."""
        return f"{NAMA_BULAN[self.bulan - 1]} {self.tahun}"

    @property
    def akhir(self) -> dt.date:
        """Last day of the month."""
        nxt = self.tambah(1)
        return dt.date(nxt.tahun, nxt.bulan, 1) - dt.timedelta(days=1)

    def tambah(self, bulan: int) -> Periode:
        """This period shifted by ``bulan`` months (negative goes back)."""
        idx = self.tahun * 12 + (self.bulan - 1) + bulan
        return Periode(idx // 12, idx % 12 + 1)

    def batas_kirim(self, hari: int) -> dt.date:
        """Submission deadline: day ``hari`` of the following month."""
        nxt = self.tambah(1)
        return dt.date(nxt.tahun, nxt.bulan, hari)


def rentang_periode(awal: Periode | str, akhir: Periode | str) -> list[Periode]:
    """All months from ``awal`` to ``akhir`` inclusive."""
    a, b = Periode.parse(awal), Periode.parse(akhir)
    n = (b.tahun * 12 + b.bulan) - (a.tahun * 12 + a.bulan)
    return [a.tambah(i) for i in range(n + 1)]
