"""The one export function of the workbook: CSV or Excel, formulas neutralised, written atomically.

Text starting with ``= + - @``, tab, CR or LF gets a leading apostrophe so that Excel shows it as
text instead of running it (formula injection); numbers stay numbers.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

BERBAHAYA = ("=", "+", "-", "@", "\t", "\r", "\n")


def netralkan(value):
    if isinstance(value, str) and value.startswith(BERBAHAYA):
        return "'" + value
    return value


def _bersih(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [netralkan(str(c)) for c in out.columns]
    for col in out.columns:
        if (
            out[col].dtype == object
            or pd.api.types.is_string_dtype(out[col])
            or isinstance(out[col].dtype, pd.CategoricalDtype)
        ):
            out[col] = out[col].astype(object).map(netralkan)
    return out


def export_table(data: pd.DataFrame | Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write one table (CSV or .xlsx) or several (.xlsx, one sheet each)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = {"Data": data} if isinstance(data, pd.DataFrame) else dict(data)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    if path.suffix.lower() == ".csv":
        if len(frames) != 1:
            raise ValueError("CSV hanya memuat satu tabel; pakai .xlsx untuk beberapa lembar.")
        _bersih(next(iter(frames.values()))).to_csv(
            tmp, index=False, sep=";", encoding="utf-8-sig", decimal=","
        )
    elif path.suffix.lower() == ".xlsx":
        with pd.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in frames.items():
                _bersih(frame).to_excel(writer, sheet_name=str(name)[:31], index=False)
    else:
        raise ValueError(f"Format {path.suffix!r} tidak didukung: pakai .csv atau .xlsx.")
    os.replace(tmp, path)
    return path
