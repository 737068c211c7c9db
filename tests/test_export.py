"""The one export function: formulas neutralised, CSV with BOM and Indonesian decimals, several
sheets in .xlsx, written atomically (a failed write leaves the old file and no temporary one)."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from monev.data.export import export_table

FRAME = pd.DataFrame({"nama": ['=HYPERLINK("x")', "+1", "biasa"], "nilai": [1.5, -2.0, 3.0]})


def test_csv_neutralised_with_bom_and_comma_decimals(tmp_path):
    path = export_table(FRAME, tmp_path / "a" / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert list(back["nama"]) == ['\'=HYPERLINK("x")', "'+1", "biasa"]  # text escaped
    assert list(back["nilai"]) == [1.5, -2.0, 3.0]  # numbers stay numbers
    assert raw.decode("utf-8-sig").splitlines()[1].endswith(";1,5")
    assert list(tmp_path.joinpath("a").iterdir()) == [path]


def test_xlsx_sheets_and_no_live_formula(tmp_path):
    path = export_table({"Satu": FRAME, "Dua": FRAME.head(1)}, tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Satu", "Dua"]
    assert book["Satu"]["A2"].value == '\'=HYPERLINK("x")' and book["Satu"]["A2"].data_type == "s"
    assert book["Satu"]["B3"].value == -2.0


def test_a_failed_write_keeps_the_old_file(tmp_path):
    path = export_table(FRAME, tmp_path / "t.xlsx")
    before = path.read_bytes()
    with pytest.raises(ValueError):
        export_table({"Satu": FRAME, "a/b": FRAME}, path)  # "/" is not allowed in a sheet name
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]
