"""Loading OPD submissions: read, validate every cell in one pass, store whole or not at all.

``ingest_files(workbook, paths)`` returns per file: ``dimuat`` (loaded), ``ditolak`` (refused:
at least one Galat, nothing stored) or ``sama`` (this exact file was loaded before: nothing
changes). Every loaded file is archived unchanged as ``data/raw/<sha256><ext>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from monev.data import readers
from monev.data.reference import Referensi, load_reference
from monev.data.store import ganti_kiriman, read_table
from monev.model import layout
from monev.model.angka import (
    EXCEL_ERRORS,
    AngkaError,
    bersihkan_teks,
    is_placeholder,
    parse_angka,
    tampak,
)
from monev.model.kode import STATUS_TL
from monev.model.periode import Periode, PeriodeError
from monev.model.workbook import Workbook

GALAT, PERINGATAN = "galat", "peringatan"

# message key → (Indonesian, English); {..} filled from the finding
PESAN = {
    "bukan_angka": (
        "{nilai!r} bukan angka format Indonesia. Tulis {contoh} (koma untuk desimal).",
        "{nilai!r} is not a number in Indonesian format. Write {contoh} (comma for decimals).",
    ),
    "galat_excel": (
        "Sel berisi galat Excel {nilai}. Perbaiki rumusnya atau ketik angkanya langsung.",
        "The cell holds the Excel error {nilai}. Fix the formula or type the number.",
    ),
    "placeholder": (
        "{nilai!r} dibaca sebagai data belum ada (bukan 0).",
        "{nilai!r} is read as missing data (not 0).",
    ),
    "persen_luar": (
        "Persentase {nilai} di luar 0–100. Tulis persen 0 sampai 100, contoh 85,5.",
        "Percentage {nilai} is outside 0–100. Write 0 to 100, e.g. 85,5.",
    ),
    "negatif": (
        "Nilai {nilai} negatif. Jumlah dan rupiah tidak boleh negatif.",
        "Value {nilai} is negative. Counts and money cannot be negative.",
    ),
    "kode_tak_dikenal": (
        "Kode {nilai!r} tidak ada di daftar {apa} OPD ini. Jangan mengubah kolom kode templat.",
        "Code {nilai!r} is not in this OPD's list of {apa}. Do not change the template's code column.",
    ),
    "duplikat": (
        "Kode {nilai!r} ditulis lebih dari sekali. Hapus baris rangkapnya.",
        "Code {nilai!r} appears more than once. Remove the duplicate row.",
    ),
    "lebih_pagu": (
        "Realisasi keuangan {nilai} melebihi pagu {pagu}. Periksa angkanya (rupiah kumulatif).",
        "Spending {nilai} exceeds the budget ceiling {pagu}. Check the figure (cumulative rupiah).",
    ),
    "pasangan": (
        "Realisasi keuangan dan fisik harus diisi keduanya.",
        "Financial and physical progress must both be filled.",
    ),
    "status": (
        "Status {nilai!r} tidak dikenal. Pilih belum, proses atau selesai.",
        "Status {nilai!r} is unknown. Choose belum, proses or selesai.",
    ),
    "tanggal": (
        "{nilai!r} bukan tanggal. Tulis tanggal, contoh 31/12/2026.",
        "{nilai!r} is not a date. Write a date, e.g. 31/12/2026.",
    ),
    "wajib": (
        "Kolom ini wajib diisi untuk tindak lanjut baru.",
        "This column is required for a new follow-up item.",
    ),
    "kolom_hilang": (
        "Kolom {nilai!r} tidak ditemukan di baris judul (baris {baris}). Pakai templat monev tanpa mengubah judul kolom.",
        "Column {nilai!r} not found in the header row (row {baris}). Use the monev template without renaming columns.",
    ),
    "lembar_hilang": (
        "Lembar {nilai!r} tidak ada. Jangan mengganti nama lembar templat.",
        "Sheet {nilai!r} is missing. Do not rename the template's sheets.",
    ),
    "meta": (
        "Tidak dapat mengenali OPD dan periode berkas. Pakai templat monev, atau beri nama berkas SINGKATAN_YYYY-MM.xlsx.",
        "Cannot tell the file's OPD and period. Use the monev template, or name the file SINGKATAN_YYYY-MM.xlsx.",
    ),
    "opd_tak_dikenal": (
        "OPD {nilai!r} tidak ada di data rujukan opd.csv.",
        "OPD {nilai!r} is not in the reference file opd.csv.",
    ),
    "ditolak": ("{nilai}", "{nilai}"),
}


@dataclass
class Temuan:
    tingkat: str
    kunci: str
    lembar: str | None = None
    sel: str | None = None
    baris: int | None = None
    kolom: str | None = None
    nilai: object = None
    ekstra: dict = field(default_factory=dict)

    def pesan(self, lang: str = "id") -> str:
        teks = PESAN[self.kunci][0 if lang == "id" else 1]
        return teks.format(
            nilai=self.nilai if not isinstance(self.nilai, str) else tampak(self.nilai),
            baris=self.baris,
            **self.ekstra,
        )


@dataclass
class HasilBerkas:
    path: Path
    status: str  # dimuat / ditolak / sama
    temuan: list[Temuan]
    kode_opd: str | None = None
    periode: str | None = None
    sha256: str | None = None

    def tabel_temuan(self, lang: str = "id") -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "berkas": self.path.name,
                    "lembar": t.lembar,
                    "sel": t.sel,
                    "baris": t.baris,
                    "kolom": t.kolom,
                    "nilai": None if t.nilai is None else tampak(t.nilai),
                    "tingkat": ("Galat" if t.tingkat == GALAT else "Peringatan")
                    if lang == "id"
                    else ("Error" if t.tingkat == GALAT else "Warning"),
                    "pesan": t.pesan(lang),
                }
                for t in self.temuan
            ],
            columns=["berkas", "lembar", "sel", "baris", "kolom", "nilai", "tingkat", "pesan"],
        )


@dataclass
class IngestResult:
    berkas: list[HasilBerkas]

    @property
    def ditolak(self) -> list[HasilBerkas]:
        return [b for b in self.berkas if b.status == "ditolak"]

    def tabel_temuan(self, lang: str = "id") -> pd.DataFrame:
        frames = [b.tabel_temuan(lang) for b in self.berkas if b.temuan]
        return (
            pd.concat(frames, ignore_index=True)
            if frames
            else HasilBerkas(Path("-"), "", []).tabel_temuan()
        )


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ------------------------------------------------------------------------------ values


def _angka(
    sel: readers.Sel, temuan: list[Temuan], contoh: str = "85,5"
) -> tuple[float | None, str | None]:
    """A cell as a number: (value, reason when missing). Errors and warnings go to ``temuan``."""
    v = sel.nilai
    if v is None:
        return None, None
    if sel.galat_excel or (isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS):
        temuan.append(
            Temuan(GALAT, "galat_excel", sel.lembar, sel.sel, sel.baris, sel.kolom, str(v))
        )
        return None, None
    if isinstance(v, bool):
        temuan.append(
            Temuan(
                GALAT,
                "bukan_angka",
                sel.lembar,
                sel.sel,
                sel.baris,
                sel.kolom,
                str(v),
                {"contoh": contoh},
            )
        )
        return None, None
    if isinstance(v, int | float):
        nilai = float(v)
        if "%" in (sel.format or ""):  # a percent-formatted cell stores 0,855 for 85,5 %
            nilai *= 100
        return nilai, None
    if isinstance(v, dt.date | dt.datetime):
        temuan.append(
            Temuan(
                GALAT,
                "bukan_angka",
                sel.lembar,
                sel.sel,
                sel.baris,
                sel.kolom,
                str(v),
                {"contoh": contoh},
            )
        )
        return None, None
    text = str(v)
    if not bersihkan_teks(text):
        return None, None
    if is_placeholder(text):
        temuan.append(
            Temuan(PERINGATAN, "placeholder", sel.lembar, sel.sel, sel.baris, sel.kolom, text)
        )
        return None, bersihkan_teks(text)
    try:
        return parse_angka(text).nilai, None
    except AngkaError:
        temuan.append(
            Temuan(
                GALAT,
                "bukan_angka",
                sel.lembar,
                sel.sel,
                sel.baris,
                sel.kolom,
                text,
                {"contoh": contoh},
            )
        )
        return None, None


def _teks(sel: readers.Sel | None) -> str | None:
    if sel is None or sel.nilai is None:
        return None
    text = bersihkan_teks(str(sel.nilai))
    return text or None


def _tanggal(sel: readers.Sel, temuan: list[Temuan]):
    v = sel.nilai
    if v is None or (isinstance(v, str) and not v.strip()):
        return None
    if isinstance(v, dt.datetime):
        return pd.Timestamp(v)
    if isinstance(v, dt.date):
        return pd.Timestamp(v)
    text = bersihkan_teks(str(v))
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return pd.Timestamp(dt.datetime.strptime(text, fmt))
        except ValueError:
            continue
    temuan.append(Temuan(GALAT, "tanggal", sel.lembar, sel.sel, sel.baris, sel.kolom, text))
    return None


# ------------------------------------------------------------------------------ parts


def _kinerja(
    tabel: readers.Tabel, ref: Referensi, kode_opd: str, periode: str, temuan: list[Temuan]
):
    ind = ref.indikator
    milik = ind[ind["kode_opd"] == kode_opd].set_index("kode_indikator")
    rows, dilihat = [], set()
    for rec in tabel.baris:
        kode = _teks(rec.get("kode_indikator"))
        if kode is None:
            continue
        sel_kode = rec["kode_indikator"]
        if kode not in milik.index:
            temuan.append(
                Temuan(
                    GALAT,
                    "kode_tak_dikenal",
                    sel_kode.lembar,
                    sel_kode.sel,
                    sel_kode.baris,
                    sel_kode.kolom,
                    kode,
                    {"apa": "indikator"},
                )
            )
            continue
        sumber = _teks(rec.get("sumber_data")) or ""
        kunci = (kode, sumber) if milik.loc[kode, "level"] == "IKU" else kode
        if kunci in dilihat:
            temuan.append(
                Temuan(
                    GALAT,
                    "duplikat",
                    sel_kode.lembar,
                    sel_kode.sel,
                    sel_kode.baris,
                    sel_kode.kolom,
                    kode,
                )
            )
            continue
        dilihat.add(kunci)
        nilai, alasan = (None, None)
        if "realisasi" in rec:
            sel = rec["realisasi"]
            nilai, alasan = _angka(sel, temuan)
            if nilai is not None:
                if milik.loc[kode, "satuan"] == "%" and not 0 <= nilai <= 100:
                    temuan.append(
                        Temuan(
                            GALAT, "persen_luar", sel.lembar, sel.sel, sel.baris, sel.kolom, nilai
                        )
                    )
                    nilai = None
                elif nilai < 0:
                    temuan.append(
                        Temuan(GALAT, "negatif", sel.lembar, sel.sel, sel.baris, sel.kolom, nilai)
                    )
                    nilai = None
        rows.append(
            dict(
                kode_opd=kode_opd,
                periode=periode,
                kode_indikator=kode,
                sumber_data=sumber,
                realisasi=nilai,
                alasan_kosong=alasan,
                kendala=_teks(rec.get("kendala")),
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "kode_opd",
            "periode",
            "kode_indikator",
            "sumber_data",
            "realisasi",
            "alasan_kosong",
            "kendala",
        ],
    )


def _anggaran(
    tabel: readers.Tabel, ref: Referensi, kode_opd: str, periode: str, temuan: list[Temuan]
):
    p = Periode.parse(periode)
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode_opd) & (ref.anggaran["tahun"] == p.tahun)]
    pagu = ang.set_index("kode_kegiatan")["pagu"]
    rows, dilihat = [], set()
    for rec in tabel.baris:
        kode = _teks(rec.get("kode_kegiatan"))
        if kode is None:
            continue
        sel_kode = rec["kode_kegiatan"]
        if kode not in pagu.index:
            temuan.append(
                Temuan(
                    GALAT,
                    "kode_tak_dikenal",
                    sel_kode.lembar,
                    sel_kode.sel,
                    sel_kode.baris,
                    sel_kode.kolom,
                    kode,
                    {"apa": "sub kegiatan"},
                )
            )
            continue
        if kode in dilihat:
            temuan.append(
                Temuan(
                    GALAT,
                    "duplikat",
                    sel_kode.lembar,
                    sel_kode.sel,
                    sel_kode.baris,
                    sel_kode.kolom,
                    kode,
                )
            )
            continue
        dilihat.add(kode)
        keu = fis = None
        if "realisasi_keuangan" in rec:
            sel = rec["realisasi_keuangan"]
            keu, _ = _angka(sel, temuan, "1.250.000")
            if keu is not None and keu < 0:
                temuan.append(
                    Temuan(GALAT, "negatif", sel.lembar, sel.sel, sel.baris, sel.kolom, keu)
                )
                keu = None
            elif keu is not None and keu > pagu[kode]:
                temuan.append(
                    Temuan(
                        GALAT,
                        "lebih_pagu",
                        sel.lembar,
                        sel.sel,
                        sel.baris,
                        sel.kolom,
                        keu,
                        {"pagu": f"{pagu[kode]:,.0f}".replace(",", ".")},
                    )
                )
                keu = None
        if "realisasi_fisik" in rec:
            sel = rec["realisasi_fisik"]
            fis, _ = _angka(sel, temuan, "45,5")
            if fis is not None and not 0 <= fis <= 100:
                temuan.append(
                    Temuan(GALAT, "persen_luar", sel.lembar, sel.sel, sel.baris, sel.kolom, fis)
                )
                fis = None
        if (keu is None) != (fis is None):
            sel = rec.get("realisasi_fisik") or sel_kode
            temuan.append(
                Temuan(PERINGATAN, "pasangan", sel.lembar, sel.sel, sel.baris, sel.kolom, None)
            )
        rows.append(
            dict(
                kode_opd=kode_opd,
                periode=periode,
                kode_kegiatan=kode,
                realisasi_keuangan=keu,
                realisasi_fisik=fis,
                kendala=_teks(rec.get("kendala")),
            )
        )
    return pd.DataFrame(
        rows,
        columns=[
            "kode_opd",
            "periode",
            "kode_kegiatan",
            "realisasi_keuangan",
            "realisasi_fisik",
            "kendala",
        ],
    )


def _tindak_lanjut(
    tabel: readers.Tabel, ref: Referensi, kode_opd: str, periode: str, temuan: list[Temuan]
):
    singkatan = ref.opd.set_index("kode_opd").loc[kode_opd, "singkatan"]
    rows, dilihat = [], set()
    for n, rec in enumerate(tabel.baris, 1):
        wajib = {c: _teks(rec.get(c)) for c in ("masalah", "tindak_lanjut", "penanggung_jawab")}
        kode = _teks(rec.get("kode_tl")) or f"TL-{periode}-{singkatan}-B{n:02d}"
        if kode in dilihat:
            sel = rec["kode_tl"]
            temuan.append(
                Temuan(GALAT, "duplikat", sel.lembar, sel.sel, sel.baris, sel.kolom, kode)
            )
            continue
        dilihat.add(kode)
        for c, v in wajib.items():
            if v is None:
                sel = rec.get(c)
                contoh = next(iter(rec.values()))
                temuan.append(
                    Temuan(
                        GALAT,
                        "wajib",
                        contoh.lembar,
                        sel.sel if sel else None,
                        contoh.baris,
                        sel.kolom if sel else c,
                        None,
                    )
                )
        status = (_teks(rec.get("status")) or "belum").lower()
        if status not in STATUS_TL:
            sel = rec["status"]
            temuan.append(
                Temuan(GALAT, "status", sel.lembar, sel.sel, sel.baris, sel.kolom, status)
            )
        batas = _tanggal(rec["batas_waktu"], temuan) if "batas_waktu" in rec else None
        rows.append(
            dict(
                kode_opd=kode_opd,
                periode=periode,
                kode_tl=kode,
                masalah=wajib["masalah"] or "",
                tindak_lanjut=wajib["tindak_lanjut"] or "",
                penanggung_jawab=wajib["penanggung_jawab"] or "",
                batas_waktu=batas,
                status=status,
                keterangan=_teks(rec.get("keterangan")),
            )
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "kode_opd",
            "periode",
            "kode_tl",
            "masalah",
            "tindak_lanjut",
            "penanggung_jawab",
            "batas_waktu",
            "status",
            "keterangan",
        ],
    )
    frame["batas_waktu"] = pd.to_datetime(frame["batas_waktu"]).astype("datetime64[us]")
    return frame


PEMBACA = {
    "kinerja": (_kinerja, "realisasi"),
    "anggaran": (_anggaran, "keuangan"),
    "tindak_lanjut": (_tindak_lanjut, "tindak_lanjut"),
}
WAJIB_KOLOM = {
    "kinerja": ("kode_indikator", "realisasi"),
    "anggaran": ("kode_kegiatan", "realisasi_keuangan", "realisasi_fisik"),
    "tindak_lanjut": ("kode_tl", "status"),
}


# ------------------------------------------------------------------------------ one file


def _identitas(
    path: Path, meta: dict, ref: Referensi, temuan: list[Temuan]
) -> tuple[str, str] | None:
    """(kode_opd, periode) from the template's _meta sheet, else from the file name."""
    kode, periode = meta.get("kode_opd"), meta.get("periode")
    if not (kode and periode):
        m = readers.NAMA_CSV.match(path.name) or readers.NAMA_XLSX.match(path.name)
        if not m:
            temuan.append(Temuan(GALAT, "meta", nilai=path.name))
            return None
        singkat = ref.opd.set_index("singkatan")["kode_opd"]
        if m.group("s").upper() not in singkat.index:
            temuan.append(Temuan(GALAT, "opd_tak_dikenal", nilai=m.group("s")))
            return None
        kode, periode = singkat[m.group("s").upper()], m.group("p")
    if kode not in set(ref.opd["kode_opd"]):
        temuan.append(Temuan(GALAT, "opd_tak_dikenal", nilai=kode))
        return None
    try:
        return kode, str(Periode.parse(periode))
    except PeriodeError:
        temuan.append(Temuan(GALAT, "meta", nilai=periode))
        return None


