"""The one CSV delimiter rule, table-driven, and both CSV readers (ingest and ``monev capaian``)
using it on real files."""

from __future__ import annotations

import pytest
from openpyxl.utils import get_column_letter

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


# ------------------------------------------------------------ no silent acceptance in the readers


def _refusal(path, **kwargs) -> str:
    """The message of the reader's refusal of ``path`` (the test fails if it is not refused)."""
    with pytest.raises(readers.FileRefused) as info:
        if path.suffix == ".csv":
            readers.read_csv(path, layout.KINERJA, **kwargs)
        else:
            readers.check_file_format(path, **kwargs)
            readers.read_xlsx(path, **kwargs)
    return str(info.value)


@pytest.fixture
def template(sample_workbook, tmp_path):
    from ingest_fixtures import clean_submission

    return clean_submission(sample_workbook, tmp_path)


def _ingest(root, path):
    from monev.data.ingest import ingest_files
    from monev.data.store import read_table
    from monev.model.workbook import Workbook

    wb = Workbook.at(root)
    before = read_table(wb.store, "realisasi")
    (result,) = ingest_files(wb, [path]).berkas
    assert read_table(wb.store, "realisasi").equals(before) or result.status != "ditolak"
    return result


def test_a_second_realisasi_header_is_refused_naming_both_cells(template, sample_workbook_copy):
    from ingest_fixtures import edit_cell

    row = layout.HEADER_ROW
    edit_cell(template, "Kinerja", f"H{row}", "Realisasi ")  # beside the template's E4
    edit_cell(template, "Kinerja", f"H{row + 1}", 99)
    text = _refusal(template)
    assert f"E{row}" in text and f"H{row}" in text and "dua kali" in text
    assert template.name in text and "Kinerja" in text
    result = _ingest(sample_workbook_copy, template)
    assert result.status == "ditolak"
    assert f"H{row}" in result.findings[0].message()


def test_a_second_realisasi_header_in_a_csv_is_refused(tmp_path):
    path = tmp_path / "DPUPR_2026-10_kinerja.csv"
    path.write_text("Kode Indikator;Realisasi;realisasi\n1.01;85;90\n", encoding="utf-8")
    text = _refusal(path)
    assert "B1" in text and "C1" in text


def test_comma_csv_with_decimal_commas_is_refused_asking_for_semicolons(tmp_path):
    path = tmp_path / "DPUPR_2026-10_kinerja.csv"
    header = ",".join(layout.KINERJA.headers)
    path.write_text(
        header + "\n1.03.01.001,Jalan mantap,%,90,85,5,,Laporan\n", encoding="utf-8"
    )  # 85,5 split in two columns
    text = _refusal(path)
    assert "(;)" in text and "baris 2" in text and path.name in text


def test_comma_csv_with_quoted_decimal_commas_is_read(tmp_path):
    path = tmp_path / "DPUPR_2026-10_kinerja.csv"
    header = ",".join(layout.KINERJA.headers)
    path.write_text(header + '\n1.03.01.001,Jalan mantap,%,90,"85,5",,Laporan\n', "utf-8")
    table = readers.read_csv(path, layout.KINERJA)
    assert table.rows[0]["realisasi"].value == "85,5"


def test_a_renamed_notes_column_is_refused_not_dropped(template):
    from ingest_fixtures import edit_cell

    kolom = get_column_letter(layout.KINERJA.position("kendala"))
    ref = f"{kolom}{layout.HEADER_ROW}"
    edit_cell(template, "Kinerja", ref, "Catatan")
    edit_cell(template, "Kinerja", f"{kolom}{layout.HEADER_ROW + 1}", "jalan rusak berat")
    text = _refusal(template)
    assert ref in text and "'Catatan'" in text and "'Kendala / Catatan'" in text


def test_an_extra_column_beside_the_template_is_kept_as_ignored(template):
    from ingest_fixtures import edit_cell

    edit_cell(template, "Kinerja", f"H{layout.HEADER_ROW}", "Keterangan Tambahan")
    _, tables, _ = readers.read_xlsx(template)
    table = tables[layout.KINERJA.name]
    assert [(c.ref, c.value) for c in table.ignored] == [
        (f"H{layout.HEADER_ROW}", "Keterangan Tambahan")
    ]
    assert table.rows  # everything of the template is still read


