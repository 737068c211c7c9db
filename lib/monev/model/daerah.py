"""The regency's identity: its name, its government and its coordination lines.

The workbook is for any regency or city (the bundled sample is one). The identity lives in
the workbook (``data/reference/daerah.yaml``) and reaches every page through the period context,
so no page names a regency on its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

# the meeting's title when daerah.yaml names none
JUDUL_RAKOR = "Rapat Koordinasi Monitoring dan Evaluasi Kinerja OPD"


class DaerahError(ValueError):
    """A daerah.yaml that misses a field or gives one of the wrong kind."""


@dataclass(frozen=True)
class Asisten:
    """One coordination line of the Setda: its code in opd.csv and its full title."""

    kode: str  # as in opd.csv's ``asisten`` column, e.g. "II"
    nama: str  # e.g. "Asisten Ekonomi dan Pembangunan"

    @property
    def label(self) -> str:
        """How a page names the line: "Asisten II"."""
        return f"Asisten {self.kode}"


@dataclass(frozen=True)
class Daerah:
    """Who the reports are for. ``nama`` is the regency or city as written in a heading
    ("Kabupaten Contoh"); ``pemerintah`` the government issuing the reports."""

    nama: str
    asisten: tuple[Asisten, ...]
    pemerintah: str = ""
    judul_rakor: str = JUDUL_RAKOR
    catatan: str = ""
    _kode: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.nama.strip():
            raise DaerahError("nama daerah kosong.")
        if not self.asisten:
            raise DaerahError("daftar asisten kosong: tulis setidaknya satu garis koordinasi.")
        kode = [a.kode for a in self.asisten]
        if len(set(kode)) != len(kode):
            raise DaerahError(f"kode asisten ganda: {', '.join(kode)}.")
        if not self.pemerintah:
            object.__setattr__(self, "pemerintah", f"Pemerintah {self.nama}")
        object.__setattr__(self, "_kode", frozenset(kode))

    @property
    def kode_asisten(self) -> tuple[str, ...]:
        return tuple(a.kode for a in self.asisten)

    def cari_asisten(self, kode: str) -> Asisten:
        for a in self.asisten:
            if a.kode == kode:
                return a
        raise DaerahError(
            f"Asisten {kode!r} tidak ada di daerah.yaml; yang ada: {', '.join(self.kode_asisten)}."
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Daerah:
        """From the parsed ``daerah.yaml``; every problem named in Indonesian."""
        if not isinstance(data, Mapping):
            raise DaerahError("daerah.yaml harus berisi pasangan kunci: nilai (nama, asisten, …).")
        dikenal = {"nama", "pemerintah", "asisten", "judul_rakor", "catatan"}
        asing = sorted(set(data) - dikenal)
        if asing:
            raise DaerahError(
                f"kunci tidak dikenal di daerah.yaml: {', '.join(map(str, asing))}; "
                f"yang dikenal: {', '.join(sorted(dikenal))}."
            )
        for kunci in ("nama", "pemerintah", "judul_rakor", "catatan"):
            if kunci in data and not isinstance(data[kunci], str):
                raise DaerahError(f"{kunci} di daerah.yaml harus teks; tertulis {data[kunci]!r}.")
        if not isinstance(data.get("nama"), str):
            raise DaerahError("daerah.yaml harus menyebut nama, contoh: nama: Kabupaten Contoh")
        baris = data.get("asisten")
        if not isinstance(baris, list) or not all(
            isinstance(b, Mapping) and {"kode", "nama"} <= set(b) for b in baris
        ):
            raise DaerahError(
                "asisten di daerah.yaml harus daftar berisi kode dan nama, contoh:\n"
                "asisten:\n  - {kode: II, nama: Asisten Ekonomi dan Pembangunan}"
            )
        return cls(
            nama=data["nama"].strip(),
            pemerintah=str(data.get("pemerintah", "")).strip(),
            asisten=tuple(Asisten(str(b["kode"]).strip(), str(b["nama"]).strip()) for b in baris),
            judul_rakor=str(data.get("judul_rakor", JUDUL_RAKOR)),
            catatan=str(data.get("catatan", "")),
        )
