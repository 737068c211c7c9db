"""Decisions of the rakor (keputusan): the register the analyst fills after the meeting.

The register is a workbook ``keputusan_<periode>.xlsx`` with one sheet ``Keputusan`` (layout
``KEPUTUSAN``); each decision is one row for one OPD. A decision becomes a follow-up item (its code
``kode_tl``) that the OPD reports on in its monthly submission, as any follow-up item.

Status of a decision in a month (``STATUS_BULAN``): ``baru`` (the month it was decided),
``dalam proses`` (the OPD reported progress that month), ``selesai`` (closed that month),
``dibawa`` (not closed and no progress reported that month: carried to the next rakor).
"""

from __future__ import annotations

import re

from monev.model.layout import NEW_ROW, Bagian, Kolom

SHEET = "Keputusan"
KEPUTUSAN = Bagian(
    "keputusan",
    SHEET,
    "Register Keputusan Rapat Koordinasi",
    "keputusan",
    (
        Kolom("Kode", "kode_tl", NEW_ROW, width=24),
        Kolom("OPD", "singkatan", NEW_ROW, required=True, width=14),
        Kolom("Masalah", "masalah", NEW_ROW, required=True, width=48),
        Kolom("Keputusan", "keputusan", NEW_ROW, required=True, width=48),
        Kolom("Penanggung Jawab", "penanggung_jawab", NEW_ROW, width=24),
        Kolom("Batas Waktu", "batas_waktu", NEW_ROW, required=True, width=14,
              number_format="DD/MM/YYYY", validation="date"),
        Kolom("Keterangan", "keterangan", NEW_ROW, width=32),
    ),
)  # fmt: skip

# filled columns that may not be empty on a decision row
WAJIB = ("singkatan", "masalah", "keputusan", "batas_waktu")

STATUS_BULAN = ("baru", "dalam proses", "selesai", "dibawa")

ASAL = ("rakor", "opd")  # who opened a follow-up item: the register, or the OPD itself

_NAMA_BERKAS = re.compile(r"^keputusan_(?P<periode>\d{4}-\d{2})(?:_rev\d{1,3})?\.xlsx$", re.I)


def file_name(periode: str) -> str:
    """``keputusan_2026-10.xlsx``."""
    return f"keputusan_{periode}.xlsx"


def periode_of_file(name: str) -> str | None:
    """The period a register's file name states (``keputusan_2026-10.xlsx``), else None."""
    m = _NAMA_BERKAS.match(name)
    return m.group("periode") if m else None


def kode_keputusan(periode: str, singkatan: str, nomor: int) -> str:
    """``TL-2026-10-DPUPR-K01``: the follow-up code of an OPD's nomor-th decision of the rakor of
    ``periode`` (the ``TL-<periode>-<OPD>`` form, so an OPD reports it as its own item)."""
    return f"TL-{periode}-{singkatan}-K{nomor:02d}"


def store_schemas() -> dict:
    """The store tables of the register (pandera, imported only by those who write tables):
    ``keputusan`` — one row per decision, ``berkas_keputusan`` — the register file in force of
    each period, with its hash."""
    import pandera.pandas as pa

    from monev.model.kode import KODE_OPD_RE, PERIODE_RE

    def teks(pattern: str | None = None, nullable: bool = False):
        checks = [pa.Check.str_matches(pattern)] if pattern else []
        return pa.Column(str, checks=checks, nullable=nullable)

    keputusan = pa.DataFrameSchema(
        {
            "kode_tl": teks(),
            "periode": teks(PERIODE_RE),  # the month whose rakor decided it
            "nomor": pa.Column(int, pa.Check.ge(1)),  # order in the register
            "kode_opd": teks(KODE_OPD_RE),
            "masalah": teks(),
            "keputusan": teks(),
            "penanggung_jawab": teks(),
            "batas_waktu": pa.Column("datetime64[us]"),
            "keterangan": teks(nullable=True),
            "sha256": teks(r"^[0-9a-f]{64}$"),
        },
        unique=["kode_tl"],
        strict=True,
        coerce=True,
        name="keputusan",
    )
    berkas = pa.DataFrameSchema(
        {
            "periode": teks(PERIODE_RE),
            "sha256": teks(r"^[0-9a-f]{64}$"),
            "nama_berkas": teks(),
            "dimuat": pa.Column("datetime64[us]"),
            "arsip": teks(),
            "jumlah_keputusan": pa.Column(int, pa.Check.ge(0)),
        },
        unique=["periode"],
        strict=True,
        coerce=True,
        name="berkas_keputusan",
    )
    return {"keputusan": keputusan, "berkas_keputusan": berkas}
