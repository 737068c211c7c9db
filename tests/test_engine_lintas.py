"""IKU and trends (methods.md §4, §6, §7): reference years, several IKU per indicator, and
polarity-aware trend words — table-driven against plain computations."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monev.engine.lintas import pendukung, ringkas_iku, samakan_tren_iku, seri_iku
from monev.engine.trends import arah_tren, arah_tren_nilai, label_tren
from monev.model.iku import daftar_iku, mendukung, pasangan_iku
from monev.model.settings import Settings

BAWAAN = Settings()


# ---------------------------------------------------------------- trend words (methods.md §6)

ARAH = [
    # slope, tolerance, negatif, expected
    (1.0, 0.5, None, "membaik"),
    (-1.0, 0.5, None, "memburuk"),
    (0.4, 0.5, None, "stabil"),
    (-0.5, 0.5, None, "stabil"),  # on the tolerance: still noise
    (np.nan, 0.5, None, None),
    (-1.0, 0.5, True, "membaik"),  # a falling negatif raw value (stunting) improves
    (1.0, 0.5, True, "memburuk"),
    (-1.0, 0.5, False, "memburuk"),
]


@pytest.mark.parametrize(("slope", "tol", "neg", "want"), ARAH)
def test_arah_tren_words(slope, tol, neg, want):
    got = arah_tren([slope], tol, negatif=None if neg is None else [neg])
    assert (pd.isna(got[0]) and want is None) or got[0] == want
    assert list(got.categories) == ["memburuk", "stabil", "membaik"]


def _slope(xs, ys):
    return float(np.polyfit(np.asarray(xs, float), np.asarray(ys, float), 1)[0])


RAW = [
    # yearly values, negatif, expected: tolerance 1 % of the mean level per year (default)
    ([35.9, 17.9, 12.9, 11.8, 10.9], True, "membaik"),  # stunting falling
    ([5.47, 5.68, 5.41, 5.12], True, "membaik"),  # poverty falling
    ([2.71, 2.70, 2.72, 2.71], True, "stabil"),  # TPT noise: not "naik"/"turun"
    ([69.2, 70.0, 70.8, 71.6], False, "membaik"),  # IPM rising
    ([72.00, 72.05, 71.98, 72.02], False, "stabil"),
    ([0.254, 0.258, 0.262], True, "memburuk"),  # Gini rising (a negatif range)
]


@pytest.mark.parametrize(("ys", "neg", "want"), RAW)
def test_raw_series_trend_is_polarity_aware_with_relative_tolerance(ys, neg, want):
    xs = list(range(len(ys)))
    s = _slope(xs, ys)
    got = arah_tren_nilai([s], [np.mean(ys)], [neg], BAWAAN)[0]
    assert got == want
    # the plain rule: |slope| within 1 % of the mean is stabil; sign by polarity otherwise
    rel = abs(s) / abs(np.mean(ys)) * 100
    plain = "stabil" if rel <= 1.0 else ("membaik" if (s < 0) == neg else "memburuk")
    assert got == plain


def test_label_tren_names_basis_window_and_tolerance():
    assert label_tren(BAWAAN) == "tren 6 bulan (kemiringan capaian, toleransi 0,5 poin/bulan)"
    s = Settings(trend_window=4, trend_tolerance=1.25, trend_tolerance_raw_pct=2.5)
    assert label_tren(s) == "tren 4 bulan (kemiringan capaian, toleransi 1,25 poin/bulan)"
    assert label_tren(s, "iku") == (
        "tren 4 tahun (kemiringan nilai per tahun menurut polaritas, toleransi 2,5 % dari "
        "rata-ratanya)"
    )
    with pytest.raises(ValueError):
        label_tren(s, "bulan")


def test_trend_settings_in_the_footnote_and_validated():
    from monev.model.settings import SettingsError

    teks = BAWAAN.uraian()
    assert "tren 6 bulan dari kemiringan capaian" in teks and "0,5 poin/bulan" in teks
    assert "1 % dari rata-ratanya per tahun" in teks
    assert "2 desimal, dibulatkan setengah ke atas" in teks
    with pytest.raises(SettingsError, match="toleransi_tren_tahunan_pct"):
        Settings.from_dict({"trend_tolerance_raw_pct": -1})


# ---------------------------------------------------------------- several IKU per indicator


def test_kode_iku_lists():
    assert daftar_iku("IKU-01; IKU-04;IKU-01") == ["IKU-01", "IKU-04"]
    assert daftar_iku(None) == [] and daftar_iku(np.nan) == [] and daftar_iku("") == []
    f = pd.DataFrame({"x": [1, 2, 3], "kode_iku": ["IKU-01", "IKU-04;IKU-01", None]})
    p = pasangan_iku(f)
    assert list(zip(p["x"], p["kode_iku"], strict=True)) == [
        (1, "IKU-01"), (2, "IKU-04"), (2, "IKU-01"),
    ]  # fmt: skip
    assert mendukung(f["kode_iku"], "IKU-01").tolist() == [True, True, False]


def _ref():
    indikator = pd.DataFrame(
        {
            "kode_indikator": ["IKU-01", "IKU-02", "IKU-05", "A-1", "A-2", "B-1"],
            "nama_indikator": ["P0", "Stunting", "LPE", "Penempatan", "Imunisasi", "Jalan"],
            "satuan": ["%", "%", "%", "orang", "%", "%"],
            "level": ["IKU", "IKU", "IKU", "program", "program", "program"],
            "polaritas": ["negatif", "negatif", "positif", "positif", "positif", "positif"],
            "arah_rentang": [None] * 6,
            "sumber_utama": [None] * 6,
            "kode_iku": [None, None, None, "IKU-01;IKU-05", "IKU-02", None],
            "jeda_tahun_data": [np.nan, 1.0, 1.0, np.nan, np.nan, np.nan],
        }
    )
    target = pd.DataFrame(
        [
            (k, y, "tahunan", 0, t, np.nan, np.nan)
            for k, ts in {
                "IKU-01": {2024: 5.6, 2025: 5.4, 2026: 5.2},
                "IKU-02": {2024: 15.0, 2025: 14.0, 2026: 13.0},
                "IKU-05": {2024: 5.2, 2025: 5.5, 2026: 5.8},
            }.items()
            for y, t in ts.items()
        ],
        columns=["kode_indikator", "tahun", "jenis", "ke", "target", "target_bawah", "target_atas"],
    )
    riw = pd.DataFrame(
        [("IKU-02", 2021, 35.9, "SSGI"), ("IKU-02", 2022, 17.9, "SSGI"),
         ("IKU-02", 2023, 12.9, "SSGI"), ("IKU-01", 2024, 5.68, "BPS")],
        columns=["kode_indikator", "tahun", "nilai", "sumber"],
    )  # fmt: skip
    # monthly reports: a statistic is repeated each month until a new figure is published
    bulan = [f"2025-{m:02d}" for m in range(7, 13)] + [f"2026-{m:02d}" for m in range(1, 11)]
    lap = {
        "IKU-01": [5.41] * 12 + [5.12] * 4,  # P0 of March 2026 published in July: year 2026
        "IKU-02": [11.8] * 10 + [10.9] * 6,  # SSGI 2025 published in May 2026 (jeda 1)
        "IKU-05": [5.64] * 13 + [5.93] * 3,  # LPE 2025, known from August 2026 (jeda 1)
    }
    riwayat = pd.DataFrame(
        [
            dict(kode_opd="BAP", kode_indikator=k, periode=p, tahun=int(p[:4]),
                 realisasi_laporan=v, sumber_data="BPS")
            for k, vs in lap.items()
            for p, v in zip(bulan, vs, strict=True)
        ]
    )  # fmt: skip
    return indikator, target, riw, riwayat


def test_reference_year_and_its_target():
    indikator, target, riw, riwayat = _ref()
    seri = seri_iku(indikator, target, riw, riwayat, "2026-10")
    ind_eval = pd.DataFrame(
        {"kode_indikator": ["A-1", "A-2", "B-1"], "kode_iku": ["IKU-01;IKU-05", "IKU-02", None],
         "capaian": [80.0, 75.00000000000001, 100.0], "level": ["program"] * 3}
    )  # fmt: skip
    iku = ringkas_iku(indikator, target, seri, ind_eval, "2026-10").set_index("kode_indikator")
    want = {
        # kode: (tahun_data, value, target of that year)
        "IKU-01": (2026, 5.12, 5.2),
        "IKU-02": (2025, 10.9, 14.0),  # not compared with 2026's 13,0
        "IKU-05": (2025, 5.93, 5.5),  # an LPE for 2026 cannot exist in October 2026
    }
    for kode, (tahun, nilai, tgt) in want.items():
        b = iku.loc[kode]
        assert (b["tahun_data"], b["nilai"], b["target_tahun_data"]) == (tahun, nilai, tgt)
        neg = kode != "IKU-05"
        plain = (2 * tgt - nilai) / tgt * 100 if neg else nilai / tgt * 100
        assert b["capaian"] == pytest.approx(plain)
    # the series: the earlier figures keep their own years
    s = seri.set_index(["kode_indikator", "tahun"])
    assert s.loc[("IKU-01", 2025), "nilai"] == 5.41
    assert s.loc[("IKU-05", 2024), "nilai"] == 5.64
    assert s.loc[("IKU-02", 2024), "nilai"] == 11.8
    assert s.loc[("IKU-02", 2023), "asal"] == "riwayat"
    # falling stunting and poverty read membaik
    assert iku.loc["IKU-02", "arah_tren"] == "membaik"
    assert iku.loc["IKU-01", "arah_tren"] == "membaik"
    # an indicator supporting two IKU counts for both
    assert iku.loc["IKU-01", "jumlah_pendukung"] == 1 and iku.loc["IKU-05", "jumlah_pendukung"] == 1
    assert iku.loc["IKU-01", "pendukung_tertinggal"] == 0  # 80 is above the Tinggi edge
    assert iku.loc["IKU-02", "pendukung_tertinggal"] == 1  # prints 75,00: at the edge, behind


def test_pendukung_one_row_per_indicator_and_iku():
    indikator, *_ = _ref()
    ind_eval = pd.DataFrame(
        {
            "kode_indikator": ["A-1", "A-2", "B-1"],
            "kode_iku": ["IKU-01;IKU-05", "IKU-02", None],
            "capaian": [80.0, 60.0, 100.0],
        }
    ).astype({"kode_iku": "category"})  # the engine's frames hold categoricals
    lin = pendukung(ind_eval, indikator)
    assert list(zip(lin["kode_iku"], lin["kode_indikator"], lin["nama_iku"], strict=True)) == [
        ("IKU-01", "A-1", "P0"), ("IKU-02", "A-2", "Stunting"), ("IKU-05", "A-1", "LPE"),
    ]  # fmt: skip


def test_iku_rows_take_the_yearly_trend():
    iku = pd.DataFrame(
        {"kode_indikator": ["IKU-02"], "kemiringan": [-1.2],
         "arah_tren": arah_tren([-1.2], 0.1, negatif=[True])}
    )  # fmt: skip
    ind = pd.DataFrame(
        {"kode_indikator": ["IKU-02", "A-1"], "level": ["IKU", "program"],
         "kemiringan": [0.0, 2.0], "arah_tren": arah_tren([0.0, 2.0], 0.5)}
    )  # fmt: skip
    out = samakan_tren_iku(ind, iku)
    assert out["arah_tren"].tolist() == ["membaik", "membaik"]
    assert out["kemiringan"].tolist() == [-1.2, 2.0]
    assert ind["arah_tren"].tolist() == ["stabil", "membaik"]  # the input is not changed


def test_reference_checks_each_listed_iku(tmp_path, sample_workbook):
    import shutil

    from monev.data.reference import ReferensiError, load_reference
    from monev.model.workbook import Workbook

    src = Workbook.at(sample_workbook).reference
    dst = tmp_path / "referensi"
    shutil.copytree(src, dst)
    ind = pd.read_csv(dst / "indikator.csv", dtype=str, keep_default_na=False)
    baris = int(np.flatnonzero(ind["kode_iku"].str.contains(";"))[0])
    ind.loc[baris, "kode_iku"] = "IKU-01;IKU-99"
    ind.to_csv(dst / "indikator.csv", index=False)
    with pytest.raises(ReferensiError) as e:
        load_reference(dst)
    assert f"indikator.csv baris {baris + 2}, kolom 'kode_iku': 'IKU-99'" in str(e.value)
    ind.loc[baris, "kode_iku"] = "IKU-01,IKU-04"  # a comma is not the separator
    ind.to_csv(dst / "indikator.csv", index=False)
    with pytest.raises(ReferensiError, match="kode_iku"):
        load_reference(dst)


def test_sample_supports_every_iku_and_plants_an_older_reference_year(sample_workbook):
    from monev.app.context import open_period

    ev = open_period(sample_workbook, "2026-10").evaluasi
    iku = ev.iku.set_index("kode_indikator")
    # IPM, TPT and Gini have supporting indicators (schooling, immunisation, job placement …)
    assert (iku["jumlah_pendukung"] > 0).all(), iku["jumlah_pendukung"]
    assert ev.lintas.groupby("kode_iku").size().reindex(iku.index).notna().all()
    # LPE reported in 2026 is of 2025, compared with 2025's target
    assert iku.loc["IKU-05", "tahun_data"] == 2025
    tgt = ev.iku_seri.set_index(["kode_indikator", "tahun"])
    assert iku.loc["IKU-05", "target_tahun_data"] == tgt.loc[("IKU-05", 2025), "target"]
    # one trend per IKU: the evaluation's IKU rows carry the yearly one
    ind = ev.indikator[ev.indikator["level"].astype(str) == "IKU"].set_index("kode_indikator")
    a = ind["arah_tren"].astype(object).reindex(iku.index)
    b = iku["arah_tren"].astype(object)
    assert ((a == b) | (a.isna() & b.isna())).all()
    # the BOR range has no direction: both sides are worse
    bor = ev.indikator[ev.indikator["nama_indikator"].astype(str).str.startswith("Bed occ")]
    assert bor.empty or bor["arah_rentang"].isna().all()


def test_iku_page_inputs_include_opds_supporting_several_iku(sample_workbook):
    # the TPT page depends on DISNAKERKOP's files, whose indicators name "IKU-04;IKU-01"
    from monev.app.params import read_params
    from monev.data.reference import load_reference
    from monev.data.store import read_table
    from monev.model.workbook import Workbook
    from monev.report.plan import plan_reports

    wb = Workbook.at(sample_workbook)
    ref = load_reference(wb.reference)
    params = read_params(wb.params, "2026-10", daerah=ref.daerah)[0]
    berkas = read_table(wb.store, "berkas")
    # a stand-in submission of the OPD that supports two IKU (the small sample has no file of it)
    kode = ref.opd.set_index("singkatan").loc["DISNAKERKOP", "kode_opd"]
    berkas = pd.concat(
        [berkas, pd.DataFrame({"kode_opd": [kode], "periode": ["2026-10"],
                               "nama_berkas": ["DISNAKERKOP_2026-10.xlsx"], "sha256": ["x"]})],
        ignore_index=True,
    )  # fmt: skip
    realisasi = read_table(wb.store, "realisasi")
    laporan = {lap.nama: lap for lap in plan_reports(wb, params, ref, berkas, realisasi)}
    for iku in ("IKU-01", "IKU-04"):
        assert "kiriman/2026-10/DISNAKERKOP_2026-10.xlsx" in laporan[f"iku_{iku}"].masukan, iku
    assert "kiriman/2026-10/DISNAKERKOP_2026-10.xlsx" not in laporan["iku_IKU-02"].masukan
