"""Ingest: every item of the bad-input catalogue in a real file, the exact cell and severity
reported, and the store unchanged when a file is refused (data-quality.md §2–4)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import duckdb
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_fixtures import (
    PERIODE,
    clean_submission,
    edit_cell,
    indicator,
    opd_code,
    realisasi_cell,
    ref_of,
)

from monev.data.files import file_sha256
from monev.data.ingest import ingest_files
from monev.data.store import StoreBusyError, read_table
from monev.model import layout
from monev.model.angka import AngkaError, format_angka_id, parse_angka
from monev.model.workbook import Workbook

TABLES = ("berkas", "realisasi", "keuangan", "tindak_lanjut", "temuan_muat")


def snapshot(root):
    wb = Workbook.at(root)
    return {
        t: read_table(wb.store, t).sort_values(list(read_table(wb.store, t).columns[:4])).to_csv()
        for t in TABLES
    }


@pytest.fixture
def wb(sample_workbook_copy, tmp_path):
    """A loaded sample workbook copy, and a folder for new files."""
    (tmp_path / "masuk").mkdir()
    return sample_workbook_copy, tmp_path / "masuk"


# (description, edit (unit of the indicator, value, number_format), expected severity, loaded?,
# value stored); the value goes into the Realisasi cell of DPUPR's first indicator of that unit
CATALOGUE = [
    ("desimal koma", ("%", "85,5", None), None, True, 85.5),
    ("ribuan titik", ("km", "1.234", None), None, True, 1234.0),
    ("desimal Inggris", ("%", "85.5", None), "galat", False, None),
    ("desimal Inggris kecil", ("%", "0.1", None), "galat", False, None),
    ("persen teks", ("%", "85,5 %", None), None, True, 85.5),
    ("sel format persen", ("%", 0.855, "0.0%"), None, True, 85.5),
    ("placeholder", ("%", "belum ada data", None), "peringatan", True, None),
    ("strip", ("%", "-", None), "peringatan", True, None),
    ("galat Excel", ("%", "#DIV/0!", None), "galat", False, None),
    ("spasi tak terputus", ("%", "\xa085,5 ", None), None, True, 85.5),
    ("teks bukan angka", ("%", "delapan puluh", None), "galat", False, None),
]


@pytest.mark.parametrize(
    ("nama", "edit", "tingkat", "dimuat", "nilai"), CATALOGUE, ids=[c[0] for c in CATALOGUE]
)
def test_catalogue_item(wb, nama, edit, tingkat, dimuat, nilai):
    root, folder = wb
    path = clean_submission(root, folder)
    satuan, value, fmt = edit
    ref = ref_of(root)
    kode_ind = indicator(ref, satuan=satuan)
    sheet, cell = "Kinerja", realisasi_cell(ref, kode_ind)
    edit_cell(path, sheet, cell, value, fmt)
    before = snapshot(root)
    hasil = ingest_files(Workbook.at(root), [path]).berkas[0]
    if tingkat:
        cocok = [t for t in hasil.findings if t.cell == cell]
        assert cocok, [(t.cell, t.message()) for t in hasil.findings]
        assert cocok[0].severity == tingkat and cocok[0].sheet == sheet
        assert cocok[0].column == "Realisasi"
        pesan = cocok[0].message()
        assert pesan and (
            "85,5" in pesan or "belum ada" in pesan or "Excel" in pesan or "(bukan 0)" in pesan
        )
    assert (hasil.status == "dimuat") is dimuat
    if not dimuat:
        assert snapshot(root) == before  # a refused file changes nothing
        return
    r = read_table(Workbook.at(root).store, "realisasi")
    row = r[
        (r["kode_opd"] == opd_code(ref))
        & (r["periode"] == PERIODE)
        & (r["kode_indikator"] == kode_ind)
    ]
    assert len(row) == 1
    stored = row["realisasi"].iloc[0]
    assert (stored != stored and nilai is None) or stored == pytest.approx(nilai)
    if nilai is None:
        assert isinstance(row["alasan_kosong"].iloc[0], str)  # missing with its reason, never 0


def test_budget_rules_and_file_level_refusals(wb):
    root, folder = wb
    path = clean_submission(root, folder)
    edit_cell(path, "Anggaran", "E5", 9.9e13)  # more than the pagu
    edit_cell(path, "Anggaran", "F5", 120)  # fisik above 100
    hasil = ingest_files(Workbook.at(root), [path]).berkas[0]
    assert hasil.status == "ditolak"
    sel = {t.cell: t.message_key for t in hasil.findings}
    assert sel["E5"] == "lebih_pagu" and sel["F5"] == "persen_luar"
    table = hasil.findings_table()
    assert {"berkas", "lembar", "sel", "kolom", "nilai", "tingkat", "pesan"} <= set(table.columns)


@pytest.mark.parametrize(
    ("nama", "isi", "pesan"),
    [
        ("DPUPR_2026-10.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100, ".xlsx"),
        ("DPUPR_2026-10.xlsm", b"PK", "makro"),
        ("DPUPR_2026-10.xlsx", b"\xd0\xcf\x11\xe0" + b"0" * 100, "kata sandi"),
        ("DPUPR_2026-10.xlsx", b"bukan zip", "rusak"),
    ],
)
def test_refused_formats_say_what_to_do(wb, nama, isi, pesan):
    root, folder = wb
    path = folder / nama
    path.write_bytes(isi)
    before = snapshot(root)
    hasil = ingest_files(Workbook.at(root), [path]).berkas[0]
    assert hasil.status == "ditolak"
    assert pesan in hasil.findings[0].message()
    assert snapshot(root) == before


def test_csv_semicolon_bom_and_windows_1252(wb):
    root, folder = wb
    ref = ref_of(root)
    kode = opd_code(ref, "DUKCAPIL")
    ind = ref.indikator[ref.indikator["kode_opd"] == kode]["kode_indikator"].tolist()
    header = "Kode Indikator;Indikator;Satuan;Target;Realisasi;Kendala / Catatan;Sumber Data"
    baris = [
        f"{k};x;%;;{'85,5' if i == 0 else '60'};Jalan rusak — café;Data dinas"
        for i, k in enumerate(ind)
    ]
    text = "\r\n".join([header, *baris]) + "\r\n"
    for enc in ("utf-8-sig", "cp1252"):
        path = folder / f"DUKCAPIL_{PERIODE}_kinerja.csv"
        path.write_bytes(text.encode(enc))
        hasil = ingest_files(Workbook.at(root), [path]).berkas[0]
        assert hasil.status in ("dimuat", "sama"), hasil.findings_table().to_string()
        r = read_table(Workbook.at(root).store, "realisasi")
        row = r[
            (r["kode_opd"] == kode) & (r["periode"] == PERIODE) & (r["kode_indikator"] == ind[0])
        ]
        assert row["realisasi"].iloc[0] == 85.5
        assert row["kendala"].iloc[0] == "Jalan rusak — café"


def test_csv_english_decimal_reports_cell(wb):
    root, folder = wb
    ref = ref_of(root)
    ind = ref.indikator[ref.indikator["kode_opd"] == opd_code(ref, "DUKCAPIL")][
        "kode_indikator"
    ].tolist()
    path = folder / f"DUKCAPIL_{PERIODE}_kinerja.csv"
    path.write_text(
        "Kode Indikator;Realisasi\n" + "\n".join(f"{k};85.5" for k in ind) + "\n", encoding="utf-8"
    )
    before = snapshot(root)
    hasil = ingest_files(Workbook.at(root), [path]).berkas[0]
    assert hasil.status == "ditolak"
    first = hasil.findings[0]
    assert (first.cell, first.severity, first.column) == ("B2", "galat", "Realisasi")
    assert len(hasil.findings) == len(ind)  # lazy: every bad cell in one pass
    assert snapshot(root) == before


def test_reload_replaces_exactly_that_opd_period_and_same_file_twice_is_once(wb):
    root, folder = wb
    path = clean_submission(root, folder)
    ingest_files(Workbook.at(root), [path])
    once = snapshot(root)
    again = ingest_files(Workbook.at(root), [path]).berkas[0]
    assert again.status == "sama" and snapshot(root) == once
    r = read_table(Workbook.at(root).store, "realisasi")
    ref = ref_of(root)
    mine = (r["kode_opd"] == opd_code(ref)) & (r["periode"] == PERIODE)
    assert (r.loc[mine, "realisasi"] == 50.0).all()
    others = r[~mine]
    assert len(others) > 0 and not (others["realisasi"] == 50.0).all()
    arsip = Workbook.at(root).raw / f"{again.sha256}.xlsx"
    assert arsip.read_bytes() == path.read_bytes()  # archived unchanged


def test_store_locked_by_another_process_gives_clear_message(wb):
    root, folder = wb
    store = Workbook.at(root).store
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(store)!r}); print('ok', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline().strip() == b"ok"
        with pytest.raises(StoreBusyError, match="dipakai program lain"):
            ingest_files(Workbook.at(root), [clean_submission(root, folder)])
    finally:
        holder.kill()
        holder.wait()


def test_kill_mid_transaction_leaves_earlier_data_intact(wb):
    root, folder = wb
    before = snapshot(root)
    path = clean_submission(root, folder)
    env = {**os.environ, "MONEV_UJI_JEDA_TRANSAKSI": "30"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "monev.cli", "ingest", "--root", str(root), str(path)], env=env
    )
    try:
        arsip = Workbook.at(root).raw / f"{file_sha256(path)}.xlsx"
        deadline = time.time() + 60
        while time.time() < deadline and not arsip.exists():  # archived: the transaction is next
            time.sleep(0.1)
        assert arsip.exists()
        time.sleep(2)  # now inside the transaction, sleeping on the test hook
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(root) == before
    with duckdb.connect(str(Workbook.at(root).store)) as con:  # reopens cleanly
        assert con.execute("SELECT count(*) FROM realisasi").fetchone()[0] > 0


@given(
    st.decimals(
        min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
    )
)
def test_indonesian_numbers_parse_back(value):
    text = format_angka_id(float(value), 2)
    assert parse_angka(text).nilai == pytest.approx(float(value), abs=1e-9)


@given(st.text(alphabet="0123456789.,% -abc", min_size=1, max_size=12))
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_anything_else_is_refused_or_exactly_indonesian(text):
    try:
        got = parse_angka(text).nilai
    except AngkaError:
        return
    # accepted: it must be the value the Indonesian reading gives, digit for digit
    cleaned = text.strip().replace(" %", "%").rstrip("%").strip()
    sign = -1 if cleaned.startswith("-") else 1
    body = cleaned.lstrip("+-")
    bulat, _, pecahan = body.partition(",")
    assert "." not in pecahan
    if "." in bulat:
        groups = bulat.split(".")
        assert all(len(g) == 3 for g in groups[1:]) and not groups[0].startswith("0")
    expected = sign * float(bulat.replace(".", "") + ("." + pecahan if pecahan else ""))
    assert got == expected


def test_valid_file_twice_equals_once_property(wb):
    root, folder = wb
    path = clean_submission(root, folder)
    ingest_files(Workbook.at(root), [path])
    once = snapshot(root)
    ingest_files(Workbook.at(root), [path])
    assert snapshot(root) == once


@pytest.mark.parametrize("version", ["2", "99", "", "1.0"])
def test_unknown_template_version_is_refused_naming_file_sheet_value(wb, version):
    root, folder = wb
    path = clean_submission(root, folder)
    edit_cell(path, layout.META_SHEET, "B3", version or None)
    before = snapshot(root)
    hasil = ingest_files(Workbook.at(root), [path]).berkas[0]
    assert hasil.status == "ditolak"
    (found,) = hasil.findings
    assert (found.sheet, found.cell, found.severity) == (layout.META_SHEET, "B3", "galat")
    text = found.message()
    assert path.name in text and layout.META_SHEET in text and repr(version) in text
    assert "versi " + ", ".join(sorted(layout.READABLE_TEMPLATE_VERSIONS)) in text
    assert version not in layout.READABLE_TEMPLATE_VERSIONS
    assert snapshot(root) == before


def test_readable_template_version_is_accepted(wb):
    root, folder = wb
    path = clean_submission(root, folder)
    book = openpyxl.load_workbook(path)
    assert book[layout.META_SHEET]["B3"].value in layout.READABLE_TEMPLATE_VERSIONS
    assert ingest_files(Workbook.at(root), [path]).berkas[0].status == "dimuat"
