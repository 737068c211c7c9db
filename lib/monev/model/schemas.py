"""Table schemas (pandera) for the reference files, the store and the submission layout.

``docs/data-model.md`` documents the same tables; ``tests/test_data_model.py`` checks the two agree.
"""

from __future__ import annotations

import re

import pandera.pandas as pa

from monev.model import layout
from monev.model.iku import KODE_IKU_RE
from monev.model.kode import (
    ARAH,
    FREKUENSI,
    JENIS_TARGET,
    KAS_COLUMNS,
    KODE_INDIKATOR_RE,
    KODE_OPD_RE,
    LEVEL,
    NOMENKLATUR_RE,
    PERIODE_RE,
    POLARITAS,
    SIFAT,
    SINGKATAN_RE,
    STATUS_TL,
)
from monev.model.nomenklatur import AKHIR_PERIODE, LEVEL_NOMENKLATUR, POLA_LEVEL


def _str(pattern: str | None = None, *, nullable: bool = False, unique: bool = False, isin=None):
    checks = []
    if pattern:
        checks.append(pa.Check.str_matches(pattern))
    if isin:
        checks.append(pa.Check.isin(isin))
    return pa.Column(str, checks=checks, nullable=nullable, unique=unique)


# ---------------------------------------------------------------- reference files (data/reference)

YA_TIDAK = ("ya", "tidak")

OPD = pa.DataFrameSchema(
    {
        "kode_opd": _str(KODE_OPD_RE, unique=True),
        "singkatan": _str(SINGKATAN_RE, unique=True),
        "nama_opd": _str(),
        "asisten": _str(),  # checked against daerah.yaml on load
    },
    strict=True,
    coerce=True,
    name="opd.csv",
)

INDIKATOR = pa.DataFrameSchema(
    {
        "kode_indikator": _str(KODE_INDIKATOR_RE, unique=True),
        "nama_indikator": _str(),
        "satuan": _str(),
        "polaritas": _str(isin=POLARITAS),
        "arah_rentang": _str(isin=ARAH, nullable=True),
        "level": _str(isin=LEVEL),
        "kode_opd": _str(KODE_OPD_RE, nullable=True),
        # one IKU code or several separated by ";" (model.iku), each checked by reference.py
        "kode_iku": _str(KODE_IKU_RE, nullable=True),
        "sifat": _str(isin=SIFAT),
        "kode_nomenklatur": _str(nullable=True),
        # what the end-of-plan target means: total over the plan years, or a level (data-model.md)
        "akhir_periode": _str(isin=AKHIR_PERIODE, nullable=True),
        "bobot": pa.Column(float, pa.Check.gt(0)),
        "sumber_utama": _str(nullable=True),
        # plausibility bounds (empty: the defaults of the unit, monev.model.angka.batas_indikator)
        "nilai_min": pa.Column(float, nullable=True),
        "nilai_maks": pa.Column(float, nullable=True),
        "boleh_negatif": _str(isin=YA_TIDAK, nullable=True),
        # a statistic's reference year = the report's year minus this (LPE: 1) (data-model.md)
        "jeda_tahun_data": pa.Column(float, pa.Check.isin([0, 1, 2, 3, 4, 5]), nullable=True),
        # reporting frequency (empty = bulanan; filled in by monev.data.reference)
        "frekuensi": _str(isin=tuple(FREKUENSI)),
    },
    checks=[
        pa.Check(
            lambda df: ~(df["nilai_min"] > df["nilai_maks"]),
            error="nilai_min tidak boleh lebih besar dari nilai_maks",
        ),
    ],
    strict=True,
    coerce=True,
    name="indikator.csv",
)

TARGET = pa.DataFrameSchema(
    {
        "kode_indikator": _str(KODE_INDIKATOR_RE),
        "tahun": pa.Column(int, pa.Check.in_range(2000, 2100)),
        "jenis": _str(isin=JENIS_TARGET),
        "ke": pa.Column(int, pa.Check.in_range(0, 12)),
        "target": pa.Column(float, nullable=True),
        "target_bawah": pa.Column(float, nullable=True),
        "target_atas": pa.Column(float, nullable=True),
        # pagu (Rp) of the program/kegiatan the indicator measures, for that year / plan end
        "anggaran": pa.Column(float, pa.Check.ge(0), nullable=True),
    },
    checks=[
        # a point target, or both bounds of a range target, never both or neither
        pa.Check(
            lambda df: (
                df["target"].notna() ^ (df["target_bawah"].notna() & df["target_atas"].notna())
            ),
            error="isi target, atau target_bawah dan target_atas untuk target rentang",
        ),
        pa.Check(
            lambda df: ~(df["target_bawah"] > df["target_atas"]),
            error="target_bawah tidak boleh lebih besar dari target_atas",
        ),
    ],
    unique=["kode_indikator", "tahun", "jenis", "ke"],
    strict=True,
    coerce=True,
    name="target.csv",
)

ANGGARAN = pa.DataFrameSchema(
    {
        "tahun": pa.Column(int, pa.Check.in_range(2000, 2100)),
        "kode_opd": _str(KODE_OPD_RE),
        "kode_kegiatan": _str(NOMENKLATUR_RE),
        "nama_kegiatan": _str(),
        "pagu": pa.Column(float, pa.Check.ge(0)),
        **{kas: pa.Column(float, pa.Check.ge(0)) for kas in KAS_COLUMNS},
    },
    unique=["tahun", "kode_opd", "kode_kegiatan"],
    strict=True,
    coerce=True,
    name="anggaran.csv",
)

