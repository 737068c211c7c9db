"""``outputs/<periode>/data/``: the tables the pages show (``monev.present.tabel_data``), as one
CSV each (UTF-8 with BOM, ``;``, decimal comma: Excel in an Indonesian locale opens it as is)
and one .xlsx with a sheet per table. Every file is written atomically by the one export function
(``monev.data.export.export_table``: formulas neutralised)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from monev.data.export import export_table

FOLDER = "data"


def nama_xlsx(periode: str) -> str:
    return f"monev_{periode}.xlsx"


def write_data(keluaran: Path, periode: str, tabel: dict[str, pd.DataFrame]) -> list[str]:
    """Write the tables under ``keluaran/data``; the file names, relative to ``keluaran``, CSVs
    first in table order, then the workbook."""
    folder = keluaran / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    nama = []
    for stem, frame in tabel.items():
        export_table(frame, folder / f"{stem}.csv")
        nama.append(f"{FOLDER}/{stem}.csv")
    export_table(tabel, folder / nama_xlsx(periode))
    nama.append(f"{FOLDER}/{nama_xlsx(periode)}")
    return nama


def data_files(keluaran: Path) -> list[str]:
    """The data files present (for the index), relative to ``keluaran``: the workbook first."""
    folder = keluaran / FOLDER
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.xlsx")) + sorted(folder.glob("*.csv"))
    return [f"{FOLDER}/{f.name}" for f in files]
