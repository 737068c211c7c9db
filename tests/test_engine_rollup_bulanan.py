"""rollup_bulanan: the roll-up per group × month over the evaluation's riwayat (methods.md §3).

Checked against an independent computation (plain Python sums per group and month, predikat from
the band bounds) under default and non-default settings, and against ``evaluasi``'s own OPD,
Asisten and regency tables of the months it covers, on the sample workbook.
"""

from __future__ import annotations

import math
from collections import defaultdict

import duckdb
import numpy as np
import pandas as pd
import pytest

from monev.data.reference import load_reference
from monev.engine.evaluasi import evaluasi
from monev.engine.rollup import kolom_jumlah, rollup_bulanan
from monev.engine.trends import awal_tren
from monev.model.settings import Band, Settings
from monev.model.workbook import Workbook

LAIN = (Band(80.0, "Baik", "B"), Band(40.0, "Cukup", "C"), Band(-math.inf, "Kurang", "K"))
SETTINGS = [
    Settings(),
    Settings(use_indicator_weights=True),
    Settings(clip_before_mean=True),
    Settings(use_indicator_weights=True, clip_before_mean=True, bands=LAIN),
]


def _riwayat() -> pd.DataFrame:
    """Three OPDs over five months; NaN capaian, values above 100, NaN weights, one OPD without
    an Asisten, and an OPD category that has no rows."""
    rng = np.random.default_rng(7)
    rows = []
    opd = {"A": "II", "B": "II", "C": "III", "D": None}
    for kode, asisten in opd.items():
        for i in range(4 if kode != "D" else 1):
            bobot = [1.0, 2.0, np.nan, 0.5][i]
            for m in range(1, 6):
                x = float(rng.uniform(20, 140))
                if (i + m) % 5 == 0:
                    x = np.nan
                rows.append((kode, f"K{i}", f"2026-{m:02d}", asisten, bobot, x))
    df = pd.DataFrame(
        rows, columns=["kode_opd", "kode_indikator", "periode", "asisten", "bobot", "capaian"]
    )
    df["kode_opd"] = pd.Categorical(df["kode_opd"], categories=["A", "B", "C", "D", "Z"])
    df["asisten"] = pd.Categorical(df["asisten"])
    df["periode"] = pd.Categorical(df["periode"])
    return df


def _band(x: float, settings: Settings) -> str | None:
    if math.isnan(x):
        return None
    for b in settings.bands:  # highest first
        if x > b.batas_bawah:
            return b.label
    return settings.bands[-1].label


def _independent(riw: pd.DataFrame, keys: list[str], settings: Settings) -> pd.DataFrame:
    acc: dict[tuple, list[float]] = defaultdict(lambda: [0.0, 0.0, 0, 0])
    counts: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in riw.to_dict("records"):
        g = (*(None if pd.isna(row[k]) else str(row[k]) for k in keys), str(row["periode"]))
        a = acc[g]
        a[2] += 1
        x = row["capaian"]
        if math.isnan(x):
            continue
        b = _band(x, settings)  # bands count the unclipped value
        counts[g][next(s.singkat for s in settings.bands if s.label == b)] += 1
        if settings.clip_before_mean:
            x = min(x, 100.0)
        w = row["bobot"] if settings.use_indicator_weights else 1.0
        w = 1.0 if math.isnan(w) else w
        a[0] += w * x
        a[1] += w
        a[3] += 1
    out = []
    for g, (swx, sw, n, ok) in acc.items():
        rata = swx / sw if sw > 0 else np.nan
        rec = dict(zip([*keys, "periode"], g, strict=True))
        rec.update(rata_capaian=rata, predikat=_band(rata, settings), jumlah_indikator=n,
                   jumlah_dihitung=ok, tidak_dapat_dihitung=n - ok)  # fmt: skip
        for b in settings.bands:
            rec[f"jumlah_{b.singkat}"] = counts[g][b.singkat]
        out.append(rec)
    return pd.DataFrame(out)


def _teks(s: pd.Series) -> list:
    return [None if pd.isna(v) else str(v) for v in s]


def _compare(got: pd.DataFrame, want: pd.DataFrame, keys: list[str]) -> None:
    on = [*keys, "periode"]
    got = got.astype({k: object for k in on})
    got[on] = got[on].where(got[on].notna(), None)
    m = want.merge(got, on=on, how="outer", suffixes=("", "_got"), indicator=True)
    assert (m["_merge"] == "both").all(), m[m["_merge"] != "both"][on]
    np.testing.assert_allclose(m["rata_capaian_got"], m["rata_capaian"], rtol=1e-12)
    assert _teks(m["predikat_got"]) == _teks(m["predikat"])
    for c in ["jumlah_indikator", "jumlah_dihitung", "tidak_dapat_dihitung"]:
        assert list(m[f"{c}_got"]) == list(m[c])


