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


_JENDELA_RE = re.compile(r"^(\d{4})(?:-(?:TW|T)?([1-4]))?$", re.I)
ROMAWI = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Jendela:
    """A window of months for the quarter and year packs: ``triwulan`` 1–4 of a year, or the
    whole ``tahun`` (``triwulan`` None)."""

    tahun: int
    triwulan: int | None = None

    @classmethod
    def parse(cls, value: object, *, jenis: str) -> Jendela:
        """``jenis`` "triwulan": ``2026-T3`` (also ``2026-TW3``, ``2026-3``); "tahun": ``2026``."""
        text = str(value).strip()
        m = _JENDELA_RE.match(text)
        if jenis == "triwulan" and (m is None or m.group(2) is None):
            raise PeriodeError(
                f"Triwulan {text!r} tidak dikenali: tulis tahun-T dan nomor triwulan, "
                "contoh 2026-T3 untuk Juli–September 2026."
            )
        if jenis == "tahun" and (m is None or m.group(2) is not None):
            raise PeriodeError(f"Tahun {text!r} tidak dikenali: tulis empat angka, contoh 2026.")
        tahun = int(m.group(1))
        if not 2000 <= tahun <= 2100:
            raise PeriodeError(f"Tahun {tahun} di luar jangkauan: contoh yang benar 2026.")
        return cls(tahun, int(m.group(2)) if jenis == "triwulan" else None)

    @classmethod
    def dari_kode(cls, kode: str) -> Jendela | None:
        """The window of a file-name part (``tw3_2026``, ``tahun_2026``; see ``kode``), or None."""
        jenis, _, tahun = kode.partition("_")
        if not (tahun.isdigit() and len(tahun) == 4):
            return None
        if jenis == "tahun":
            return cls(int(tahun))
        if jenis in ("tw1", "tw2", "tw3", "tw4"):
            return cls(int(tahun), int(jenis[2]))
        return None

    @property
    def bulan(self) -> list[Periode]:
        """The window's months, in order."""
        if self.triwulan is None:
            return rentang_periode(Periode(self.tahun, 1), Periode(self.tahun, 12))
        awal = Periode(self.tahun, 3 * self.triwulan - 2)
        return rentang_periode(awal, awal.tambah(2))

    @property
    def label(self) -> str:
        """``Triwulan III 2026`` or ``Tahun 2026``."""
        if self.triwulan is None:
            return f"Tahun {self.tahun}"
        return f"Triwulan {ROMAWI[self.triwulan - 1]} {self.tahun}"

    @property
    def kode(self) -> str:
        """The file-name part: ``tw3_2026`` or ``tahun_2026``."""
        return f"tahun_{self.tahun}" if self.triwulan is None else f"tw{self.triwulan}_{self.tahun}"
