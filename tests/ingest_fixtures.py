"""Build real OPD files for ingest tests: a filled template, then one deliberate defect."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd

from monev.data.reference import Referensi, load_reference
from monev.data.template import write_submission
from monev.model import layout
from monev.model.workbook import Workbook

PERIODE = "2026-10"


def ref_of(root: Path) -> Referensi:
    return load_reference(Workbook.at(root).reference)


def opd_code(ref: Referensi, singkatan: str = "DPUPR") -> str:
    return ref.opd.set_index("singkatan").loc[singkatan, "kode_opd"]


def clean_submission(
    root: Path, folder: Path, singkatan: str = "DPUPR", periode: str = PERIODE
) -> Path:
    """A valid filled template: every indicator 50, every budget line half spent."""
    ref = ref_of(root)
    kode = opd_code(ref, singkatan)
    ind = ref.indikator[ref.indikator["kode_opd"] == kode]
    kinerja = pd.DataFrame(
        {
            "kode_indikator": ind["kode_indikator"],
            "realisasi": 50.0,
            "kendala": None,
            "sumber_data": "Laporan bidang",
        }
    )
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode) & (ref.anggaran["tahun"] == 2026)]
    anggaran = pd.DataFrame(
        {
            "kode_kegiatan": ang["kode_kegiatan"],
            "realisasi_keuangan": (ang["pagu"] / 2).round(),
            "realisasi_fisik": 50.0,
            "kendala": None,
        }
    )
    tl = pd.DataFrame(columns=layout.TINDAK_LANJUT.names)
    path = folder / layout.file_name(singkatan, periode)
    return write_submission(path, ref, kode, periode, kinerja, anggaran, tl)


def edit_cell(path: Path, sheet: str, cell: str, value, number_format: str | None = None) -> Path:
    """Change one cell as an OPD would in Excel (protection off, as Excel keeps no password here)."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    ws[cell].value = value
    if number_format:
        ws[cell].number_format = number_format
    book.save(path)
    return path
