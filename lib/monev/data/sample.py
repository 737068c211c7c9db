"""A realistic, synthetic Kabupaten Gunung Mas workbook, generated deterministically from a seed.

``generate_sample(root, seed, dari, sampai, opd)`` writes reference files, monthly OPD
submissions (filled .xlsx templates; a few OPDs as ``;`` CSV), the receipt log and the list of
planted data problems. Anchored on published figures (shared domain notes, gunung-mas.md); every
value is synthetic. Nothing reads the clock: the same seed gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from monev.data.reference import DAERAH_FILE, Referensi, load_reference
from monev.data.sample_hierarki import pasang_hierarki
from monev.data.template import write_submission, write_submission_csv, write_template
from monev.model import layout
from monev.model.angka import SATUAN_CACAH, format_angka_id
from monev.model.kode import FREKUENSI, KAS_COLUMNS
from monev.model.periode import Periode, rentang_periode

# (singkatan, nama, asisten, urusan.bidang) — coordination lines assumed (see data/sample/README.md)
OPD = [
    ("BAPPERIDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "II", "5.01"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "II", "1.03"),
    ("PERKIM", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "II", "1.04"),
    ("DISHUB", "Dinas Perhubungan", "II", "2.15"),
    ("DLH", "Dinas Lingkungan Hidup", "II", "2.11"),
    ("DISTAN", "Dinas Pertanian", "II", "3.27"),
    ("DISKAN", "Dinas Perikanan", "II", "3.25"),
    ("DKP", "Dinas Ketahanan Pangan", "II", "2.09"),
    ("DISPERINDAG", "Dinas Perdagangan dan Perindustrian", "II", "3.30"),
    ("DISNAKERKOP", "Dinas Transmigrasi, Tenaga Kerja, Koperasi dan UKM", "II", "2.07"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "II", "2.18"),
    ("DISPAR", "Dinas Pariwisata", "II", "3.26"),
    ("BAGEKBANG", "Bagian Perekonomian dan Pembangunan Setda", "II", "4.01"),
    ("BAGPBJ", "Bagian Pengadaan Barang dan Jasa Setda", "II", "4.01"),
    ("DINKES", "Dinas Kesehatan", "I", "1.02"),
    ("RSUD", "RSUD Kuala Kurun", "I", "1.02"),
    ("DISDIKPORA", "Dinas Pendidikan, Kepemudaan dan Olahraga", "I", "1.01"),
    ("DINSOS", "Dinas Sosial", "I", "1.06"),
    (
        "DPPKBP3A",
        "Dinas Pengendalian Penduduk dan KB, Pemberdayaan Perempuan dan Perlindungan Anak",
        "I",
        "2.14",
    ),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "I", "1.05"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah", "I", "1.05"),
    ("DUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "I", "2.12"),
    ("DPMD", "Dinas Pemberdayaan Masyarakat dan Desa", "I", "2.13"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "I", "8.01"),
    *[
        (f"KEC-{s}", f"Kecamatan {n}", "I", "7.01")
        for s, n in (
            ("KURUN", "Kurun"),
            ("SEPANG", "Sepang"),
            ("MIHING", "Mihing Raya"),
            ("TEWAH", "Tewah"),
            ("KHU", "Kahayan Hulu Utara"),
            ("DAMANG", "Damang Batu"),
            ("MIRI", "Miri Manasa"),
            ("RUNGAN", "Rungan"),
            ("RUNGANHULU", "Rungan Hulu"),
            ("RUNGANBARAT", "Rungan Barat"),
            ("MANUHING", "Manuhing"),
            ("MANUHINGRAYA", "Manuhing Raya"),
        )
    ],
    ("BKAD", "Badan Keuangan dan Aset Daerah", "III", "5.02"),
    ("BAPENDA", "Badan Pendapatan Daerah", "III", "5.02"),
    ("BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "III", "5.03"),
    ("DISKOMINFO", "Dinas Komunikasi, Informatika, Statistik dan Persandian", "III", "2.16"),
    ("DISPUSIP", "Dinas Perpustakaan dan Kearsipan", "III", "2.23"),
    ("SETWAN", "Sekretariat DPRD", "III", "4.02"),
    ("INSPEKTORAT", "Inspektorat", "III", "6.01"),
]

# Pagu scale per OPD (Rp miliar); the rest draw 3–25 (kecamatan 2–4), all scaled to ~Rp 1,35 T.
PAGU_BESAR = {
    "DISDIKPORA": 290,
    "DPUPR": 260,
    "DINKES": 180,
    "RSUD": 95,
    "BKAD": 120,
    "SETWAN": 45,
    "PERKIM": 40,
    "DISTAN": 30,
}
APBD_BELANJA = 1.35e12

IKU = [
    # kode, nama, satuan, polaritas, arah, target 2025, 2026, akhir 2029 (tuple = range)
    ("IKU-01", "Persentase penduduk miskin (P0)", "%", "negatif", None, 5.40, 5.20, 4.50),
    ("IKU-02", "Prevalensi stunting balita", "%", "negatif", None, 14.0, 13.0, 10.0),
    ("IKU-03", "Indeks Pembangunan Manusia (IPM)", "indeks", "positif", None, 72.9, 73.5, 75.5),
    ("IKU-04", "Tingkat pengangguran terbuka (TPT)", "%", "negatif", None, 2.90, 2.80, 2.50),
    ("IKU-05", "Laju pertumbuhan ekonomi (LPE)", "%", "positif", None, 5.50, 5.80, 6.50),
    (
        "IKU-06",
        "Indeks Gini",
        "indeks",
        "rentang",
        "negatif",
        (0.25, 0.27),
        (0.25, 0.26),
        (0.24, 0.25),
    ),
]
RIWAYAT = [
    (
        "IKU-01",
        "BPS",
        {
            2014: 6.70,
            2015: 6.17,
            2016: 5.85,
            2017: 5.83,
            2018: 5.10,
            2020: 4.75,
            2023: 5.47,
            2024: 5.68,
        },
    ),
    ("IKU-02", "SSGI", {2021: 35.9, 2022: 17.9, 2023: 12.9}),
    ("IKU-02", "EPPGBM", {2022: 18.34, 2023: 16.37}),
    ("IKU-03", "BPS", {2015: 69.24, 2016: 69.73, 2020: 70.81}),
    ("IKU-04", "BPS", {2021: 3.11, 2022: 2.96}),
    ("IKU-05", "BPS", {2015: 6.96, 2016: 7.00, 2021: 5.00, 2022: 6.47}),
    ("IKU-06", "BPS", {2021: 0.31, 2022: 0.26}),
]
# Monthly IKU value reported by Bapperida: the latest published figure, new figures from a month.
IKU_TERBIT = {
    "IKU-01": [("2025-01", 5.68), ("2025-07", 5.41), ("2026-07", 5.12)],
    "IKU-03": [("2025-01", 71.62), ("2025-11", 72.35)],
    "IKU-04": [("2025-01", 2.93), ("2025-11", 2.71)],
    "IKU-05": [("2025-01", 5.21), ("2025-08", 5.64), ("2026-08", 5.93)],
    "IKU-06": [("2025-01", 0.262), ("2025-07", 0.258), ("2026-07", 0.254)],
}
STUNTING_SSGI = [("2025-01", 12.9), ("2025-05", 11.8), ("2026-05", 10.9)]

I_P0, I_STUNT, I_LPE = "IKU-01", "IKU-02", "IKU-05"
I_IPM, I_TPT, I_GINI = "IKU-03", "IKU-04", "IKU-06"
# years between a statistic's reference year and the report (LPE of 2025 is published in
# February 2026; SSGI of a year the next spring): the sample's statistics with an older year
JEDA_TAHUN_DATA = {I_LPE: 1, I_STUNT: 1}
# indicators reported less often than monthly (indikator.csv frekuensi; the rest: bulanan):
# their value is written only in the month it is due, and stands for the months after it
FREKUENSI_SAMPEL = {
    ("DINKES", "Persentase bayi dengan imunisasi dasar lengkap"): "triwulanan",
    ("DPUPR", "Persentase rumah tangga dengan akses sanitasi layak"): "tahunan",
}
# (nama, satuan, polaritas, sifat, IKU didukung, target 2025)
SEKTOR = {
    "DPUPR": [
        (
            "Persentase jalan kabupaten dalam kondisi mantap",
            "%",
            "positif",
            "terakhir",
            I_LPE,
            62.0,
        ),
        ("Persentase jalan kabupaten rusak berat", "%", "negatif", "terakhir", I_P0, 18.0),
        ("Panjang jalan kabupaten yang ditingkatkan", "km", "positif", "kumulatif", I_LPE, 48.0),
        (
            "Persentase rumah tangga dengan akses air minum layak",
            "%",
            "positif",
            "terakhir",
            I_STUNT,
            78.0,
        ),
        (
            "Persentase rumah tangga dengan akses sanitasi layak",
            "%",
            "positif",
            "terakhir",
            I_STUNT,
            71.0,
        ),
        ("Jumlah jembatan desa yang dibangun", "unit", "positif", "kumulatif", I_P0, 12.0),
    ],
    "PERKIM": [
        (
            "Persentase rumah tidak layak huni yang ditangani",
            "%",
            "positif",
            "terakhir",
            I_P0,
            35.0,
        ),
        ("Jumlah sambungan air bersih perdesaan", "unit", "positif", "kumulatif", I_STUNT, 900.0),
        ("Luas kawasan permukiman kumuh", "ha", "negatif", "terakhir", None, 42.0),
    ],
    "DISHUB": [
        ("Jumlah rambu lalu lintas terpasang", "unit", "positif", "kumulatif", I_LPE, 160.0),
        ("Persentase dermaga sungai yang layak operasi", "%", "positif", "terakhir", I_LPE, 70.0),
    ],
    "DLH": [
        ("Indeks kualitas lingkungan hidup", "indeks", "positif", "terakhir", None, 72.0),
        ("Persentase sampah yang tertangani", "%", "positif", "terakhir", None, 64.0),
    ],
    "DISTAN": [
        ("Produksi padi", "ton", "positif", "kumulatif", I_P0, 9500.0),
        (
            "Jumlah petani penerima bantuan sarana produksi",
            "orang",
            "positif",
            "kumulatif",
            I_P0,
            2400.0,
        ),
        ("Nilai tukar petani", "indeks", "positif", "terakhir", I_P0, 104.0),
    ],
    "DISKAN": [
        ("Produksi perikanan budidaya", "ton", "positif", "kumulatif", I_P0, 1850.0),
        (
            "Jumlah kelompok pembudidaya ikan yang dibina",
            "kelompok",
            "positif",
            "kumulatif",
            I_P0,
            60.0,
        ),
    ],
    "DKP": [
        ("Skor pola pangan harapan", "skor", "positif", "terakhir", I_STUNT, 84.0),
        ("Persentase desa rawan pangan", "%", "negatif", "terakhir", I_STUNT, 9.0),
    ],
    "DISPERINDAG": [
        ("Jumlah IKM yang dibina", "unit", "positif", "kumulatif", I_LPE, 180.0),
        ("Persentase pasar rakyat dalam kondisi baik", "%", "positif", "terakhir", I_LPE, 66.0),
    ],
    "DISNAKERKOP": [
        (
            "Jumlah pencari kerja yang ditempatkan",
            "orang",
            "positif",
            "kumulatif",
            f"{I_TPT};{I_P0}",  # job placement moves unemployment and poverty
            420.0,
        ),
        ("Persentase koperasi aktif", "%", "positif", "terakhir", I_P0, 58.0),
        ("Jumlah UMKM yang difasilitasi", "unit", "positif", "kumulatif", f"{I_P0};{I_TPT}", 350.0),
    ],
    "DPMPTSP": [
        ("Nilai realisasi investasi", "Rp miliar", "positif", "kumulatif", I_LPE, 650.0),
        ("Rata-rata waktu penerbitan perizinan", "hari", "negatif", "rata-rata", I_LPE, 5.0),
    ],
    "DISPAR": [("Jumlah kunjungan wisatawan", "orang", "positif", "kumulatif", I_LPE, 42000.0)],
    "DINKES": [
        (
            "Persentase ibu hamil mendapat pelayanan antenatal K6",
            "%",
            "positif",
            "terakhir",
            I_STUNT,
            80.0,
        ),
        ("Persentase balita ditimbang di posyandu", "%", "positif", "terakhir", I_STUNT, 82.0),
        ("Persentase balita gizi kurang", "%", "negatif", "terakhir", I_STUNT, 8.5),
        ("Persentase bayi dengan imunisasi dasar lengkap", "%", "positif", "terakhir", I_IPM, 88.0),
    ],
    "RSUD": [("Bed occupancy rate (BOR)", "%", "rentang", "terakhir", None, (60.0, 85.0))],
    "DPPKBP3A": [
        (
            "Persentase keluarga berisiko stunting yang didampingi",
            "%",
            "positif",
            "terakhir",
            I_STUNT,
            75.0,
        ),
        ("Angka pemakaian kontrasepsi modern", "%", "positif", "terakhir", None, 61.0),
    ],
    "DPMD": [
        (
            "Persentase dana desa untuk penanganan stunting",
            "%",
            "positif",
            "terakhir",
            I_STUNT,
            8.0,
        ),
        ("Jumlah desa berstatus mandiri", "desa", "positif", "terakhir", None, 14.0),
    ],
    "DINSOS": [
        (
            "Persentase penerima bantuan sosial tepat sasaran",
            "%",
            "positif",
            "terakhir",
            f"{I_P0};{I_GINI}",
            86.0,
        ),
        (
            "Jumlah PPKS yang mendapat rehabilitasi sosial",
            "orang",
            "positif",
            "kumulatif",
            I_P0,
            320.0,
        ),
    ],
    "DISDIKPORA": [
        ("Angka partisipasi murni SD", "%", "positif", "terakhir", I_IPM, 96.0),
        ("Rata-rata lama sekolah", "tahun", "positif", "terakhir", I_IPM, 8.6),
    ],
}
UMUM = [
    (
        "Persentase dokumen perencanaan dan evaluasi yang tepat waktu",
        "%",
        "positif",
        "terakhir",
        90.0,
    ),
    ("Nilai SAKIP perangkat daerah", "nilai", "positif", "terakhir", 68.0),
    ("Persentase pegawai yang mengikuti peningkatan kompetensi", "%", "positif", "terakhir", 60.0),
    ("Jumlah laporan keuangan yang disusun tepat waktu", "laporan", "positif", "kumulatif", 12.0),
    ("Persentase temuan pemeriksaan yang ditindaklanjuti", "%", "positif", "terakhir", 85.0),
    ("Indeks kepuasan masyarakat terhadap layanan", "indeks", "positif", "terakhir", 80.0),
    ("Persentase aset yang tercatat dan terpelihara", "%", "positif", "terakhir", 88.0),
    ("Jumlah dokumen perencanaan sektoral yang disusun", "dokumen", "positif", "kumulatif", 6.0),
    ("Persentase pengaduan masyarakat yang diselesaikan", "%", "positif", "terakhir", 82.0),
    ("Rata-rata hari penyelesaian layanan administrasi", "hari", "negatif", "rata-rata", 4.0),
    ("Persentase data sektoral yang diperbarui", "%", "positif", "terakhir", 75.0),
    ("Jumlah kegiatan pembinaan yang dilaksanakan", "kegiatan", "positif", "kumulatif", 24.0),
]
KEGIATAN = [
    "Penyusunan Dokumen Perencanaan Perangkat Daerah",
    "Administrasi Keuangan Perangkat Daerah",
    "Pengadaan Barang Milik Daerah Penunjang Urusan",
    "Penyediaan Jasa Penunjang Urusan",
    "Pemeliharaan Barang Milik Daerah",
    "Peningkatan Kapasitas Sumber Daya Aparatur",
]
KENDALA = [
    "Keterlambatan proses pengadaan barang dan jasa",
    "Cuaca dan akses sungai menghambat pekerjaan lapangan",
    "Data dari desa belum lengkap",
    "Menunggu pencairan dana tahap berikutnya",
    "Keterbatasan tenaga teknis di lapangan",
]
MASALAH = [
    ("Serapan anggaran di bawah rencana anggaran kas", "Percepat proses lelang dan pencairan SP2D"),
    ("Capaian indikator program di bawah target", "Susun rencana aksi percepatan per bidang"),
    ("Data realisasi kinerja terlambat dilaporkan", "Tetapkan petugas data dan jadwal verifikasi"),
    ("Kegiatan fisik terlambat dimulai", "Rapat koordinasi dengan penyedia dan pengawas"),
]
SUMBER = ["Laporan bidang", "Aplikasi SIPD", "Data dinas", "Laporan UPTD"]
CSV_OPD = {"BKPSDM": "utf-8-sig", "DUKCAPIL": "cp1252", "DISKOMINFO": "utf-8-sig"}

# OPDs whose performance moves clearly over the last months of the sample
MEMBAIK, MEMBURUK = "DISTAN", "DPMPTSP"

# The regency's identity: the only place in monev that names Gunung Mas (coordination lines
# assumed, see data/sample/README.md).
DAERAH_YAML = """\
# Identitas daerah: nama, pemerintah dan garis koordinasi Asisten Setda.
# Kode asisten di sini dipakai kolom asisten pada opd.csv.
nama: Kabupaten Gunung Mas
pemerintah: Pemerintah Kabupaten Gunung Mas
judul_rakor: Rapat Koordinasi Monitoring dan Evaluasi Kinerja OPD
asisten:
  - {kode: I, nama: Asisten Pemerintahan dan Kesejahteraan Rakyat}
  - {kode: II, nama: Asisten Ekonomi dan Pembangunan}
  - {kode: III, nama: Asisten Administrasi Umum}
