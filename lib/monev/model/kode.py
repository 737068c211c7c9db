"""Code patterns and closed vocabularies of the data model.

Plain constants, apart from the pandera schemas that use them, so the engine and the report
kernels can import them without loading pandera.
"""

from __future__ import annotations

KODE_OPD_RE = r"^\d\.\d{2}\.\d\.\d{2}\.\d\.\d{2}\.\d{2}\.\d{4}$"
SINGKATAN_RE = r"^[A-Z][A-Z0-9-]{1,15}$"
KODE_INDIKATOR_RE = r"^[A-Z0-9][A-Z0-9.-]{1,30}$"
NOMENKLATUR_RE = r"^\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}$"
PERIODE_RE = r"^\d{4}-(0[1-9]|1[0-2])$"

POLARITAS = ("positif", "negatif", "rentang")
ARAH = ("positif", "negatif")
LEVEL = ("IKU", "sasaran", "program", "kegiatan")
SIFAT = ("kumulatif", "terakhir", "rata-rata")
# reporting frequency of an indicator (methods.md §4): months between two values due
FREKUENSI = {"bulanan": 1, "triwulanan": 3, "semesteran": 6, "tahunan": 12}
JENIS_TARGET = ("tahunan", "triwulan", "bulanan", "akhir_rpjmd")
STATUS_TL = ("belum", "proses", "selesai")
KAS_COLUMNS = tuple(f"kas_{m:02d}" for m in range(1, 13))