IKU_RIWAYAT = pa.DataFrameSchema(
    {
        "kode_indikator": _str(KODE_INDIKATOR_RE),
        "tahun": pa.Column(int, pa.Check.in_range(2000, 2100)),
        "nilai": pa.Column(float),
        "sumber": _str(),
    },
    unique=["kode_indikator", "tahun", "sumber"],
    strict=True,
    coerce=True,
    name="iku_riwayat.csv",
)

NOMENKLATUR = pa.DataFrameSchema(
    {
        "level": _str(isin=LEVEL_NOMENKLATUR),
        "kode": _str(unique=True),
        "nama": _str(),
    },
    checks=[
        pa.Check(
            lambda df: df.apply(
                lambda r: bool(re.match(POLA_LEVEL.get(r["level"], "$^"), str(r["kode"]))), axis=1
            ),
            error="kode tidak sesuai pola levelnya (urusan 1, bidang 1.02, program 1.02.02, "
            "kegiatan 1.02.02.2.01, sub kegiatan 1.02.02.2.01.0001)",
        ),
    ],
    strict=True,
    coerce=True,
    name="nomenklatur.csv",
)

REFERENCE_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "opd": OPD,
    "indikator": INDIKATOR,
    "target": TARGET,
    "anggaran": ANGGARAN,
    "iku_riwayat": IKU_RIWAYAT,
    "nomenklatur": NOMENKLATUR,
}

# ------------------------------------------------------------------ store tables (data/monev.duckdb)

BERKAS = pa.DataFrameSchema(
    {
        "sha256": _str(r"^[0-9a-f]{64}$"),
        "nama_berkas": _str(),
        "kode_opd": _str(KODE_OPD_RE),
        "periode": _str(PERIODE_RE),
        "bagian": _str(isin=("semua", *(b.name for b in layout.BAGIAN))),  # an .xlsx, or a CSV part
        "diterima": pa.Column("datetime64[us]"),
        "dimuat": pa.Column("datetime64[us]"),
        "arsip": _str(),
        "jumlah_peringatan": pa.Column(int, pa.Check.ge(0)),
    },
    unique=["sha256", "kode_opd", "periode", "bagian"],
    strict=True,
    coerce=True,
    name="berkas",
)

REALISASI = pa.DataFrameSchema(
    {
        "kode_opd": _str(KODE_OPD_RE),
        "periode": _str(PERIODE_RE),
        "kode_indikator": _str(KODE_INDIKATOR_RE),
        "sumber_data": _str(),
        "realisasi": pa.Column(float, nullable=True),
        "alasan_kosong": _str(nullable=True),
        "kendala": _str(nullable=True),
        "sha256": _str(r"^[0-9a-f]{64}$"),
    },
    unique=["kode_opd", "periode", "kode_indikator", "sumber_data"],
    strict=True,
    coerce=True,
    name="realisasi",
)

KEUANGAN = pa.DataFrameSchema(
    {
        "kode_opd": _str(KODE_OPD_RE),
        "periode": _str(PERIODE_RE),
        "kode_kegiatan": _str(),
        "realisasi_keuangan": pa.Column(float, nullable=True),
        "realisasi_fisik": pa.Column(float, nullable=True),
        "kendala": _str(nullable=True),
        "sha256": _str(r"^[0-9a-f]{64}$"),
    },
    unique=["kode_opd", "periode", "kode_kegiatan"],
    strict=True,
    coerce=True,
    name="keuangan",
)

TINDAK_LANJUT = pa.DataFrameSchema(
    {
        "kode_opd": _str(KODE_OPD_RE),
        "periode": _str(PERIODE_RE),
        "kode_tl": _str(),
        "masalah": _str(),
        "tindak_lanjut": _str(),
        "penanggung_jawab": _str(),
        "batas_waktu": pa.Column("datetime64[us]", nullable=True),
        "status": _str(isin=STATUS_TL),
        "keterangan": _str(nullable=True),
        "sha256": _str(r"^[0-9a-f]{64}$"),
    },
    unique=["kode_opd", "periode", "kode_tl"],
    strict=True,
    coerce=True,
    name="tindak_lanjut",
)

TEMUAN_MUAT = pa.DataFrameSchema(
    {
        "sha256": _str(r"^[0-9a-f]{64}$"),
        "tingkat": _str(isin=("galat", "peringatan")),
        "lembar": _str(nullable=True),
        "sel": _str(nullable=True),
        "kolom": _str(nullable=True),
        "nilai": _str(nullable=True),
        "pesan": _str(),
    },
    strict=True,
    coerce=True,
    name="temuan_muat",
)

RIWAYAT_BERKAS = pa.DataFrameSchema(
    {
        "sha256": _str(r"^[0-9a-f]{64}$"),
        "nama_berkas": _str(),
        "kode_opd": _str(KODE_OPD_RE),
        "periode": _str(PERIODE_RE),
        "bagian": _str(isin=("semua", *(b.name for b in layout.BAGIAN))),
        "revisi": pa.Column(int, pa.Check.ge(0)),
        "diterima": pa.Column("datetime64[us]"),
        "dimuat": pa.Column("datetime64[us]"),
        "arsip": _str(),
        "jumlah_peringatan": pa.Column(int, pa.Check.ge(0)),
        "diganti_oleh": _str(r"^[0-9a-f]{64}$", nullable=True),  # the version that outranked it
        "diganti": pa.Column("datetime64[us]", nullable=True),  # when
    },
    unique=["sha256", "kode_opd", "periode", "bagian"],
    strict=True,
    coerce=True,
    name="riwayat_berkas",
)

STORE_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "berkas": BERKAS,
    "realisasi": REALISASI,
    "keuangan": KEUANGAN,
    "tindak_lanjut": TINDAK_LANJUT,
    "temuan_muat": TEMUAN_MUAT,
    "riwayat_berkas": RIWAYAT_BERKAS,
}