def _set_xml(path, part, change):
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts[part] = change(parts[part].decode()).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_a_formula_without_a_cached_value_is_refused(template, sample_workbook_copy):
    from ingest_fixtures import edit_cell

    ref = f"E{layout.HEADER_ROW + 1}"
    edit_cell(template, "Kinerja", ref, "=40+10")  # openpyxl saves no value, as such programs do
    text = _refusal(template)
    assert "simpan ulang di Excel" in text and ref in text and "Kinerja" in text
    result = _ingest(sample_workbook_copy, template)
    assert result.status == "ditolak" and ref in result.findings[0].message()


def test_a_formula_with_its_cached_value_is_read(template):
    import re
    import zipfile

    from ingest_fixtures import edit_cell

    ref = f"E{layout.HEADER_ROW + 1}"
    edit_cell(template, "Kinerja", ref, "=40+10")
    with zipfile.ZipFile(template) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/")]
    for part in sheets:  # as Excel saves it: the formula and its value
        _set_xml(
            template,
            part,
            lambda x: re.sub(r"<f>40\+10</f>(<v\s*/>|<v></v>)", "<f>40+10</f><v>50</v>", x),
        )
    _, tables, _ = readers.read_xlsx(template)
    cell = tables[layout.KINERJA.name].rows[0]["realisasi"]
    assert (cell.ref, cell.value) == (ref, 50)


def test_the_scan_counts_each_kind_against_its_own_limit(template, tmp_path):
    from test_resources import MAIN, write_xlsx

    sst = "".join(f"<si><t>teks {i}</t></si>" for i in range(10))
    other = write_xlsx(
        tmp_path / "lain.xlsx", {"xl/sharedStrings.xml": f'<sst xmlns="{MAIN}">{sst}</sst>'}
    )
    assert readers.scan_xlsx(other.read_bytes(), other.name).shared_strings == 10
    with pytest.raises(readers.FileRefused, match=r"lain\.xlsx memuat lebih dari 9 teks bersama"):
        readers.scan_xlsx(other.read_bytes(), other.name, readers.Limits(max_shared_strings=9))

    data = template.read_bytes()
    scan = readers.scan_xlsx(data, template.name)
    assert scan.cells > 10 and scan.styles > 2
    assert "Kinerja" in scan.sheets.values()
    cases = [
        (readers.Limits(max_cells=scan.cells - 1), "sel"),
        (readers.Limits(max_styles=scan.styles - 1), "gaya sel"),
        (readers.Limits(max_columns=3), "kolom"),
        (readers.Limits(max_rows=layout.HEADER_ROW), "baris"),
        (readers.Limits(max_entries=3), "bagian"),
        (readers.Limits(max_xml_elements=100), "unsur XML"),
    ]
    for limits, word in cases:
        with pytest.raises(readers.FileRefused) as info:
            readers.scan_xlsx(data, template.name, limits)
        assert word in str(info.value) and template.name in str(info.value), (word, info.value)


def test_a_doctype_is_refused(template):
    doctype = '<!DOCTYPE a [<!ENTITY b "c">]>'

    def add(xml: str) -> str:
        if xml.startswith("<?xml"):
            end = xml.index("?>") + 2
            return xml[:end] + doctype + xml[end:]
        return doctype + xml

    _set_xml(template, "xl/workbook.xml", add)
    assert "DOCTYPE" in _refusal(template)


def test_capaian_refuses_a_second_realisasi_column_naming_both_cells(tmp_path):
    from monev.data.tabel_capaian import TableError

    path = tmp_path / "tabel.csv"
    path.write_text(
        "Indikator;Polaritas;Target;Realisasi;Actual\nA;positif;80;85;90\n", encoding="utf-8"
    )
    with pytest.raises(TableError, match=r"D1.*E1"):
        read_table_file(path)


def test_capaian_refuses_a_formula_without_its_value(tmp_path):
    import openpyxl

    from monev.data.tabel_capaian import TableError

    book = openpyxl.Workbook()
    book.active.append(["Indikator", "Polaritas", "Target", "Realisasi"])
    book.active.append(["A", "positif", 80, "=80+5"])
    path = tmp_path / "tabel.xlsx"
    book.save(path)
    with pytest.raises(TableError, match=r"D2.*simpan ulang di Excel"):
        read_table_file(path)


def test_capaian_refuses_a_comma_table_with_decimal_commas(tmp_path):
    from monev.data.tabel_capaian import TableError

    path = tmp_path / "tabel.csv"
    path.write_text("indikator,polaritas,target,realisasi\nA,positif,80,85,5\n", encoding="utf-8")
    with pytest.raises(TableError, match=r"\(;\)"):
        read_table_file(path)