@pytest.mark.parametrize("settings", SETTINGS, ids=["default", "bobot", "clip", "semua"])
@pytest.mark.parametrize("kelompok", ["kode_opd", "asisten", None, ["asisten", "kode_opd"]])
def test_equals_an_independent_computation(settings, kelompok):
    riw = _riwayat()
    keys = [] if kelompok is None else [kelompok] if isinstance(kelompok, str) else kelompok
    got = rollup_bulanan(riw, kelompok, settings)
    _compare(got, _independent(riw, keys, settings), keys)
    assert list(got.columns[: len(keys) + 1]) == [*keys, "periode"]
    assert kolom_jumlah(settings) == list(got.columns[-len(settings.bands) :])
    for b in settings.bands:
        want = _independent(riw, keys, settings)[f"jumlah_{b.singkat}"].sum()
        assert got[f"jumlah_{b.singkat}"].sum() == want


def test_rows_sorted_by_group_then_month_and_limited_by_dari_sampai():
    riw = _riwayat()
    got = rollup_bulanan(riw, "kode_opd", dari="2026-02", sampai="2026-04")
    assert sorted(set(got["periode"])) == ["2026-02", "2026-03", "2026-04"]
    assert list(got["kode_opd"].unique()) == ["A", "B", "C", "D"]  # no row for the empty Z
    assert list(got[got["kode_opd"] == "A"]["periode"]) == ["2026-02", "2026-03", "2026-04"]
    asis = rollup_bulanan(riw, "asisten")
    assert asis["asisten"].isna().sum() == 5  # D has no Asisten: its own group, kept last
    assert pd.isna(asis["asisten"].iloc[-1])


def test_weights_and_clipping_change_the_result():
    riw = _riwayat()
    biasa = rollup_bulanan(riw, "kode_opd")["rata_capaian"]
    for s in SETTINGS[1:]:
        assert not np.allclose(rollup_bulanan(riw, "kode_opd", s)["rata_capaian"], biasa)


@pytest.mark.parametrize(
    ("periode", "window", "awal"),
    [("2026-10", 6, "2026-05"), ("2026-03", 6, "2025-10"), ("2026-01", 2, "2025-12")],
)
def test_awal_tren(periode, window, awal):
    assert awal_tren(periode, Settings(trend_window=window)) == awal


# ------------------------------------------------------------------------------ on the sample


@pytest.fixture(scope="module")
def sample(sample_workbook):
    wb = Workbook.at(sample_workbook)
    ref = load_reference(wb.reference)
    con = duckdb.connect(str(wb.store), read_only=True)
    try:
        t = {n: con.sql(f"select * from {n}").df() for n in
             ("realisasi", "keuangan", "tindak_lanjut")}  # fmt: skip
    finally:
        con.close()
    return ref, t


def _ev(sample, periode, settings):
    ref, t = sample
    return evaluasi(ref, t["realisasi"], t["keuangan"], t["tindak_lanjut"], periode, settings)


@pytest.mark.parametrize("settings", [SETTINGS[0], SETTINGS[3]], ids=["default", "semua"])
def test_each_month_is_what_that_months_evaluation_says(sample, settings):
    akhir = _ev(sample, "2026-10", settings)
    lalu = _ev(sample, "2026-07", settings)
    riw = akhir.riwayat
    for ev in (akhir, lalu):
        opd = rollup_bulanan(riw, "kode_opd", settings, dari=ev.periode, sampai=ev.periode)
        want = ev.opd.set_index("kode_opd")["rata_capaian"]
        got = opd.set_index("kode_opd")["rata_capaian"]
        np.testing.assert_allclose(got, want.reindex(got.index), rtol=1e-12)
        assert want.drop(got.index).isna().all()  # OPDs without rows have no mean either
        asis = rollup_bulanan(riw, "asisten", settings, dari=ev.periode, sampai=ev.periode)
        want = ev.asisten.set_index("asisten")[["rata_capaian", "predikat"]]
        got = asis.set_index("asisten")
        np.testing.assert_allclose(got["rata_capaian"], want.loc[got.index, "rata_capaian"])
        assert list(got["predikat"].astype(str)) == list(
            want.loc[got.index, "predikat"].astype(str)
        )
        kab = rollup_bulanan(riw, None, settings, dari=ev.periode, sampai=ev.periode)
        assert kab["rata_capaian"].iloc[0] == pytest.approx(ev.kabupaten["rata_capaian"].iloc[0])
