"""Periods, settings and the reference loader's messages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from monev.data.reference import ReferensiError, read_reference_file
from monev.model.periode import Periode, PeriodeError, rentang_periode
from monev.model.settings import Settings, SettingsError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02", Periode(2026, 2)),
        (" 2025-12 ", Periode(2025, 12)),
        (dt.date(2026, 3, 31), Periode(2026, 3)),
    ],
)
def test_periode_parse(text, expected):
    assert Periode.parse(text) == expected


@pytest.mark.parametrize("text", ["2026-13", "2026-2", "202602", "Feb 2026", "2026-00", ""])
def test_periode_refuses(text):
    with pytest.raises(PeriodeError, match="contoh"):
        Periode.parse(text)


def test_periode_arithmetic():
    p = Periode(2026, 1)
    assert str(p.tambah(-1)) == "2025-12"
    assert str(p.tambah(13)) == "2027-02"
    assert p.akhir == dt.date(2026, 1, 31)
    assert Periode(2024, 2).akhir == dt.date(2024, 2, 29)
    assert p.batas_kirim(10) == dt.date(2026, 2, 10)
    assert Periode(2026, 12).batas_kirim(10) == dt.date(2027, 1, 10)
    assert [p.triwulan for p in rentang_periode("2026-01", "2026-12")] == [1] * 3 + [2] * 3 + [
        3
    ] * 3 + [4] * 3
    assert Periode(2026, 2).label == "Februari 2026"


def test_settings_defaults_are_the_documented_ones():
    s = Settings()
    assert s.negative_formula == "2T-R"
    assert s.cap is None
    assert [b.batas_bawah for b in s.bands] == [90, 75, 65, 50, -math.inf]
    assert s.bands[0].label == "Sangat Tinggi"
    assert s.clip_before_mean is False
    assert s.trend_window == 6
    assert s.deadline_day == 10
    assert s.outlier_threshold == 3.5
    assert dict(s.milestones) == {3: 20.0, 6: 50.0, 9: 85.0}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"negative_formula": "R/T"}, "rumus_negatif"),
        ({"cap": "seratus"}, "batas_atas_capaian"),
        ({"tidak_ada": 1}, "tidak dikenal"),
        ({"clip_before_mean": "NO"}, "true atau false"),
        ({"bands": [{"batas_bawah": 50, "label": "A"}, {"batas_bawah": 90, "label": "B"}]}, "urut"),
        # NaN, infinity and wrong kinds (a params file's `cap: .nan` removed every capaian)
        ({"cap": math.nan}, "NaN"),
        ({"outlier_threshold": math.inf}, "tak hingga"),
        ({"trend_window": 2.7}, "bilangan bulat"),
        ({"deadline_day": True}, "angka"),
        ({"milestones": {3: "x"}}, "tonggak_serapan"),
        ({"milestones": {13: 50}}, "1–12"),
        ({"milestones": [20, 50]}, "pasangan"),
        ({"bands": [{"batas_bawah": math.nan, "label": "A"}, {"label": "B"}]}, "NaN"),
        ({"bands": [{"batas_bawah": 50, "label": "A"}, {"label": "A"}]}, "berbeda"),
        ({"bands": "ST"}, "daftar"),
        ({"lampu_merah_below": 5}, "lampu_merah_di_bawah"),
        ({"trend_tolerance": -1}, "0 atau lebih"),
        ({"outlier_threshold": 0}, "lebih dari 0"),
        ({"prorate": 3}, "teks"),
    ],
)
def test_settings_refuse_with_clear_message(overrides, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_dict(overrides)


def test_settings_have_indonesian_names_and_the_field_names_still_work():
    from monev.model.settings import NAMA_PENGATURAN, nama_pengaturan

    fields = {f.name for f in dataclasses.fields(Settings)}
    assert set(NAMA_PENGATURAN.values()) <= fields
    assert len(set(NAMA_PENGATURAN.values())) == len(NAMA_PENGATURAN)  # one name per setting
    assert not set(NAMA_PENGATURAN) & fields
    # a new setting with an English field name needs its Indonesian name too
    sudah_indonesia = {"negatif_nol_nol", "target_cacah", "rencana_fisik",
                       "anggaran_tanpa_laporan", "tanggal_rapat"}  # fmt: skip
    assert fields - set(NAMA_PENGATURAN.values()) == sudah_indonesia
    id_ = Settings.from_dict(
        {"rumus_negatif": "T/R", "jendela_tren": 4, "tonggak_serapan": {3: 25},
         "ditandai_masuk_rata": True, "urutan_tepra": "keuangan,fisik"}
    )  # fmt: skip
    en = Settings.from_dict(
        {"negative_formula": "T/R", "trend_window": 4, "milestones": {3: 25},
         "include_flagged_in_mean": True, "tepra_order": "keuangan,fisik"}
    )  # fmt: skip
    assert id_ == en and id_ != Settings()
    assert nama_pengaturan("trend_window") == "jendela_tren"
    assert nama_pengaturan("target_cacah") == "target_cacah"  # Indonesian already
    with pytest.raises(SettingsError, match="ditulis dua kali"):
        Settings.from_dict({"jendela_tren": 4, "trend_window": 5})
    with pytest.raises(SettingsError, match="jendela_tren harus bilangan bulat"):
        Settings.from_dict({"jendela_tren": 2.5})
    with pytest.raises(SettingsError, match=r"Yang tersedia: .*jendela_tren"):
        Settings.from_dict({"jendela": 2})


def test_settings_round_trip_through_dict():
    s = Settings.from_dict({"negative_formula": "T/R", "cap": 120, "milestones": {3: 25, 6: 55}})
    again = Settings.from_dict(s.to_dict())
    assert again == s
    assert "T/R" in s.uraian() and "120" in s.uraian()


def test_reference_error_names_file_row_and_column(tmp_path):
    path = tmp_path / "opd.csv"
    path.write_text(
        "kode_opd,singkatan,nama_opd,asisten\n"
        "1.03.0.00.0.00.01.0000,DPUPR,Dinas PUPR,II\n"
        "1.03.0.00.0.00.02.0000,perkim,Dinas Perkim,II\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferensiError) as err:
        read_reference_file(path, "opd")
    text = str(err.value)
    assert "opd.csv" in text and "baris 3" in text and "'singkatan'" in text and "'perkim'" in text


def test_coordination_line_not_in_daerah_yaml_is_named(sample_workbook_copy):
    """The Asisten codes of opd.csv are the regency's, from daerah.yaml, not a fixed list."""
    from monev.data.reference import load_reference

    folder = sample_workbook_copy / "data" / "reference"
    opd = folder / "opd.csv"
    lines = opd.read_text(encoding="utf-8").splitlines()
    head = lines[0].split(",")
    cells = lines[2].split(",")
    cells[head.index("asisten")] = "IV"
    lines[2] = ",".join(cells)
    opd.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ReferensiError) as err:
        load_reference(folder)
    text = str(err.value)
    assert "opd.csv baris 3" in text and "'asisten'" in text and "'IV'" in text
    # a regency with a fourth line declares it, and the same file loads
    daerah = folder / "daerah.yaml"
    daerah.write_text(
        daerah.read_text(encoding="utf-8") + "  - {kode: IV, nama: Asisten Khusus}\n",
        encoding="utf-8",
    )
    assert "IV" in set(load_reference(folder).opd["asisten"])


