"""The ingest message catalogue and the one way to make a finding.

Every problem ingest reports is a ``Finding``: a message key of ``MESSAGES`` (which fixes its
severity and its Indonesian and English text), where it is (sheet, cell, row, column header) and
the value as found. ``finding(key, at, value)`` builds one; nothing else constructs a ``Finding``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from monev.data.readers import Cell
from monev.model.angka import format_angka_id, visible

ERROR, WARNING = "galat", "peringatan"  # the severities, as the store's temuan_muat.tingkat


@dataclass(frozen=True)
class Message:
    severity: str
    id: str  # Indonesian, the default
    en: str  # for ``--lang en``


# message key → severity and text; {value}, {row} and the finding's extra fields are filled in
MESSAGES = {
    "bukan_angka": Message(
        ERROR,
        "{value!r} bukan angka format Indonesia. Tulis {contoh} (koma untuk desimal).",
        "{value!r} is not a number in Indonesian format. Write {contoh} (comma for decimals).",
    ),
    "galat_excel": Message(
        ERROR,
        "Sel berisi galat Excel {value}. Perbaiki rumusnya atau ketik angkanya langsung.",
        "The cell holds the Excel error {value}. Fix the formula or type the number.",
    ),
    "placeholder": Message(
        WARNING,
        "{value!r} dibaca sebagai data belum ada (bukan 0).",
        "{value!r} is read as missing data (not 0).",
    ),
    "persen_luar": Message(
        ERROR,
        "Persentase {value} di luar 0–100. Tulis persen 0 sampai 100, contoh 85,5.",
        "Percentage {value} is outside 0–100. Write 0 to 100, e.g. 85,5.",
    ),
    "negatif": Message(
        ERROR,
        "Nilai {value} negatif. Jumlah dan rupiah tidak boleh negatif.",
        "Value {value} is negative. Counts and money cannot be negative.",
    ),
    "kode_tak_dikenal": Message(
        ERROR,
        "Kode {value!r} tidak ada di daftar {apa} OPD ini. Jangan mengubah kolom kode templat.",
        "Code {value!r} is not in this OPD's list of {apa}. Do not change the template's code "
        "column.",
    ),
    "duplikat": Message(
        ERROR,
        "Kode {value!r} ditulis lebih dari sekali. Hapus baris rangkapnya.",
        "Code {value!r} appears more than once. Remove the duplicate row.",
    ),
    "lebih_pagu": Message(
        ERROR,
        "Realisasi keuangan {value} melebihi pagu {pagu}. Periksa angkanya (rupiah kumulatif).",
        "Spending {value} exceeds the budget ceiling {pagu}. Check the figure (cumulative rupiah).",
    ),
    "pasangan": Message(
        WARNING,
        "Realisasi keuangan dan fisik harus diisi keduanya.",
        "Financial and physical progress must both be filled.",
    ),
    "status": Message(
        ERROR,
        "Status {value!r} tidak dikenal. Pilih belum, proses atau selesai.",
        "Status {value!r} is unknown. Choose belum, proses or selesai.",
    ),
    "tanggal": Message(
        ERROR,
        "{value!r} bukan tanggal. Tulis tanggal, contoh 31/12/2026.",
        "{value!r} is not a date. Write a date, e.g. 31/12/2026.",
    ),
    "wajib": Message(
        ERROR,
        "Kolom ini wajib diisi untuk tindak lanjut baru.",
        "This column is required for a new follow-up item.",
    ),
    "kolom_hilang": Message(
        ERROR,
        "Kolom {value!r} tidak ditemukan di baris judul (baris {row}). Pakai templat monev tanpa "
        "mengubah judul kolom.",
        "Column {value!r} not found in the header row (row {row}). Use the monev template without "
        "renaming columns.",
    ),
    "lembar_hilang": Message(
        ERROR,
        "Lembar {value!r} tidak ada. Jangan mengganti nama lembar templat.",
        "Sheet {value!r} is missing. Do not rename the template's sheets.",
    ),
    "meta": Message(
        ERROR,
        "Tidak dapat mengenali OPD dan periode berkas. Pakai templat monev, atau beri nama berkas "
        "SINGKATAN_YYYY-MM.xlsx.",
        "Cannot tell the file's OPD and period. Use the monev template, or name the file "
        "SINGKATAN_YYYY-MM.xlsx.",
    ),
    "opd_tak_dikenal": Message(
        ERROR,
        "OPD {value!r} tidak ada di data rujukan opd.csv.",
        "OPD {value!r} is not in the reference file opd.csv.",
    ),
    "versi_template": Message(
        ERROR,
        "Berkas {berkas}: lembar {sheet} menyebut versi templat {value!r}, sedangkan monev ini "
        "hanya membaca versi {harap}. Isi ulang data pada templat dari perintah `monev template` "
        "(atau perbarui monev bila templat ini lebih baru).",
        "File {berkas}: sheet {sheet} gives template version {value!r}, but this monev reads only "
        "version {harap}. Fill in a template made by `monev template` (or update monev if this "
        "template is newer).",
    ),
    "ditolak": Message(ERROR, "{value}", "{value}"),
    # the submission's identity (OPD, periode, part) and its revision: ``ingest.identity``
    "identitas_beda": Message(
        ERROR,
        "Berkas {berkas}: {apa} menurut {sumber} adalah {value!r}, tetapi menurut {sumber_lain} "
        "{lain!r}. {saran}",
        "File {berkas}: the {apa_en} according to {source} is {value!r}, but according to "
        "{source_other} it is {lain!r}. {advice}",
    ),
    "revisi_tak_sah": Message(
        ERROR,
        "Berkas {berkas}: revisi {value!r} di lembar _meta bukan bilangan bulat 0 atau lebih. "
        "Tulis 0 untuk kiriman pertama, 1 untuk perbaikan pertama, dan seterusnya.",
        "File {berkas}: revision {value!r} in sheet _meta is not a whole number 0 or more. Write "
        "0 for the first submission, 1 for the first correction, and so on.",
    ),
    "kiriman_ganda": Message(
        ERROR,
        "Berkas {berkas} dan {lain} sama-sama kiriman {opd} periode {periode} revisi {revisi}; "
        "keduanya ditolak. Simpan hanya satu di folder, atau tandai yang lebih baru sebagai "
        "revisi: nama berkas ..._rev{revisi_baru} (atau naikkan revisi di lembar _meta).",
        "Files {berkas} and {lain} are both the submission of {opd} for {periode}, revision "
        "{revisi}; both are refused. Keep only one in the folder, or mark the newer one as a "
        "revision: file name ..._rev{revisi_baru} (or raise the revision in sheet _meta).",
    ),
    "revisi_lama": Message(
        WARNING,
        "Berkas ini revisi {value} kiriman {opd} periode {periode}; yang berlaku {lain} revisi "
        "{revisi_lain}. Berkas dicatat di riwayat dan diarsipkan, tetapi datanya tidak dipakai.",
        "This file is revision {value} of the submission of {opd} for {periode}; {lain}, "
        "revision {revisi_lain}, is in force. The file is recorded in the history and archived, "
        "but its data is not used.",
    ),
}


def shown(value: object) -> str | None:
    """A value as a finding shows it: text with invisible characters made visible, numbers the
    Indonesian way (``1.234,5``)."""
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_angka_id(float(value), 2).removesuffix(",00")
    return visible(value)


@dataclass(frozen=True)
class Finding:
    severity: str  # ERROR (the file is refused) or WARNING
    message_key: str
    sheet: str | None = None
    cell: str | None = None  # A1 notation
    row: int | None = None
    column: str | None = None  # header as written
    value: object = None  # as found
    extra: dict = field(default_factory=dict)  # further fields of the message text

    def message(self, lang: str = "id") -> str:
        catalogue = MESSAGES[self.message_key]
        text = catalogue.id if lang == "id" else catalogue.en
        return text.format(value=shown(self.value), row=self.row, sheet=self.sheet, **self.extra)


def finding(
    key: str,
    at: Cell | None = None,
    value: object = None,
    *,
    sheet: str | None = None,
    row: int | None = None,
    column: str | None = None,
    **extra: object,
) -> Finding:
    """The finding ``key`` of ``MESSAGES`` for the value found at cell ``at`` (or, where there is
    no cell, at ``sheet``/``row``/``column``); ``extra`` fills the rest of the message text."""
    if key not in MESSAGES:
        raise KeyError(f"no message {key!r} in the ingest catalogue")
    if at is not None:
        sheet, row, column = at.sheet, at.row, at.header
    return Finding(
        MESSAGES[key].severity,
        key,
        sheet,
        None if at is None else at.ref,
        row,
        column,
        value,
        dict(extra),
    )
