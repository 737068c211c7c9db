"""One cell's strict reading and the one finding constructor (the catalogue of bad cells in real
files is ``test_ingest.py``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from monev.data.ingest import ERROR, MESSAGES, WARNING, finding
from monev.data.ingest.cells import read_date, read_number, read_text
from monev.data.readers import Cell


def cell(value, number_format="General", excel_error=False):
    return Cell("Kinerja", "E7", 7, "Realisasi", value, number_format, excel_error)


@pytest.mark.parametrize(
    ("value", "fmt", "expected", "keys"),
    [
        ("1.234,5", "General", (1234.5, None), []),
        (0.855, "0.0%", (85.5, None), []),
        (12, "General", (12.0, None), []),
        ("85.5", "General", (None, None), ["bukan_angka"]),
        (True, "General", (None, None), ["bukan_angka"]),
        (dt.date(2026, 1, 2), "General", (None, None), ["bukan_angka"]),
        ("#N/A", "General", (None, None), ["galat_excel"]),
        ("n/a", "General", (None, "n/a"), ["placeholder"]),
        ("\xa0 ", "General", (None, None), []),
        (None, "General", (None, None), []),
    ],
)
def test_read_number(value, fmt, expected, keys):
    findings = []
    assert read_number(cell(value, fmt), findings) == expected
    assert [f.message_key for f in findings] == keys
    for f in findings:  # located at the cell, with the value as found
        assert (f.sheet, f.cell, f.row, f.column) == ("Kinerja", "E7", 7, "Realisasi")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/12/2026", pd.Timestamp(2026, 12, 31)),
        ("2026-12-31", pd.Timestamp(2026, 12, 31)),
        ("31-12-2026", pd.Timestamp(2026, 12, 31)),
        (dt.datetime(2026, 12, 31, 8), pd.Timestamp(2026, 12, 31, 8)),
        (" ", None),
    ],
)
def test_read_date(value, expected):
    findings = []
    assert read_date(cell(value), findings) == expected
    assert findings == []


def test_read_date_refuses_other_text_and_read_text_normalises():
    findings = []
    assert read_date(cell("besok"), findings) is None
    assert [(f.message_key, f.value) for f in findings] == [("tanggal", "besok")]
    assert read_text(cell("  Jalan\xa0 rusak ")) == "Jalan rusak"
    assert read_text(cell("\xa0")) is None and read_text(None) is None


def test_the_catalogue_fixes_severity_and_the_constructor_refuses_unknown_keys():
    assert {m.severity for m in MESSAGES.values()} == {ERROR, WARNING}
    assert finding("placeholder", cell("-"), "-").severity == WARNING
    assert finding("lembar_hilang", value="Kinerja").message("en").startswith("Sheet 'Kinerja'")
    with pytest.raises(KeyError):
        finding("tidak_ada_pesan_ini", cell("x"), "x")