def test_missing_daerah_yaml_is_named(sample_workbook_copy):
    from monev.data.reference import load_reference

    folder = sample_workbook_copy / "data" / "reference"
    (folder / "daerah.yaml").unlink()
    with pytest.raises(ReferensiError, match=r"daerah\.yaml tidak ada"):
        load_reference(folder)


def test_reference_trims_spaces_and_keeps_placeholders_as_text(tmp_path):
    path = tmp_path / "opd.csv"
    path.write_text(
        "kode_opd,singkatan,nama_opd,asisten\n1.03.0.00.0.00.01.0000 ,DPUPR,NA,II\n",
        encoding="utf-8-sig",
    )
    frame = read_reference_file(path, "opd")
    assert frame.loc[0, "kode_opd"] == "1.03.0.00.0.00.01.0000"
    assert frame.loc[0, "nama_opd"] == "NA"  # a name, not a missing value


# ---------------------------------------------------------------- rounding (methods.md §2)

BULAT = [
    # value, digits, half up (as Excel's ROUND)
    (65.125, 2, 65.13),  # half to even would give 65,12
    (90.00000000000001, 2, 90.0),
    (89.99999999999999, 2, 90.0),
    (1.005, 2, 1.01),  # the float is 1,00499999999999989…: Excel reads 1,005
    (2.675, 2, 2.68),
    (0.125, 2, 0.13),
    (74.994999, 2, 74.99),
    (-65.125, 2, -65.13),  # away from zero, as ROUND
    (2.5, 0, 3.0),
    (-2.5, 0, -3.0),
    (102495819644.5, 0, 102495819645.0),
    (-0.001, 2, 0.0),
    (0.0, 2, 0.0),
]


@pytest.mark.parametrize(("x", "digits", "want"), BULAT)
def test_bulat_half_up(x, digits, want):
    from monev.model.angka import bulat

    got = bulat(x, digits)
    assert isinstance(got, float) and got == want
    assert math.copysign(1, got) == math.copysign(1, want)  # never "-0,00"


def test_bulat_vectorised_keeps_missing_and_index():
    import numpy as np
    import pandas as pd

    from monev.model.angka import bulat

    s = pd.Series([65.125, np.nan, np.inf, 1e300], index=[7, 8, 9, 10], name="capaian")
    got = bulat(s)
    assert list(got.index) == [7, 8, 9, 10] and got.name == "capaian"
    assert got[7] == 65.13 and math.isnan(got[8]) and got[9] == np.inf and got[10] == 1e300
    arr = bulat(np.array([[1.005, 2.5]]), 1)
    assert arr.shape == (1, 2) and arr.tolist() == [[1.0, 2.5]]


def test_bulat_equals_decimal_half_up_on_typed_values():
    from decimal import ROUND_HALF_UP, Decimal

    import numpy as np

    from monev.model.angka import bulat

    rng = np.random.default_rng(3)
    for dec in (3, 4, 6):
        xs = np.round(rng.uniform(-1000, 1000, 20_000), dec)
        want = [float(Decimal(repr(float(x))).quantize(Decimal("0.01"), ROUND_HALF_UP)) for x in xs]
        assert bulat(xs).tolist() == want


def test_format_angka_and_rentang_round_half_up():
    from monev.model.angka import format_angka_id, format_rentang

    assert format_angka_id(65.125) == "65,13"
    assert format_angka_id(90.00000000000001) == "90,00"
    assert format_angka_id(1234.5, 0) == "1.235"
    assert format_angka_id(-0.001) == "0,00"
    assert format_rentang(0.25, 0.26) == "0,25–0,26"
    assert format_rentang(60, 85, 0) == "60–85"
    assert format_rentang(float("nan"), 85, 0) == "…–85"
    assert format_rentang(None, float("nan")) == "–"