def periksa_berkas(path: Path, ref: Referensi) -> tuple[list[Temuan], tuple | None, str, dict]:
    """Read and validate one file: (findings, (kode_opd, periode), bagian, frames by table)."""
    temuan: list[Temuan] = []
    try:
        readers.periksa_berkas(path)
        if path.suffix.lower() == ".csv":
            m = readers.NAMA_CSV.match(path.name)
            bagian_list = [b for b in layout.BAGIAN if m and b.nama == m.group("b").lower()]
            if not bagian_list:
                raise readers.BerkasDitolak(
                    "Nama berkas CSV harus SINGKATAN_YYYY-MM_kinerja.csv, _anggaran.csv atau "
                    "_tindak_lanjut.csv, contoh DPUPR_2026-02_kinerja.csv."
                )
            tabel = {bagian_list[0].nama: readers.baca_csv(path, bagian_list[0])}
            meta, bagian = {}, bagian_list[0].nama
        else:
            meta, tabel, _ = readers.baca_xlsx(path)
            bagian = "semua"
    except readers.BerkasDitolak as exc:
        return [Temuan(GALAT, "ditolak", nilai=str(exc))], None, "", {}
    except Exception as exc:  # a broken file must be refused with a message, never crash the batch
        return (
            [
                Temuan(
                    GALAT,
                    "ditolak",
                    nilai=f"Berkas tidak dapat dibaca ({type(exc).__name__}). "
                    "Buka di Excel dan simpan ulang sebagai .xlsx.",
                )
            ],
            None,
            "",
            {},
        )
    ident = _identitas(path, meta, ref, temuan)
    if ident is None:
        return temuan, None, bagian, {}
    kode_opd, periode = ident
    frames = {}
    for b in layout.BAGIAN:
        if b.nama not in tabel:
            if bagian == "semua":
                temuan.append(Temuan(GALAT, "lembar_hilang", nilai=b.lembar))
            continue
        t = tabel[b.nama]
        hilang = [h for h, c in b.kolom if c in WAJIB_KOLOM[b.nama] and c not in t.header]
        for h in hilang:
            temuan.append(
                Temuan(
                    GALAT,
                    "kolom_hilang",
                    t.lembar,
                    baris=layout.HEADER_ROW if bagian == "semua" else 1,
                    nilai=h,
                )
            )
        if hilang:
            continue
        fungsi, table = PEMBACA[b.nama]
        frames[table] = fungsi(t, ref, kode_opd, periode, temuan)
    return temuan, ident, bagian, frames


