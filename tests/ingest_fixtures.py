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
REALISASI_COLUMN = "E"  # Kinerja: the column headed "Realisasi"


def ref_of(root: Path) -> Referensi:
    return load_reference(Workbook.at(root).reference)


def opd_code(ref: Referensi, singkatan: str = "DPUPR") -> str:
    return ref.opd.set_index("singkatan").loc[singkatan, "kode_opd"]


def own_indicators(ref: Referensi, singkatan: str = "DPUPR") -> pd.DataFrame:
    """The OPD's indicators in the order of its template's Kinerja rows."""
    ind = ref.indikator[ref.indikator["kode_opd"] == opd_code(ref, singkatan)]
    return ind.sort_values("kode_indikator").reset_index(drop=True)


def realisasi_cell(ref: Referensi, kode_indikator: str, singkatan: str = "DPUPR") -> str:
    """The Kinerja cell (A1) of an indicator's realisasi in a template filled one row each."""
    codes = list(own_indicators(ref, singkatan)["kode_indikator"])
    return f"{REALISASI_COLUMN}{layout.HEADER_ROW + 1 + codes.index(kode_indikator)}"


def indicator(ref: Referensi, singkatan: str = "DPUPR", **where) -> str:
    """The first of the OPD's indicators (template order) whose columns equal ``where``."""
    ind = own_indicators(ref, singkatan)
    for column, value in where.items():
        ind = ind[ind[column] == value]
    return str(ind["kode_indikator"].iloc[0])


def submission(
    root: Path,
    folder: Path,
    singkatan: str = "DPUPR",
    periode: str = PERIODE,
    realisasi: object = 50.0,
    keuangan: float | None = 0.5,
    fisik: float | None = 50.0,
    tindak_lanjut: pd.DataFrame | None = None,
) -> Path:
    """A filled template: every indicator ``realisasi`` (a value for all, or a dict by code,
    missing codes left empty), every budget line ``keuangan`` × pagu spent and ``fisik`` %."""
    ref = ref_of(root)
    kode = opd_code(ref, singkatan)
    ind = ref.indikator[ref.indikator["kode_opd"] == kode]
    if isinstance(realisasi, dict):
        values = [realisasi.get(k) for k in ind["kode_indikator"]]
    else:
        values = [realisasi] * len(ind)
    kinerja = pd.DataFrame(
        {
            "kode_indikator": ind["kode_indikator"],
            "realisasi": pd.Series(values, index=ind.index, dtype=object),
            "kendala": None,
            "sumber_data": "Laporan bidang",
        }
    )
    tahun = int(periode[:4])
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode) & (ref.anggaran["tahun"] == tahun)]
    anggaran = pd.DataFrame(
        {
            "kode_kegiatan": ang["kode_kegiatan"],
            "realisasi_keuangan": None if keuangan is None else (ang["pagu"] * keuangan).round(),
            "realisasi_fisik": fisik,
            "kendala": None,
        }
    )
    tl = (
        tindak_lanjut
        if tindak_lanjut is not None
        else pd.DataFrame(columns=layout.TINDAK_LANJUT.names)
    )
    path = folder / layout.file_name(singkatan, periode)
    return write_submission(path, ref, kode, periode, kinerja, anggaran, tl)


def clean_submission(
    root: Path, folder: Path, singkatan: str = "DPUPR", periode: str = PERIODE
) -> Path:
    """A valid filled template: every indicator 50, every budget line half spent."""
    return submission(root, folder, singkatan, periode)


def edit_cell(path: Path, sheet: str, cell: str, value, number_format: str | None = None) -> Path:
    """Change one cell as an OPD would in Excel (protection off, as Excel keeps no password here)."""
    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    ws[cell].value = value
    if number_format:
        ws[cell].number_format = number_format
    book.save(path)
    return path
