"""The tables behind the pages, for Excel users (``outputs/<periode>/data/``, issue 13 item 8).

``tabel_halaman(ctx)`` selects, from the engine's result, the figures the pages show, unformatted
(numbers stay numbers, missing stays empty, never 0); ``monev.report.data`` writes them as CSV
(UTF-8 with BOM, ``;``, decimal comma) and one .xlsx. Yes/no columns read ``ya`` / ``tidak``.
Percentages, capaian and scores are rounded as the pages print them (``bulat(x, 2)``, half up),
so a CSV cell equals the printed figure; values as reported (target, realisasi, Rp) stay as they
are. Nothing else is computed here.
"""

from __future__ import annotations

import pandas as pd

from monev.model.angka import bulat
from monev.present.status import diperingkat

OPD = (
    "kode_opd", "singkatan", "nama_opd", "asisten", "status_laporan", "terlambat",
    "hari_terlambat", "diperingkat", "peringkat_capaian", "rata_capaian", "predikat",
    "nilai_ditandai", "nilai_dibawa", "jumlah_indikator", "jumlah_dihitung",
    "tidak_dapat_dihitung", "perubahan_mom", "kemiringan", "arah_tren", "pagu",
    "realisasi_keuangan", "realisasi_keuangan_pct", "target_keuangan_pct", "deviasi_keuangan",
    "lampu_keuangan", "realisasi_fisik", "target_fisik", "deviasi_fisik", "lampu_fisik",
    "peringkat_tepra", "kegiatan_tanpa_laporan", "keuangan_sebagian",
)  # fmt: skip
INDIKATOR = (
    "kode_opd", "singkatan", "kode_indikator", "nama_indikator", "satuan", "level", "sifat",
    "polaritas", "periode", "periode_nilai", "dibawa", "jatuh_tempo", "target", "target_bawah",
    "target_atas", "realisasi", "capaian", "predikat", "alasan", "perlu_verifikasi",
    "alasan_verifikasi", "dalam_rata", "arah_tren", "proyeksi_akhir_tahun", "capaian_proyeksi",
    "peringatan_dini", "kendala",
)  # fmt: skip
LAPORAN = (
    "kode_opd", "singkatan", "periode", "status_laporan", "terlambat", "hari_terlambat",
    "diterima", "nilai_diharapkan", "nilai_diterima",
)  # fmt: skip
IKU = (
    "kode_indikator", "nama_indikator", "satuan", "tahun_data", "nilai", "sumber",
    "target_tahun_data", "target_bawah", "target_atas", "capaian", "predikat", "arah_tren",
    "jumlah_pendukung", "pendukung_tertinggal",
)  # fmt: skip
LINTAS = (
    "kode_iku", "nama_iku", "kode_opd", "singkatan", "kode_indikator", "nama_indikator",
    "periode_nilai", "target", "realisasi", "capaian", "predikat", "arah_tren",
    "perlu_verifikasi",
)  # fmt: skip
KEGIATAN = (
    "kode_opd", "kode_kegiatan", "nama_kegiatan", "pagu", "rencana_kumulatif",
    "realisasi_keuangan", "realisasi_keuangan_pct", "target_keuangan_pct", "realisasi_fisik",
)  # fmt: skip
TINDAK_LANJUT = (
    "kode_opd", "singkatan", "kode_tl", "masalah", "tindak_lanjut", "penanggung_jawab",
    "batas_waktu", "keadaan", "hari_terlambat", "keterangan",
)  # fmt: skip


# figures the pages print with 2 decimals that the engine computes (not values as reported)
DUA_DESIMAL = frozenset(
    {
        "capaian", "rata_capaian", "capaian_proyeksi", "perubahan_mom", "perubahan_yoy",
        "kemiringan", "realisasi_keuangan_pct", "target_keuangan_pct", "deviasi_keuangan",
        "realisasi_fisik", "target_fisik", "deviasi_fisik", "skor", "skor_kelengkapan",
        "skor_ketepatan", "skor_validitas",
    }
)  # fmt: skip


def _ya_tidak(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for k in out.columns:
        if k in DUA_DESIMAL and pd.api.types.is_float_dtype(out[k]):
            out[k] = bulat(out[k], 2)
    for k in out.columns:
        if pd.api.types.is_bool_dtype(out[k]):
            out[k] = out[k].map({True: "ya", False: "tidak"}).astype(object)
    return out


def _pilih(frame: pd.DataFrame, kolom: tuple[str, ...]) -> pd.DataFrame:
    return _ya_tidak(frame[list(kolom)].reset_index(drop=True))


def peringkat(opd: pd.DataFrame) -> pd.Series:
    """The ranking the overview prints: the ranked OPDs by mean capaian, best first (1, 2, …);
    OPDs not ranked (belum lapor) empty."""
    ranked = opd[diperingkat(opd)].sort_values(
        "rata_capaian", ascending=False, na_position="last", kind="stable"
    )
    out = pd.Series(pd.NA, index=opd.index, dtype="Int64")
    out[ranked.index] = range(1, len(ranked) + 1)
    return out


def tabel_halaman(ctx) -> dict[str, pd.DataFrame]:
    """Table name (the file's stem) → frame: the figures of the period's pages."""
    ev = ctx.evaluasi
    opd = ev.opd.assign(peringkat_capaian=peringkat(ev.opd))
    # ya / tidak, empty for an OPD without budget lines (the engine's column is NaN there)
    opd["keuangan_sebagian"] = opd["keuangan_sebagian"].astype("boolean")
    singkat = ev.opd.set_index("kode_opd")["singkatan"]
    laporan = ev.laporan.assign(singkatan=ev.laporan["kode_opd"].map(singkat))
    kegiatan = ev.kegiatan
    skor = ctx.skor_kualitas
    return {
        "opd": _pilih(opd, OPD),
        "indikator": _pilih(ev.indikator, INDIKATOR),
        "laporan": _pilih(laporan, LAPORAN),
        "iku": _pilih(ev.iku, IKU),
        "iku_pendukung": _pilih(ev.lintas, LINTAS),
        "kegiatan": _pilih(kegiatan, KEGIATAN),
        "tindak_lanjut": _pilih(ev.tindak_lanjut, TINDAK_LANJUT),
        "kualitas_skor": _ya_tidak(skor.reset_index(drop=True)),
        "kualitas_temuan": _ya_tidak(ctx.kualitas.reset_index(drop=True)),
    }
