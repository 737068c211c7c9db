"""The one CSV delimiter rule, table-driven, and both CSV readers (ingest and ``monev capaian``)
using it on real files."""

from __future__ import annotations

import pytest

from monev.data import readers
from monev.data.readers import csv_delimiter
from monev.data.tabel_capaian import read_table_file
from monev.model import layout

# (first line(s) of the file, expected delimiter)
CASES = [
    ("Kode Indikator;Realisasi", ";"),
    ("indikator,polaritas,target,realisasi", ","),
    ("Indikator", ";"),  # one column: a tie at zero, the Indonesian default
    ("", ";"),
    ("a;b,c", ";"),  # a tie: the Indonesian default
    ("a,b;c;d", ";"),
    ("a,b,c;d", ","),
    ('"Target (85,5 atau 80–90)";Realisasi', ";"),  # commas inside quotes do not count
    ('"a;b;c",d,e', ","),  # nor do semicolons
    ('"say ""x,y""";b', ";"),  # doubled quotes inside a quoted field
    ("a;b\nx,y,z,w", ";"),  # only the first line decides
    ("a,b\r\nx;y;z", ","),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(c[0]) for c in CASES])
def test_csv_delimiter(text, expected):
    assert csv_delimiter(text) == expected


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(c[0]) for c in CASES])
def test_capaian_table_reader_uses_the_rule(tmp_path, text, expected):
    path = tmp_path / "tabel.csv"
    path.write_text((text or "Indikator") + "\n", encoding="utf-8")
    assert read_table_file(path)[1] == csv_delimiter(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("sep", [";", ","])
def test_ingest_csv_reader_uses_the_rule(tmp_path, sep):
    path = tmp_path / "DPUPR_2026-10_kinerja.csv"
    path.write_text(sep.join(layout.KINERJA.headers) + "\n1.03.01.001" + sep * 4 + "85\n")
    table = readers.read_csv(path, layout.KINERJA)
    assert table.header["realisasi"] == "Realisasi"
    assert [(r["kode_indikator"].value, r["realisasi"].value) for r in table.rows] == [
        ("1.03.01.001", "85")
    ]
    assert table.rows[0]["realisasi"].ref == "E2"
