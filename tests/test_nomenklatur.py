"""The nomenclature (methods.md §9) and the attach check: codes by level, every reason a node
cannot be used, a whole reference checked, and a workbook without nomenklatur.csv."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from test_engine_evaluasi import O1, anggaran_row, indikator_row, make_ref, target_row

from monev.cli import main
from monev.engine.nomenklatur import masalah_kode, periksa_keterkaitan
from monev.model.nomenklatur import leluhur, level_kode

NOMEN = {"1", "1.03", "1.03.02", "1.03.02.2.01", "1.03.02.2.01.0001"}


@pytest.mark.parametrize(
    ("kode", "level"),
    [("1", "urusan"), ("1.03", "bidang_urusan"), ("1.03.02", "program"),
     ("1.03.02.2.01", "kegiatan"), ("1.03.02.2.01.0001", "sub_kegiatan"),
     ("1.01.01.02.01.0001", None), ("1.03.02 ", None), ("1.03.02\n", None), ("", None)],
)  # fmt: skip
def test_level_of_a_code(kode, level):
    assert level_kode(kode) == level


def test_ancestors():
    assert leluhur("1.03.02.2.01") == [
        ("urusan", "1"), ("bidang_urusan", "1.03"), ("program", "1.03.02"),
        ("kegiatan", "1.03.02.2.01"),
    ]  # fmt: skip
    assert leluhur("x") == []


@pytest.mark.parametrize(
    ("kode", "level", "pesan"),
    [
        ("1.03.02", "program", None),
        ("1.03.02.2.01", "kegiatan", None),
        (None, "program", "kode_nomenklatur kosong: isi kode program"),
        ("1.3.02", "program", "kode '1.3.02' tidak sesuai pola nomenklatur"),
        ("1.03.02.2.01.0001", "program",
         "kode 1.03.02.2.01.0001 adalah kode sub kegiatan; indikator ini perlu kode program "
         "(1.03.02)"),
        ("1.03.02", "kegiatan", "kode 1.03.02 adalah kode program; indikator ini perlu kode kegiatan"),
        ("1.03.09", "program", "kode 1.03.09 tidak ada di nomenklatur.csv"),
        ("2.15.01", "program", "kode 2, 2.15, 2.15.01 tidak ada di nomenklatur.csv"),
    ],
)  # fmt: skip
def test_why_a_code_does_not_attach(kode, level, pesan):
    assert masalah_kode(kode, level, NOMEN) == pesan


def test_check_names_indicators_and_budget_lines():
    ind = [
        indikator_row("BAIK", kode_nomenklatur="1.03.02"),
        indikator_row("TANPA", kode_nomenklatur=None, level="kegiatan"),
        indikator_row("KOSONG", kode_nomenklatur="1.03.02.2.01", level="kegiatan", opd=O1),
        indikator_row("SASARAN", level="sasaran"),  # a sasaran needs no code
    ]
    ang = [anggaran_row(O1, "1.03.02.2.01.0001", 100, [0] * 11 + [100], tahun=2026),
           anggaran_row(O1, "1.03.02.2.02.0001", 100, [0] * 11 + [100], tahun=2026),
           anggaran_row(O1, "1.03.02.2.02.0002", 100, [0] * 11 + [100], tahun=2025)]  # fmt: skip
    ref = make_ref(ind, [target_row("BAIK", 2026, 1)], ang)
    nomen = pd.DataFrame([(None, k, k) for k in NOMEN], columns=["level", "kode", "nama"])
    ref = dataclasses.replace(ref, nomenklatur=nomen)
    t = periksa_keterkaitan(ref, 2026)
    assert list(zip(t["jenis"], t["kode"], t["baris"], strict=True)) == [
        ("indikator", "TANPA", 3),
        ("anggaran", "1.03.02.2.02.0001", 3),  # 2025's line is not this year's business
    ]
    assert (
        t["masalah"].iloc[1] == "kode 1.03.02.2.02, 1.03.02.2.02.0001 tidak ada di nomenklatur.csv"
    )
    # KOSONG attaches (its kegiatan has a line); remove the line and it is named
    ref2 = dataclasses.replace(ref, anggaran=ref.anggaran.iloc[1:])
    t2 = periksa_keterkaitan(ref2, 2026)
    assert "KOSONG" in set(t2["kode"]) and "BAIK" in set(t2["kode"])
    pesan = t2.set_index("kode").loc["KOSONG", "masalah"]
    assert (
        pesan
        == "tidak ada baris anggaran 2026 OPD ini di bawah kode 1.03.02.2.01: kolom Rp-nya kosong"
    )


def test_workbook_without_nomenklatur_loads_and_export_refuses(sample_workbook_copy, capfd):
    from monev.data.reference import load_reference

    ref_dir = sample_workbook_copy / "data" / "reference"
    (ref_dir / "nomenklatur.csv").unlink()
    ref = load_reference(ref_dir)  # an older workbook still loads
    assert ref.nomenklatur.empty
    code = main(["export", "--root", str(sample_workbook_copy), "--periode", "2026-10"])
    err = capfd.readouterr().err
    assert code == 1 and "Galat:" in err and "nomenklatur.csv tidak ada" in err
    assert "Traceback" not in err
