"""The submission layout: what a filled template (.xlsx) or a CSV export looks like.

Template writer and reader both take every column from here, so the two cannot drift apart:
adding a template column means adding one ``Kolom`` to its ``Bagian`` (and, when the reader stores
it, the column to ``monev.model.schemas``).
"""

from __future__ import annotations

from dataclasses import dataclass

TEMPLATE_VERSION = "1"  # written into every template's _meta sheet
# the template versions this reader understands; a file with any other version is refused
READABLE_TEMPLATE_VERSIONS = frozenset({"1"})
META_SHEET = "_meta"  # hidden sheet: A1:B4 = kode_opd, periode, versi_template, revisi
# column A of the _meta sheet, in order; a template without ``revisi`` (older) is revision 0
META_KEYS = ("kode_opd", "periode", "versi_template", "revisi")
# A revision of a submission: ``revisi`` in ``_meta`` (the template writes 0) and/or a ``_revN``
# suffix in the file name (``DPUPR_2026-10_rev1.xlsx``, ``DPUPR_2026-10_kinerja_rev1.csv``).
REVISION_SUFFIX = r"_rev(?P<rev>\d{1,3})"
HEADER_ROW = 4  # rows 1-3 carry a title, the OPD and the period; data starts at HEADER_ROW + 1
INSTRUCTIONS_SHEET = "Petunjuk"

# who fills a column (``Kolom.filled_by``)
REFERENCE = "reference"  # pre-filled from the reference data, locked
OPD = "opd"  # the OPD fills it on every row (unlocked, yellow)
NEW_ROW = "new_row"  # the OPD fills it only on rows it adds (follow-ups); locked on carried rows


@dataclass(frozen=True)
class Kolom:
    """One template column."""

    header: str  # as written in the template's header row (and a CSV export's first line)
    name: str  # the store / internal column name
    filled_by: str = REFERENCE
    required: bool = False  # a file whose header row lacks it is refused
    width: int = 14  # Excel column width
    number_format: str | None = None  # Excel number format of the data cells
    validation: str | None = None  # Excel data validation: number, rupiah, percent, status, date


@dataclass(frozen=True)
class Bagian:
    """One part of a submission: a sheet in .xlsx, or one CSV file."""

    name: str  # internal name, also the CSV file suffix and the store's ``berkas.bagian``
    sheet: str  # sheet name
    title: str  # the sheet's title in cell A1
    store_table: str  # the store table its rows go to
    columns: tuple[Kolom, ...]

    @property
    def headers(self) -> list[str]:
        return [k.header for k in self.columns]

    @property
    def names(self) -> list[str]:
        return [k.name for k in self.columns]

    def position(self, name: str) -> int:
        """1-based column number of the column called ``name``."""
        return self.names.index(name) + 1

    def filled_by_opd(self, *, new_row: bool = False) -> set[int]:
        """1-based numbers of the columns the OPD fills (on a new row: also ``NEW_ROW`` ones)."""
        who = {OPD, NEW_ROW} if new_row else {OPD}
        return {i for i, k in enumerate(self.columns, 1) if k.filled_by in who}


KINERJA = Bagian(
    "kinerja",
    "Kinerja",
    "Laporan Realisasi Kinerja",
    "realisasi",
    (
        Kolom("Kode Indikator", "kode_indikator", required=True),
        Kolom("Indikator", "nama_indikator", width=48),
        Kolom("Satuan", "satuan"),
        Kolom("Target", "target"),
        Kolom("Realisasi", "realisasi", OPD, required=True, validation="number"),
        Kolom("Kendala / Catatan", "kendala", OPD),
        Kolom("Sumber Data", "sumber_data", OPD),
    ),
)

ANGGARAN = Bagian(
    "anggaran",
    "Anggaran",
    "Laporan Realisasi Anggaran dan Fisik",
    "keuangan",
    (
        Kolom("Kode Sub Kegiatan", "kode_kegiatan", required=True),
        Kolom("Sub Kegiatan", "nama_kegiatan", width=48),
        Kolom("Pagu (Rp)", "pagu", number_format="#,##0"),
        Kolom("Rencana s.d. Bulan Ini (Rp)", "rencana_kumulatif", number_format="#,##0"),
        Kolom(
            "Realisasi Keuangan s.d. Bulan Ini (Rp)",
            "realisasi_keuangan",
            OPD,
            required=True,
            number_format="#,##0",
            validation="rupiah",
        ),
        Kolom("Realisasi Fisik (%)", "realisasi_fisik", OPD, required=True, validation="percent"),
        Kolom("Kendala", "kendala", OPD),
    ),
)

TINDAK_LANJUT = Bagian(
    "tindak_lanjut",
    "Tindak Lanjut",
    "Tindak Lanjut Hasil Rakor",
    "tindak_lanjut",
    (
        Kolom("Kode", "kode_tl", NEW_ROW, required=True),
        Kolom("Masalah", "masalah", NEW_ROW, width=48),
        Kolom("Tindak Lanjut", "tindak_lanjut", NEW_ROW),
        Kolom("Penanggung Jawab", "penanggung_jawab", NEW_ROW),
        Kolom("Batas Waktu", "batas_waktu", NEW_ROW, number_format="DD/MM/YYYY", validation="date"),
        Kolom("Status", "status", OPD, required=True, validation="status"),
        Kolom("Keterangan", "keterangan", OPD),
    ),
)

BAGIAN = (KINERJA, ANGGARAN, TINDAK_LANJUT)


def file_name(singkatan: str, periode: str, bagian: str | None = None, revisi: int = 0) -> str:
    """File name built from codes only: ``DPUPR_2026-02.xlsx`` or ``DPUPR_2026-02_kinerja.csv``;
    a revision above 0 adds ``_revN`` (``DPUPR_2026-02_rev1.xlsx``)."""
    rev = f"_rev{revisi}" if revisi else ""
    if bagian is None:
        return f"{singkatan}_{periode}{rev}.xlsx"
    return f"{singkatan}_{periode}_{bagian}{rev}.csv"