"""


@dataclass(frozen=True)
class Tanam:
    """Planted problems, by OPD short code and (relative to ``sampai``) month offset."""

    terlambat: tuple[str, int] = ("DISHUB", 0)
    tidak_kirim: tuple[str, int] = ("DISPAR", 0)
    placeholder: tuple[str, int] = ("DISPERINDAG", 0)
    kosong: tuple[str, int] = ("DLH", -1)  # one value left empty
    berkas_kosong: tuple[str, int] = ("DLH", 0)  # the template sent back blank
    salah_ketik: tuple[str, int] = ("DPUPR", 0)  # one value typed ~20× too large (80 for ~4)
    menurun: tuple[str, int] = ("DISKAN", -4)
    pencilan: tuple[str, int] = ("DKP", -2)
    teks_indonesia: tuple[str, int] = ("DPUPR", 0)


@dataclass(frozen=True)
class SampleInfo:
    root: Path
    periods: list[str]
    opd: list[str]
    planted: pd.DataFrame


def _batas(kode: str, nama: str, satuan: str) -> tuple[float | None, float | None, str | None]:
    """(nilai_min, nilai_maks, boleh_negatif) of a sample indicator: a growth rate may be
    negative; indices and scores state their scale; everything else keeps its unit's default."""
    if kode == I_LPE:
        return None, None, "ya"
    if kode == "IKU-06":  # the Gini index lies in 0–1
        return None, 1.0, None
    if satuan in ("skor", "nilai") or (satuan == "indeks" and nama != "Nilai tukar petani"):
        return None, 100.0, None  # IPM, IKLH, IKM, PPH, SAKIP: 0–100 (the NTP has no ceiling)
    return None, None, None


