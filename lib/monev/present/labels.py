"""The glossary of column labels: one Indonesian header for each column name, for every table.

Every table of every report and of the explorer takes its headers from ``LABEL`` through
``kolom(settings, *names)``, so a column reads the same on every page and a new column is named
once, here. Column names are the engine's (``monev.engine.evaluasi``, ``monev.engine.quality``);
a label may name a setting in braces (``{trend_window}``), filled from the settings in force, so
"Tren 6 bulan" follows ``trend_window``. Asking for a column without a label is an error (a test
renders every table), never a raw column name on a page.
"""

from __future__ import annotations

from monev.model.settings import Settings

LABEL: dict[str, str] = {
    # who and what
    "singkatan": "OPD",
    "nama_opd": "Nama OPD",
    "kode_indikator": "Kode indikator",
    "nama_indikator": "Indikator",
    "nama_iku": "IKU",
    "satuan": "Satuan",
    "periode": "Periode",
    # capaian and predikat
    "target": "Target",
    "target_tahunan": "Target tahunan",
    "realisasi": "Realisasi",
    "capaian": "Capaian (%)",
    "predikat": "Predikat",
    "alasan": "Keterangan",
    "rata_capaian": "Rata-rata capaian (%)",
    "peringkat_capaian": "Peringkat capaian",
    "jumlah_dihitung": "Indikator dihitung",
    "tidak_dapat_dihitung": "Tidak dapat dihitung",
    "perubahan_mom": "Perubahan sejak bulan lalu (poin)",
    "arah_tren": "Tren {trend_window} bulan",
    "arah_tren_tahunan": "Tren {trend_window} tahun",  # an IKU's ``arah_tren``: over years
    "kendala": "Kendala",
    # status of the month and origin of each value (issue 13)
    "status": "Status laporan",
    "status_laporan": "Status laporan bulan ini",
    "verifikasi": "Nilai perlu verifikasi",
    "nilai_ditandai": "Jumlah nilai ditandai",
    "asal_nilai": "Asal nilai",
    "periode_nilai": "Bulan nilai",
    "alasan_verifikasi": "Alasan perlu verifikasi",
    "proyeksi_akhir_tahun": "Proyeksi akhir tahun",
    "capaian_proyeksi": "Capaian proyeksi (%)",
    "peringatan_dini": "Peringatan dini",
    # IKU
    "tahun_nilai": "Tahun nilai",
    "tahun_data": "Tahun data",
    "target_tahun_data": "Target tahun data",
    "nilai": "Nilai",
    "pendukung_tertinggal": "Pendukung tertinggal",
    # budget and physical progress
    "peringkat_tepra": "Peringkat TEPRA",
    "kode_kegiatan": "Kode sub kegiatan",
    "nama_kegiatan": "Sub kegiatan",
    "pagu": "Pagu",
    "realisasi_keuangan": "Realisasi keuangan (Rp)",
    "realisasi_keuangan_pct": "Keuangan (%)",
    "target_keuangan_pct": "Rencana keuangan (%)",
    "deviasi_keuangan": "Deviasi keuangan (poin)",
    "lampu_keuangan": "Lampu keuangan",
    "realisasi_fisik": "Fisik (%)",
    "deviasi_fisik": "Deviasi fisik (poin)",
    "lampu_fisik": "Lampu fisik",
    # follow-ups
    "kode_tl": "Kode tindak lanjut",
    "masalah": "Masalah",
    "tindak_lanjut": "Tindak lanjut",
    "penanggung_jawab": "Penanggung jawab",
    "batas_waktu": "Batas waktu",
    "keadaan": "Keadaan",
    "hari_terlambat": "Hari terlambat",
    "keterangan": "Catatan tindak lanjut",
    # data quality
    "jenis": "Jenis temuan",
    "tingkat": "Tingkat",
    "nilai_sebelumnya": "Nilai sebelumnya",
    "pesan": "Pesan",
    "jumlah": "Jumlah temuan",
    "diharapkan": "Indikator diharapkan",
    "diterima": "Indikator diterima",
    "tepat_waktu": "Tepat waktu",
    "lolos": "Lolos pemeriksaan",
    "temuan": "Temuan",
    "skor": "Skor",
    "skor_kelengkapan": "Skor kelengkapan",
    "skor_ketepatan": "Skor ketepatan waktu",
    "skor_validitas": "Skor validitas",
    "peringkat": "Peringkat skor",
}


def label(nama: str, settings: Settings) -> str:
    """The header of one column, settings filled in."""
    try:
        teks = LABEL[nama]
    except KeyError:
        raise KeyError(f"kolom {nama!r} belum punya label di monev.present.labels.LABEL") from None
    return teks.format(trend_window=settings.trend_window)


def kolom(settings: Settings, *nama: str) -> dict[str, str]:
    """Column name → header for a table showing ``nama`` in that order."""
    return {n: label(n, settings) for n in nama}
