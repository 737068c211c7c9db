"""The ingest message catalogue and the one way to make a finding.

Every problem ingest reports is a ``Finding``: a message key of ``MESSAGES`` (which fixes its
severity and its Indonesian and English text), where it is (sheet, cell, row, column header) and
the value as found. ``finding(key, at, value)`` builds one; nothing else constructs a ``Finding``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from monev.data.readers import FILE_MESSAGES, Cell
from monev.model.angka import format_nilai_id, format_tanggal_id, visible

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
    "luar_batas": Message(
        ERROR,
        "Nilai {value} tidak mungkin untuk indikator {kode} (satuan {satuan}: {batas}). Periksa "
        "angka dan satuannya.",
        "Value {value} is impossible for indicator {kode} (unit {satuan}: {batas_en}). Check "
        "the figure and its unit.",
    ),
    "tak_wajar": Message(
        WARNING,
        "Nilai {value} tidak wajar untuk indikator {kode} (satuan {satuan}; biasanya paling "
        "besar {wajar}). Dimuat, tetapi periksa kembali.",
        "Value {value} is implausible for indicator {kode} (unit {satuan}; usually at most "
        "{wajar}). Loaded, but check it.",
    ),
    "bukan_bulat": Message(
        ERROR,
        "Nilai {value} bukan bilangan bulat, padahal indikator {kode} (satuan {satuan}) "
        "dihitung utuh. Tulis jumlah utuh, contoh {contoh}.",
        "Value {value} is not a whole number, but indicator {kode} (unit {satuan}) is counted "
        "whole. Write a whole count, e.g. {contoh}.",
    ),
    "terlalu_besar": Message(
        ERROR,
        "Nilai {value} terlalu besar (batas {batas}): bukan angka yang mungkin. Ketik angkanya "
        "langsung, tanpa rumus atau format ilmiah.",
        "Value {value} is too large (limit {batas}): not a possible figure. Type the number "
        "directly, without a formula or scientific notation.",
    ),
    "persen_bukan_satuan": Message(
        ERROR,
        "Sel ini berformat persen (tampil {tampil} %) tetapi satuan indikator {kode} adalah "
        "{satuan}: maksudnya {tampil} atau {value}? Hapus format persen dan ketik angkanya dalam "
        "{satuan}.",
        "This cell is formatted as a percentage (shows {tampil} %) but indicator {kode} is in "
        "{satuan}: did you mean {tampil} or {value}? Remove the percent format and type the "
        "figure in {satuan}.",
    ),
    "persen_rupiah": Message(
        ERROR,
        "Realisasi keuangan ditulis sebagai persen ({tampil} %), padahal harus rupiah. Hapus "
        "format atau tanda persen dan ketik rupiahnya, contoh 1.250.000.",
        "Spending is written as a percentage ({tampil} %), but it must be in rupiah. Remove the "
        "percent format or sign and type the rupiah, e.g. 1.250.000.",
    ),
    "persen_teks_bukan_satuan": Message(
        ERROR,
        "{value!r} ditulis dengan tanda %, tetapi satuan indikator {kode} adalah {satuan}. Tulis "
        "angkanya dalam {satuan}, tanpa %.",
        "{value!r} is written with a % sign, but indicator {kode} is in {satuan}. Write the "
        "figure in {satuan}, without %.",
    ),
    "titik_ambigu": Message(
        ERROR,
        "{value!r} ambigu: titik di sini dibaca sebagai pemisah ribuan ({ribuan}), padahal "
        "nilai indikator {kode} (satuan {satuan}) kecil. Tulis {contoh} bila maksudnya desimal "
        "(koma untuk desimal).",
        "{value!r} is ambiguous: the dot reads as a thousands separator ({ribuan}), but the "
        "values of indicator {kode} (unit {satuan}) are small. Write {contoh} if a decimal is "
        "meant (comma for decimals).",
    ),
    "kosong": Message(
        WARNING,
        "Berkas kosong: hanya {terisi} dari {harap} sel realisasi terisi (di bawah {ambang} %). "
        "Dicatat sebagai kiriman berstatus kosong; tidak ada data yang dimuat. Isi realisasi "
        "lalu kirim ulang.",
        "Blank file: only {terisi} of {harap} realisasi cells are filled (below {ambang} %). "
        "Recorded as a submission with status kosong (blank); no data was loaded. Fill in the "
        "realisasi and send it again.",
    ),
    "tl_opd_lain": Message(
        ERROR,
        "Kode tindak lanjut {value!r} milik OPD {pemilik}, bukan {opd}. Jangan menyalin baris "
        "tindak lanjut OPD lain; kosongkan kodenya untuk tindak lanjut baru.",
        "Follow-up code {value!r} belongs to OPD {pemilik}, not {opd}. Do not copy another "
        "OPD's follow-up rows; leave the code empty for a new follow-up.",
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
    # the submission's identity (OPD, periode, part) and its revision: ``ingest.identity``
    "periode_beda": Message(
        ERROR,
        "Berkas {berkas}: periode menurut {sumber} adalah {value!r}, tetapi menurut {sumber_lain} "
        "{lain!r}. Kemungkinan berkas bulan lain dipakai ulang: isi templat bulan yang benar "
        "(monev template), atau pindahkan berkas ke folder bulannya.",
        "File {berkas}: the period according to {source} is {value!r}, but according to "
        "{source_other} it is {lain!r}. Probably another month's file was used again: fill in "
        "the right month's template (monev template), or move the file to its month's folder.",
    ),
    "opd_beda": Message(
        ERROR,
        "Berkas {berkas}: OPD menurut {sumber} adalah {value!r}, tetapi menurut {sumber_lain} "
        "{lain!r}. Beri nama berkas sesuai isinya (SINGKATAN_YYYY-MM.xlsx) atau pakai templat "
        "OPD yang benar.",
        "File {berkas}: the OPD according to {source} is {value!r}, but according to "
        "{source_other} it is {lain!r}. Name the file after its content (SINGKATAN_YYYY-MM.xlsx) "
        "or use the right OPD's template.",
    ),
    "revisi_beda": Message(
        ERROR,
        "Berkas {berkas}: revisi menurut {sumber} adalah {value!r}, tetapi menurut {sumber_lain} "
        "{lain!r}. Samakan keduanya: nama ..._revN dan revisi N di lembar _meta.",
        "File {berkas}: the revision according to {source} is {value!r}, but according to "
        "{source_other} it is {lain!r}. Make them agree: name ..._revN and revision N in sheet "
        "_meta.",
    ),
    "revisi_tak_sah": Message(
        ERROR,
        "Berkas {berkas}: revisi {value!r} di lembar _meta bukan bilangan bulat 0 atau lebih. "
        "Tulis 0 untuk kiriman pertama, 1 untuk perbaikan pertama, dan seterusnya.",
        "File {berkas}: revision {value!r} in sheet _meta is not a whole number 0 or more. Write "
        "0 for the first submission, 1 for the first correction, and so on.",
    ),
    "basis_data_sibuk": Message(
        ERROR,
        "Belum dimuat: basis data diambil program lain saat pemuatan berjalan ({sebab}). Berkas "
        "yang tercatat dimuat di atas sudah tersimpan; jalankan monev ingest lagi untuk yang ini.",
        "Not loaded: another program took the store while loading ({sebab}). The files listed "
        "as loaded above are stored; run monev ingest again for this one.",
    ),
    "kiriman_ganda": Message(
        ERROR,
        "Berkas {berkas} dan {lain} sama-sama kiriman {opd} periode {periode} revisi {revisi}; "
        "berkas ini ditolak. Simpan hanya satu di folder, atau tandai yang lebih baru sebagai "
        "revisi: nama berkas ..._rev{revisi_baru} (atau naikkan revisi di lembar _meta).",
        "Files {berkas} and {lain} are both the submission of {opd} for {periode}, revision "
        "{revisi}; this file is refused. Keep only one in the folder, or mark the newer one as a "
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
    "nama_csv": Message(
        ERROR,
        "Nama berkas CSV harus SINGKATAN_YYYY-MM{bagian}, contoh {contoh}.",
        "A CSV file must be named SINGKATAN_YYYY-MM{bagian_en}, e.g. {contoh}.",
    ),
    "berkas_berubah": Message(
        ERROR,
        "Berkas berubah saat sedang dimuat. Tunggu sampai berkas selesai disalin, lalu ulangi "
        "perintah ini.",
        "The file changed while it was being loaded. Wait until it has been copied completely, "
        "then run this command again.",
    ),
    "tak_terbaca": Message(
        ERROR,
        "Berkas tidak dapat dibaca ({value}). Buka di Excel dan simpan ulang sebagai .xlsx.",
        "The file cannot be read ({value}). Open it in Excel and save it again as .xlsx.",
    ),
    # the refusals of a whole file by the readers (monev.data.readers.FILE_MESSAGES)
    **{key: Message(ERROR, id_, en) for key, (id_, en) in FILE_MESSAGES.items()},
}

MAX_SHOWN = 60  # a value longer than this is cut in messages, with its length


class Shown(str):
    """A value as a message shows it; when cut, ``repr`` quotes only the kept part
    (``'xxxx…' (100.000 karakter)``)."""

    head: str
    note: str

    def __new__(cls, head: str, note: str = "") -> Shown:
        self = super().__new__(cls, head + note)
        self.head, self.note = head, note
        return self

    def __repr__(self) -> str:
        return repr(self.head) + self.note


def shown(value: object, lang: str = "id") -> Shown | None:
    """A value as a finding shows it: text with invisible characters made visible, numbers the
    Indonesian way (``1.234,5``, ``0,855``), dates as ``31 Oktober 2026``; cut after
    ``MAX_SHOWN`` characters, with its length."""
    if value is None:
        return None
    if isinstance(value, dt.date):  # datetime and pandas' Timestamp are dates too
        text = format_tanggal_id(value, lang)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = format_nilai_id(float(value))
    else:
        text = visible(value)
    if len(text) <= MAX_SHOWN:
        return Shown(text)
    count = format_nilai_id(len(text))
    note = f" ({count} karakter)" if lang == "id" else f" ({count} characters)"
    return Shown(text[:MAX_SHOWN] + "…", note)


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
        extra = {k: _field(v, lang) for k, v in self.extra.items()}
        return text.format(value=shown(self.value, lang), row=self.row, sheet=self.sheet, **extra)


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


def _field(value: object, lang: str) -> object:
    """A further field of a message: numbers and dates the Indonesian way, long texts cut."""
    if isinstance(value, int | float | dt.date) and not isinstance(value, bool):
        return shown(value, lang)
    if isinstance(value, str) and len(value) > MAX_SHOWN:
        return shown(value, lang)
    return value
