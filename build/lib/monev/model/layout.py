"""The submission layout: what a filled template (.xlsx) or a CSV export looks like.

Template writer and reader both use these constants, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_VERSION = "1"
META_SHEET = "_meta"  # hidden sheet: A1:B3 = kode_opd, periode, versi_template
HEADER_ROW = 4  # rows 1-3 carry a title, the OPD and the period; data starts at HEADER_ROW + 1
PETUNJUK_SHEET = "Petunjuk"


@dataclass(frozen=True)
class Bagian:
    """One part of a submission: a sheet in .xlsx, or one CSV file."""

    nama: str  # internal name, also the CSV file suffix
    lembar: str  # sheet name
    kolom: tuple[tuple[str, str], ...]  # (header as written in the template, store column)


KINERJA = Bagian(
    "kinerja",
    "Kinerja",
    (
        ("Kode Indikator", "kode_indikator"),
        ("Indikator", "nama_indikator"),
        ("Satuan", "satuan"),
        ("Target", "target"),
        ("Realisasi", "realisasi"),
        ("Kendala / Catatan", "kendala"),
        ("Sumber Data", "sumber_data"),
    ),
)

ANGGARAN = Bagian(
    "anggaran",
    "Anggaran",
    (
        ("Kode Sub Kegiatan", "kode_kegiatan"),
        ("Sub Kegiatan", "nama_kegiatan"),
        ("Pagu (Rp)", "pagu"),
        ("Rencana s.d. Bulan Ini (Rp)", "rencana_kumulatif"),
        ("Realisasi Keuangan s.d. Bulan Ini (Rp)", "realisasi_keuangan"),
        ("Realisasi Fisik (%)", "realisasi_fisik"),
        ("Kendala", "kendala"),
    ),
)

TINDAK_LANJUT = Bagian(
    "tindak_lanjut",
    "Tindak Lanjut",
    (
        ("Kode", "kode_tl"),
        ("Masalah", "masalah"),
        ("Tindak Lanjut", "tindak_lanjut"),
        ("Penanggung Jawab", "penanggung_jawab"),
        ("Batas Waktu", "batas_waktu"),
        ("Status", "status"),
        ("Keterangan", "keterangan"),
    ),
)

BAGIAN = (KINERJA, ANGGARAN, TINDAK_LANJUT)

# Only these columns are read from a submission; the rest are pre-filled from reference data and
# shown for the OPD's convenience (targets come from target.csv, never from the OPD's file).
DIISI_OPD = {
    "kinerja": ("realisasi", "kendala", "sumber_data"),
    "anggaran": ("realisasi_keuangan", "realisasi_fisik", "kendala"),
    "tindak_lanjut": ("status", "keterangan", "masalah", "tindak_lanjut", "penanggung_jawab",
                      "batas_waktu"),
}  # fmt: skip


def nama_berkas(singkatan: str, periode: str, bagian: str | None = None) -> str:
    """File name built from codes only: ``DPUPR_2026-02.xlsx`` or ``DPUPR_2026-02_kinerja.csv``."""
    if bagian is None:
        return f"{singkatan}_{periode}.xlsx"
    return f"{singkatan}_{periode}_{bagian}.csv"