def _kode_opd(opd: list) -> list[str]:
    seq: dict[str, int] = {}
    out = []
    for _, _, _, urusan in opd:
        seq[urusan] = seq.get(urusan, 0) + 1
        u, bb = urusan.split(".")
        out.append(f"{u}.{bb}.0.00.0.00.{seq[urusan]:02d}.0000")
    return out


def _referensi(rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    kode = _kode_opd(OPD)
    opd = pd.DataFrame(
        {
            "kode_opd": kode,
            "singkatan": [o[0] for o in OPD],
            "nama_opd": [o[1] for o in OPD],
            "asisten": [o[2] for o in OPD],
        }
    )
    by_s = dict(zip(opd["singkatan"], opd["kode_opd"], strict=True))
    ind_rows, tgt_rows = [], []

    def target_rows(k, t25, tumbuh, sifat):
        for tahun, faktor in ((2025, 1.0), (2026, tumbuh)):
            if isinstance(t25, tuple):
                tgt_rows.append((k, tahun, "tahunan", 0, None, t25[0], t25[1]))
            else:
                nilai = round(t25 * faktor, 2) if sifat != "kumulatif" else round(t25 * faktor)
                tgt_rows.append((k, tahun, "tahunan", 0, nilai, None, None))
        if isinstance(t25, tuple):
            tgt_rows.append((k, 2029, "akhir_rpjmd", 0, None, t25[0], t25[1]))
        else:
            tgt_rows.append((k, 2029, "akhir_rpjmd", 0, round(t25 * tumbuh**4, 2), None, None))

    for kode_iku, nama, satuan, pol, arah, t25, t26, t29 in IKU:
        ind_rows.append(
            (
                kode_iku,
                nama,
                satuan,
                pol,
                arah,
                "IKU",
                by_s["BAPPERIDA"],
                None,
                "terakhir",
                None,
                1.0,
                "SSGI" if kode_iku == I_STUNT else None,
                *_batas(kode_iku, nama, satuan),
                JEDA_TAHUN_DATA.get(kode_iku),
                None,
            )
        )
        for tahun, t in ((2025, t25), (2026, t26)):
            lo, hi = t if isinstance(t, tuple) else (None, None)
            tgt_rows.append((kode_iku, tahun, "tahunan", 0, None if lo else t, lo, hi))
        lo, hi = t29 if isinstance(t29, tuple) else (None, None)
        tgt_rows.append((kode_iku, 2029, "akhir_rpjmd", 0, None if lo else t29, lo, hi))

    for (singkatan, _, _, urusan), kode_opd in zip(OPD, kode, strict=True):
        sektor = SEKTOR.get(singkatan, [])
        n = int(rng.integers(8, 13))
        umum = [
            UMUM[i]
            for i in sorted(rng.choice(len(UMUM), size=max(0, n - len(sektor)), replace=False))
        ]
        items = [(*s, "program") for s in sektor] + [
            (nm, sat, pol, sf, None, t, "kegiatan") for nm, sat, pol, sf, t in umum
        ]
        for j, (nama, satuan, pol, sifat, iku, t25, level) in enumerate(items, 1):
            k = f"{singkatan}-{'P' if level == 'program' else 'K'}{j:02d}"
            u, bb = urusan.split(".")
            nomen = f"{u}.{bb}.{(j % 3) + 1:02d}.2.{(j % 9) + 1:02d}.{j:04d}"
            ind_rows.append(
                (
                    k,
                    nama,
                    satuan,
                    pol,
                    None,  # a rentang without a direction (BOR): both sides are worse
                    level,
                    kode_opd,
                    iku,
                    sifat,
                    nomen,
                    1.0,
                    None,
                    *_batas(k, nama, satuan),
                    None,
                    FREKUENSI_SAMPEL.get((singkatan, nama)),
                )
            )
            tumbuh = 1.05 if pol != "negatif" else 0.92
            target_rows(k, t25, tumbuh, sifat)

    kolom_ind = [
        "kode_indikator",
        "nama_indikator",
        "satuan",
        "polaritas",
        "arah_rentang",
        "level",
        "kode_opd",
        "kode_iku",
        "sifat",
        "kode_nomenklatur",
        "bobot",
        "sumber_utama",
        "nilai_min",
        "nilai_maks",
        "boleh_negatif",
        "jeda_tahun_data",
        "frekuensi",
    ]
    indikator = pd.DataFrame(ind_rows, columns=kolom_ind)
    target = pd.DataFrame(
        tgt_rows,
        columns=["kode_indikator", "tahun", "jenis", "ke", "target", "target_bawah", "target_atas"],
    )

    # budget lines
    skala = {
        s: PAGU_BESAR.get(s, rng.uniform(2, 4) if s.startswith("KEC-") else rng.uniform(3, 25))
        for s, *_ in OPD
    }
    faktor = APBD_BELANJA / (sum(skala.values()) * 1e9)
    bobot_kas = np.array([3, 5, 6, 7, 8, 8, 9, 9, 10, 10, 11, 14], dtype=float)
    ang_rows = []
    for (singkatan, _, _, urusan), kode_opd in zip(OPD, kode, strict=True):
        n_keg = int(rng.integers(2, 6))
        bagi = rng.dirichlet(np.ones(n_keg) * 3)
        u, bb = urusan.split(".")
        for tahun in (2025, 2026):
            total = skala[singkatan] * 1e9 * faktor * (1.0 if tahun == 2025 else 1.04)
            for i in range(n_keg):
                pagu = int(round(total * bagi[i], -5))
                w = bobot_kas * rng.uniform(0.85, 1.15, 12)
                kas = np.floor(pagu * w / w.sum()).astype(np.int64)
                kas[-1] += pagu - kas.sum()
                ang_rows.append(
                    (
                        tahun,
                        kode_opd,
                        f"{u}.{bb}.01.2.{i + 1:02d}.{i + 1:04d}",
                        KEGIATAN[i],
                        float(pagu),
                        *map(float, kas),
                    )
                )
    anggaran = pd.DataFrame(
        ang_rows,
        columns=["tahun", "kode_opd", "kode_kegiatan", "nama_kegiatan", "pagu", *KAS_COLUMNS],
    )
    riw = pd.DataFrame(
        [(k, tahun, nilai, sumber) for k, sumber, seri in RIWAYAT for tahun, nilai in seri.items()],
        columns=["kode_indikator", "tahun", "nilai", "sumber"],
    )
    return {
        "opd": opd,
        "indikator": indikator,
        "target": target,
        "anggaran": anggaran,
        "iku_riwayat": riw,
    }


def _tulis_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = frame.to_csv(index=False, lineterminator="\n")  # shortest round-trip floats
    path.write_text(text, encoding="utf-8")


def stable_index(kode: str) -> int:
    """A stable small number from a code (Python's hash() is salted per process)."""
    return sum(map(ord, kode))


def _nilai_iku(seri: list[tuple[str, float]], periode: str) -> float:
    nilai = seri[0][1]
    for mulai, v in seri:
        if periode >= mulai:
            nilai = v
    return nilai


def _kinerja(
    ref: Referensi, rng: np.random.Generator, periods: list[Periode], tanam: Tanam, sampai: Periode
) -> tuple[dict, list]:
    """Monthly realisasi per (OPD, period): a dict of DataFrames, and the planted problems."""
    planted = []
    ind = ref.indikator
    target = ref.target[ref.target["jenis"] == "tahunan"].set_index(["kode_indikator", "tahun"])
    opd_s = ref.opd.set_index("kode_opd")["singkatan"]
    out: dict[tuple[str, str], list[dict]] = {}
    rel = {p: (p.tahun - sampai.tahun) * 12 + p.bulan - sampai.bulan for p in periods}

    def tanam_di(item: tuple[str, int], singkatan: str, p: Periode) -> bool:
        return item[0] == singkatan and rel[p] == item[1]

    for r in ind.itertuples():
        singkatan = opd_s[r.kode_opd]
        if r.level == "IKU":
            continue
        frekuensi = getattr(r, "frekuensi", None) or "bulanan"
        panjang = FREKUENSI.get(frekuensi, 1)
        perf_dasar = rng.uniform(0.82, 1.04)
        fase = rng.uniform(0, 2 * np.pi)
        cum = 0.0
        tahun_aktif = None
        geser = 0.0

        def tgt(tahun: int, kode=r.kode_indikator) -> float | None:
            if (kode, tahun) not in target.index:
                return None
            t = target.loc[(kode, tahun)]
            if pd.notna(t["target"]):
                return float(t["target"])
            return (float(t["target_bawah"]) + float(t["target_atas"])) / 2

        for i, p in enumerate(periods):
            if p.tahun != tahun_aktif:
                tahun_aktif, cum, geser = p.tahun, 0.0, 0.0
            T = tgt(p.tahun)
            T_lalu = tgt(p.tahun - 1) or T
            T_halus = T_lalu + (T - T_lalu) * p.bulan / 12  # levels move smoothly between years
            # a smooth wiggle, not random noise: real series wander, and iid noise on ~500
            # indicators would plant accidental outliers the checks would rightly report
            goyang = np.sin(fase + 0.9 * i)
            perf = perf_dasar
            maju = i / max(len(periods) - 1, 1)
            if singkatan == MEMBAIK:
                perf = 0.55 + 0.45 * maju
            elif singkatan == MEMBURUK:
                perf = 1.05 - 0.45 * maju
            if r.sifat == "kumulatif":
                # trends ride on level indicators: a ramp in increments is an outlier by design
                perf_kum = 0.85 if singkatan in (MEMBAIK, MEMBURUK) else perf_dasar
                inc = T / 12 * perf_kum * (1 + 0.08 * goyang)
                cum += inc
                nilai = cum + geser
                if tanam_di(tanam.pencilan, singkatan, p) and not any(
                    x["kind"] == "pencilan" for x in planted
                ):
                    geser += 10 * inc
                    nilai = cum + geser
                    planted.append(
                        dict(
                            kind="pencilan",
                            kode_opd=r.kode_opd,
                            periode=str(p),
                            kode=r.kode_indikator,
                            detail="lonjakan ~10× kenaikan biasa",
                        )
                    )
                if tanam_di(tanam.menurun, singkatan, p) and not any(
                    x["kind"] == "menurun" for x in planted
                ):
                    geser -= 3 * inc
                    nilai = cum + geser
                    planted.append(
                        dict(
                            kind="menurun",
                            kode_opd=r.kode_opd,
                            periode=str(p),
                            kode=r.kode_indikator,
                            detail="nilai kumulatif turun dari bulan lalu",
                        )
                    )
                nilai = round(nilai, 2) if T < 100 else round(nilai)
                if r.satuan in SATUAN_CACAH:
                    nilai = float(round(nilai))  # counts are whole
            else:
                if r.polaritas == "negatif":
                    level = T_halus * (2 - perf)
                elif r.polaritas == "rentang":
                    level = T_halus
                else:
                    level = T_halus * perf
                nilai = round(level * (1 + 0.02 * goyang), 2)
                if r.satuan == "%":
                    nilai = float(min(max(nilai, 0.0), 100.0))
                elif r.satuan in SATUAN_CACAH:
                    nilai = float(round(nilai))  # counts are whole
            baris = dict(
                kode_indikator=r.kode_indikator,
                realisasi=nilai,
                kendala=None,
                sumber_data=SUMBER[stable_index(r.kode_indikator) % len(SUMBER)],
            )
            if perf < 0.8:
                baris["kendala"] = KENDALA[int(rng.integers(len(KENDALA)))]
            if p.bulan % panjang:  # not due this month: the cell stays empty, no gap
                baris["realisasi"] = None
            out.setdefault((r.kode_opd, str(p)), []).append(baris)
        if panjang > 1 and sampai.bulan % panjang:
            dari = (
                Periode(sampai.tahun, sampai.bulan - sampai.bulan % panjang)
                if (sampai.bulan >= panjang)
                else Periode(sampai.tahun - 1, 12)
            )
            planted.append(
                dict(
                    kind=frekuensi,
                    kode_opd=r.kode_opd,
                    periode=str(sampai),
                    kode=r.kode_indikator,
                    detail=f"nilai {frekuensi} dari {dari}, belum jatuh tempo",
                )
            )

    # planted missing values and Indonesian text numbers, on the month's first fitting indicator
    for (kode_opd, periode), rows in out.items():
        singkatan, p = opd_s[kode_opd], Periode.parse(periode)
        for item, kind in (
            (tanam.placeholder, "placeholder"),
            (tanam.kosong, "kosong"),
            (tanam.teks_indonesia, "teks_indonesia"),
            (tanam.salah_ketik, "salah_ketik"),
        ):
            if not tanam_di(item, singkatan, p):
                continue
            sifat = ind.set_index("kode_indikator")["sifat"]
            if kind == "salah_ketik":  # a small value of a later indicator, typed as 80
                row = next(
                    x
                    for x in rows[1:]
                    if isinstance(x["realisasi"], float) and 1 <= x["realisasi"] <= 10
                )
                benar = format_angka_id(row["realisasi"], 2)
                row["realisasi"] = 80.0
                planted.append(
                    dict(
                        kind=kind,
                        kode_opd=kode_opd,
                        periode=periode,
                        kode=row["kode_indikator"],
                        detail=f"80 (seharusnya {benar})",
                    )
                )
                continue
            row = next(
                x
                for x in rows
                if (sifat[x["kode_indikator"]] == "terakhir" and x["realisasi"] is not None)
                or kind == "teks_indonesia"
            )
            if kind == "placeholder":
                row["realisasi"] = "belum ada data"
                row["kendala"] = "Data dari UPTD belum masuk"
            elif kind == "kosong":
                row["realisasi"] = None
            else:
                row["realisasi"] = format_angka_id(float(row["realisasi"]), 2)
            planted.append(
                dict(
                    kind=kind,
                    kode_opd=kode_opd,
                    periode=periode,
                    kode=row["kode_indikator"],
                    detail=str(row["realisasi"]),
                )
            )

    # IKU, reported by Bapperida: one value per IKU, stunting from two sources
    bapperida = ref.opd.loc[ref.opd["singkatan"] == "BAPPERIDA", "kode_opd"].iloc[0]
    for p in periods:
        rows = out.setdefault((bapperida, str(p)), [])
        for kode_iku, seri in IKU_TERBIT.items():
            rows.append(
                dict(
                    kode_indikator=kode_iku,
                    realisasi=_nilai_iku(seri, str(p)),
                    kendala=None,
                    sumber_data="BPS",
                )
            )
        ssgi = _nilai_iku(STUNTING_SSGI, str(p))
        eppgbm = round(14.6 - 0.08 * ((p.tahun - 2025) * 12 + p.bulan), 2)
        rows.append(dict(kode_indikator=I_STUNT, realisasi=ssgi, kendala=None, sumber_data="SSGI"))
        rows.append(
            dict(kode_indikator=I_STUNT, realisasi=eppgbm, kendala=None, sumber_data="EPPGBM")
        )
        planted.append(
            dict(
                kind="sumber_ganda",
                kode_opd=bapperida,
                periode=str(p),
                kode=I_STUNT,
                detail=f"SSGI {ssgi} vs EPPGBM {eppgbm}",
            )
        )
    # consequences the checks report too: a kumulatif value keeps a flagged jump or drop for
    # the rest of its year (perlu verifikasi); a statistic reported with its older reference year
    for x in [x for x in planted if x["kind"] in ("pencilan", "menurun")]:
        q = Periode.parse(x["periode"]).tambah(1)
        while q <= sampai and q.tahun == Periode.parse(x["periode"]).tahun:
            planted.append(
                dict(
                    kind="lonjakan_terbawa",
                    kode_opd=x["kode_opd"],
                    periode=str(q),
                    kode=x["kode"],
                    detail=f"nilai kumulatif memuat lonjakan {x['periode']}",
                )
            )
            q = q.tambah(1)
    for kode_iku, jeda in JEDA_TAHUN_DATA.items():
        planted.append(
            dict(
                kind="tahun_data_lama",
                kode_opd=bapperida,
                periode=str(sampai),
                kode=kode_iku,
                detail=f"nilai {sampai.label} adalah data tahun {sampai.tahun - jeda}",
            )
        )
    return {k: pd.DataFrame(v) for k, v in out.items()}, planted


def _anggaran(ref: Referensi, rng: np.random.Generator, periods: list[Periode]) -> dict:
    out = {}
    for (kode_opd, tahun), grp in ref.anggaran.groupby(["kode_opd", "tahun"]):
        singkatan = ref.opd.set_index("kode_opd").loc[kode_opd, "singkatan"]
        perf = rng.uniform(0.7, 1.0)
        tambah = rng.uniform(1.0, 1.12)
        for p in (p for p in periods if p.tahun == tahun):
            f = perf
            if singkatan == MEMBURUK and p.tahun == periods[-1].tahun and p.bulan > 4:
                f = perf * (1 - 0.05 * (p.bulan - 4))
            rows = []
            for r in grp.itertuples():
                rencana = sum(getattr(r, k) for k in KAS_COLUMNS[: p.bulan])
                keu = float(np.floor(rencana * f))
                fisik = round(min(100.0, keu / r.pagu * 100 * tambah), 2)
                rows.append(
                    dict(
                        kode_kegiatan=r.kode_kegiatan,
                        realisasi_keuangan=keu,
                        realisasi_fisik=fisik,
                        kendala=None,
                    )
                )
            out[(kode_opd, str(p))] = pd.DataFrame(rows)
    return out


def _tindak_lanjut(ref: Referensi, periods: list[Periode]) -> dict:
    """Items opened every few months per OPD; most closed within three months, some overdue."""
    out: dict[tuple[str, str], list[dict]] = {}
    for i, row in enumerate(ref.opd.itertuples()):
        for j, p in enumerate(periods):
            if (i + j) % 5:
                continue
            masalah, aksi = MASALAH[(i + j) % len(MASALAH)]
            kode = f"TL-{p}-{row.singkatan}"
            batas = p.tambah(2).akhir
            terlambat = (i + j) % 3 == 0
            for k, q in enumerate(periods[j : j + 6]):
                status = "belum" if k == 0 else "proses" if (k < 3 or terlambat) else "selesai"
                out.setdefault((row.kode_opd, str(q)), []).append(
                    dict(
                        kode_tl=kode,
                        masalah=masalah,
                        tindak_lanjut=aksi,
                        penanggung_jawab=f"Sekretaris {row.singkatan}",
                        batas_waktu=batas,
                        status=status,
                        keterangan=None,
                    )
                )
                if status == "selesai":
                    break
    kolom = layout.TINDAK_LANJUT.names
    return {k: pd.DataFrame(v, columns=kolom) for k, v in out.items()}


def generate_sample(
    root: Path,
    seed: int = 2026,
    dari: str = "2025-01",
    sampai: str = "2026-10",
    opd: list[str] | None = None,
) -> SampleInfo:
    """Write the sample workbook into ``root``; ``opd`` limits which OPDs get submissions."""
    from monev.model.workbook import Workbook

    wb = Workbook.at(root)
    rng = np.random.default_rng(seed)
    for name, frame in pasang_hierarki(_referensi(rng)).items():  # + nomenklatur.csv
        _tulis_csv(frame, wb.reference / f"{name}.csv")
    (wb.reference / DAERAH_FILE).write_text(DAERAH_YAML, encoding="utf-8")
    ref = load_reference(wb.reference)
    periods = rentang_periode(dari, sampai)
    akhir = Periode.parse(sampai)
    tanam = Tanam()
    kinerja, planted = _kinerja(ref, np.random.default_rng(seed + 1), periods, tanam, akhir)
    anggaran = _anggaran(ref, np.random.default_rng(seed + 2), periods)
    tl = _tindak_lanjut(ref, periods)
    kosong_tl = pd.DataFrame(columns=layout.TINDAK_LANJUT.names)
    pilih = set(opd) if opd else set(ref.opd["singkatan"])
    rng_kirim = np.random.default_rng(seed + 3)
    opd_s = ref.opd.set_index("kode_opd")["singkatan"]
    for p in periods:
        folder = wb.submissions / str(p)
        folder.mkdir(parents=True, exist_ok=True)
        penerimaan = []
        rel = (p.tahun - akhir.tahun) * 12 + p.bulan - akhir.bulan
        for kode_opd in ref.opd["kode_opd"]:
            singkatan = opd_s[kode_opd]
            hari = int(
                rng_kirim.integers(2, 10)
            )  # drawn for every OPD: same dates whatever is chosen
            if singkatan not in pilih:
                continue
            if (singkatan, rel) == tanam.tidak_kirim:
                planted.append(
                    dict(
                        kind="tidak_kirim",
                        kode_opd=kode_opd,
                        periode=str(p),
                        kode=None,
                        detail="tidak ada kiriman",
                    )
                )
                continue
            diterima = dt.date(p.tambah(1).tahun, p.tambah(1).bulan, hari)
            if (singkatan, rel) == tanam.berkas_kosong:  # the template, sent back unfilled
                path = write_template(ref, kode_opd, p, folder)
                penerimaan.append((path.name, diterima.isoformat()))
                planted.append(
                    dict(
                        kind="berkas_kosong",
                        kode_opd=kode_opd,
                        periode=str(p),
                        kode=None,
                        detail="templat dikirim tanpa isian",
                    )
                )
                continue
            if (singkatan, rel) == tanam.terlambat:
                diterima = p.batas_kirim(10) + dt.timedelta(days=4)
                planted.append(
                    dict(
                        kind="terlambat",
                        kode_opd=kode_opd,
                        periode=str(p),
                        kode=None,
                        detail=f"diterima {diterima.isoformat()}",
                    )
                )
            args = (
                ref,
                kode_opd,
                p,
                kinerja.get(
                    (kode_opd, str(p)),
                    pd.DataFrame(columns=["kode_indikator", "realisasi", "kendala", "sumber_data"]),
                ),
                anggaran.get(
                    (kode_opd, str(p)),
                    pd.DataFrame(
                        columns=[
                            "kode_kegiatan",
                            "realisasi_keuangan",
                            "realisasi_fisik",
                            "kendala",
                        ]
                    ),
                ),
                tl.get((kode_opd, str(p)), kosong_tl),
            )
            if singkatan in CSV_OPD:
                paths = write_submission_csv(folder, *args, sep=";", encoding=CSV_OPD[singkatan])
            else:
                paths = [write_submission(folder / layout.file_name(singkatan, str(p)), *args)]
            penerimaan += [(path.name, diterima.isoformat()) for path in paths]
        _tulis_csv(
            pd.DataFrame(penerimaan, columns=["nama_berkas", "diterima"]), folder / "penerimaan.csv"
        )
    planted_df = pd.DataFrame(planted, columns=["kind", "kode_opd", "periode", "kode", "detail"])
    planted_df = planted_df[planted_df["kode_opd"].map(opd_s).isin(pilih)].reset_index(drop=True)
    _tulis_csv(planted_df, wb.submissions / "masalah_tertanam.csv")
    wb.params.mkdir(parents=True, exist_ok=True)
    (wb.params / f"{akhir}.yaml").write_text(
        f'periode: "{akhir}"\nasisten: "II"\njudul: "Rakor Bidang Ekonomi dan Pembangunan"\n'
        f'tanggal_rapat: "{p.tambah(1).tahun}-{p.tambah(1).bulan:02d}-16"\njobs: 2\n',
        encoding="utf-8",
    )
    return SampleInfo(wb.root, [str(p) for p in periods], sorted(pilih), planted_df)