def _penerimaan(path: Path) -> dt.datetime | None:
    log = path.parent / "penerimaan.csv"
    if not log.exists():
        return None
    frame = pd.read_csv(log, dtype=str)
    hit = frame[frame["nama_berkas"] == path.name]
    if hit.empty:
        return None
    return pd.Timestamp(hit["diterima"].iloc[0]).to_pydatetime()


def ingest_files(
    workbook: Workbook,
    paths,
    *,
    diterima: dt.datetime | None = None,
    lang: str = "id",
    ref: Referensi | None = None,
    progress: bool = False,
) -> IngestResult:
    """Load files (or folders of files) into the store; see the module docstring."""
    ref = ref or load_reference(workbook.reference)
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in (".xlsx", ".csv", ".xls", ".xlsm")
                and f.name not in ("penerimaan.csv", "masalah_tertanam.csv")
            )
        else:
            files.append(p)
    lama = read_table(workbook.store, "berkas")
    dikenal = set(zip(lama["sha256"], lama["nama_berkas"], strict=True))
    hasil = []
    iterator = files
    if progress:
        from tqdm import tqdm

        iterator = tqdm(files, desc="Memuat", unit="berkas")
    for path in iterator:
        sha = sha256(path)
        if (sha, path.name) in dikenal:
            hasil.append(HasilBerkas(path, "sama", [], sha256=sha))
            continue
        temuan, ident, bagian, frames = periksa_berkas(path, ref)
        if ident is None or any(t.tingkat == GALAT for t in temuan):
            hasil.append(HasilBerkas(path, "ditolak", temuan, *(ident or (None, None)), sha))
            continue
        kode_opd, periode = ident
        arsip = workbook.raw / f"{sha}{path.suffix.lower()}"
        arsip.parent.mkdir(parents=True, exist_ok=True)
        if not arsip.exists():
            shutil.copyfile(path, arsip)
        waktu = _penerimaan(path) or diterima or dt.datetime.now()
        berkas = dict(
            sha256=sha,
            nama_berkas=path.name,
            kode_opd=kode_opd,
            periode=periode,
            bagian=bagian,
            diterima=pd.Timestamp(waktu),
            dimuat=pd.Timestamp(dt.datetime.now()),
            arsip=str(arsip.relative_to(workbook.root).as_posix()),
            jumlah_peringatan=sum(t.tingkat == PERINGATAN for t in temuan),
        )
        for frame in frames.values():
            frame["sha256"] = sha
        tm = pd.DataFrame(
            [
                dict(
                    sha256=sha,
                    tingkat=t.tingkat,
                    lembar=t.lembar,
                    sel=t.sel,
                    kolom=t.kolom,
                    nilai=None if t.nilai is None else tampak(t.nilai),
                    pesan=t.pesan("id"),
                )
                for t in temuan
                if t.kunci != "placeholder"  # kept as realisasi.alasan_kosong instead
            ],
            columns=["sha256", "tingkat", "lembar", "sel", "kolom", "nilai", "pesan"],
        )
        ganti_kiriman(workbook.store, berkas, frames, tm)
        dikenal.add((sha, path.name))
        hasil.append(HasilBerkas(path, "dimuat", temuan, kode_opd, periode, sha))
    return IngestResult(hasil)
