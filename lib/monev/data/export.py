"""The one export function of the workbook: CSV or Excel, formulas neutralised, written atomically.

Text starting with ``= + - @``, tab, CR or LF gets a leading apostrophe so that Excel shows it as
text instead of running it (formula injection); numbers stay numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from monev.data.files import atomic_write

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise_formula(value):
    """A text that Excel would run as a formula, made plain text; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _neutralised(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out.columns = [neutralise_formula(str(c)) for c in out.columns]
    for col in out.columns:
        if (
            out[col].dtype == object
            or pd.api.types.is_string_dtype(out[col])
            or isinstance(out[col].dtype, pd.CategoricalDtype)
        ):
            out[col] = out[col].astype(object).map(neutralise_formula)
    return out


def export_table(data: pd.DataFrame | Mapping[str, pd.DataFrame], path: str | Path) -> Path:
    """Write one table (CSV or .xlsx) or several (.xlsx, one sheet each)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = {"Data": data} if isinstance(data, pd.DataFrame) else dict(data)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if len(frames) != 1:
            raise ValueError("CSV hanya memuat satu tabel; pakai .xlsx untuk beberapa lembar.")
        frame = _neutralised(next(iter(frames.values())))

        def write(fh) -> None:
            frame.to_csv(fh, index=False, sep=";", encoding="utf-8-sig", decimal=",")

    elif suffix == ".xlsx":

        def write(fh) -> None:
            with pd.ExcelWriter(fh, engine="openpyxl") as writer:
                for name, frame in frames.items():
                    _neutralised(frame).to_excel(writer, sheet_name=str(name)[:31], index=False)

    else:
        raise ValueError(f"Format {path.suffix!r} tidak didukung: pakai .csv atau .xlsx.")
    atomic_write(path, write)
    return path
