"""Issue 13 in the engine: the status of each OPD-month, carried values only where declared,
plausibility, and the data-quality score's parts — table-driven, against plain computations."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from test_engine_evaluasi import (
    KEG1,
    O1,
    O2,
    O3,
    REAL_COLS,
    anggaran_row,
    frame,
    indikator_row,
    make_ref,
    real,
    row,
    run,
    target_row,
)

from monev.engine.quality import skor_kualitas
from monev.model.settings import Settings


def kiriman(*rows):
    """(kode_opd, periode, diterima 'YYYY-MM-DD', kosong) → the ``kiriman`` frame."""
    return pd.DataFrame(
        {
            "kode_opd": pd.Series([r[0] for r in rows], dtype=object),
            "periode": pd.Series([r[1] for r in rows], dtype=object),
            "diterima": pd.to_datetime(
                pd.Series([r[2] for r in rows], dtype=object), format="mixed"
            ),
            "kosong": pd.Series([r[3] for r in rows], dtype=bool),
        }
    )


# ---------------------------------------------------------------- status of an OPD-month


def _tiga_opd():
    ind = [indikator_row("A-01", sifat="terakhir"), indikator_row("A-02", sifat="terakhir"),
           indikator_row("B-01", opd=O2, sifat="terakhir"),
           indikator_row("C-01", opd=O3, sifat="terakhir")]  # fmt: skip
    tgt = [target_row(k, 2026, 100.0) for k in ("A-01", "A-02", "B-01", "C-01")]
    ang = [anggaran_row(o, KEG1, 1200, [100] * 12) for o in (O1, O2, O3)]
    rows = [real("A-01", m, 90.0) for m in ("2026-02", "2026-03")]
    rows += [real("A-02", m, 80.0) for m in ("2026-02", "2026-03")]
    rows += [real("B-01", "2026-02", 70.0, opd=O2), real("C-01", "2026-02", 60.0, opd=O3)]
    rows += [real("C-01", "2026-03", 50.0, opd=O3)]
    return make_ref(ind, tgt, ang), rows


@pytest.mark.parametrize(
    ("kiriman_rows", "status", "rata"),
    [
        # O2 sent nothing for March: its February value is not carried, it has no mean
        (None, {O1: "lengkap", O2: "tidak lapor", O3: "lengkap"}, {O1: 85.0, O3: 50.0}),
        # O2 sent a blank template (recorded kosong): the same, status kosong
        (
            [(O1, "2026-03", "2026-04-05", False), (O2, "2026-03", "2026-04-03", True),
             (O3, "2026-03", "2026-04-12", False)],
            {O1: "lengkap", O2: "kosong", O3: "lengkap"},
            {O1: 85.0, O3: 50.0},
        ),
    ],
)  # fmt: skip
def test_non_reporter_and_blank_are_not_ranked(kiriman_rows, status, rata):
    ref, rows = _tiga_opd()
    keu = [dict(kode_opd=o, periode="2026-03", kode_kegiatan=KEG1, realisasi_keuangan=200.0,
                realisasi_fisik=20.0) for o in (O1, O3)]  # fmt: skip
    kir = None if kiriman_rows is None else kiriman(*kiriman_rows)
    ev = run(ref, rows, keu, kiriman=kir)
    o = ev.opd.set_index("kode_opd")
    for kode, want in status.items():
        assert o.loc[kode, "status_laporan"] == want
        lapor = want in ("lengkap", "sebagian")
        assert bool(o.loc[kode, "diperingkat"]) == lapor
        if not lapor:
            assert math.isnan(o.loc[kode, "rata_capaian"]) and pd.isna(o.loc[kode, "predikat"])
            for c in ("realisasi_keuangan", "realisasi_keuangan_pct", "realisasi_fisik",
                      "deviasi_keuangan", "lampu_keuangan", "peringkat_tepra"):  # fmt: skip
                assert pd.isna(o.loc[kode, c]), c
            assert o.loc[kode, "pagu"] == 1200  # reference data stays
            assert pd.isna(row(ev, "B-01", opd=O2)["realisasi"])  # nothing carried
    for kode, want in rata.items():
        assert o.loc[kode, "rata_capaian"] == pytest.approx(want)
    # Asisten and regency: plain means over the reporting OPDs' values only
    kab = ev.kabupaten.iloc[0]
    assert kab["rata_capaian"] == pytest.approx(np.mean([90.0, 80.0, 50.0]))
    assert kab["jumlah_opd_lapor"] == 2 and kab["jumlah_opd_belum_lapor"] == 1
    assert kab["realisasi_keuangan_pct"] == pytest.approx(400 / 2400 * 100)
    a = ev.asisten.set_index("asisten")
    assert a.loc["I", "jumlah_opd_belum_lapor"] == 1 and math.isnan(a.loc["I", "rata_capaian"])
    # one row per OPD × month of the range, contract columns
    lap = ev.laporan
    assert len(lap) == 3 * 3 and list(lap.columns) == [
        "kode_opd", "periode", "status_laporan", "terlambat", "hari_terlambat", "diterima",
        "nilai_diharapkan", "nilai_diterima",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("diterima", "terlambat", "hari"),
    [("2026-04-10 16:00", False, 0), ("2026-04-11 08:00", True, 1), ("2026-04-13", True, 3)],
)
def test_lateness_is_separate_from_completeness(diterima, terlambat, hari):
    ref, rows = _tiga_opd()
    kir = kiriman((O1, "2026-03", diterima, False), (O3, "2026-03", "2026-04-02", False))
    o = run(ref, rows, kiriman=kir).opd.set_index("kode_opd")
    assert o.loc[O1, "status_laporan"] == "lengkap"
    assert bool(o.loc[O1, "terlambat"]) == terlambat and o.loc[O1, "hari_terlambat"] == hari
    assert o.loc[O1, "rata_capaian"] == pytest.approx(85.0)  # a late file still counts


def test_sebagian_counts_only_due_values():
    ind = [indikator_row("A-01", sifat="terakhir"), indikator_row("A-02", sifat="terakhir"),
           indikator_row("Q-01", sifat="terakhir", frekuensi="triwulanan")]  # fmt: skip
    tgt = [target_row(k, 2026, 100.0) for k in ("A-01", "A-02", "Q-01")]
    ref = make_ref(ind, tgt)
    # February: Q-01 is not due, A-02 is missing → sebagian 1 of 2
    ev = run(ref, [real("A-01", "2026-02", 90.0)], periode="2026-02")
    lap = ev.laporan.set_index(["kode_opd", "periode"]).loc[(O1, "2026-02")]
    assert (lap["nilai_diharapkan"], lap["nilai_diterima"]) == (2, 1)
    assert lap["status_laporan"] == "sebagian"
    # March: all three due and sent → lengkap 3 of 3
    rows = [real(k, "2026-03", 95.0) for k in ("A-01", "A-02", "Q-01")]
    lap = run(ref, rows).laporan.set_index(["kode_opd", "periode"]).loc[(O1, "2026-03")]
    assert (lap["nilai_diharapkan"], lap["nilai_diterima"], lap["status_laporan"]) == (
        3, 3, "lengkap",
    )  # fmt: skip


# ---------------------------------------------------------------- carried values


@pytest.mark.parametrize(
    ("frekuensi", "sifat", "dari", "bulan", "dibawa_dari"),
    [
        # a quarterly value stands for the two months after its quarter, not the third
        ("triwulanan", "terakhir", "2026-03", "2026-04", "2026-03"),
        ("triwulanan", "terakhir", "2026-03", "2026-05", "2026-03"),
        ("triwulanan", "terakhir", "2026-03", "2026-06", None),
        ("triwulanan", "kumulatif", "2026-03", "2026-05", "2026-03"),
        # a semester value for the five months after
        ("semesteran", "terakhir", "2026-06", "2026-11", "2026-06"),
        ("semesteran", "terakhir", "2026-06", "2026-12", None),
        # a yearly value for the year after its reference period (into the next year)
        ("tahunan", "terakhir", "2025-12", "2026-10", "2025-12"),
        ("tahunan", "terakhir", "2025-12", "2026-12", None),
        # a kumulatif total starts again in January: never carried across the year
        ("triwulanan", "kumulatif", "2025-12", "2026-01", None),
        # monthly: a kumulatif value is never carried
        ("bulanan", "kumulatif", "2026-03", "2026-04", None),
    ],
)
def test_carried_only_where_declared(frekuensi, sifat, dari, bulan, dibawa_dari):
    # the OPD does NOT report in the later months: only the frequency can carry the value
    ref = make_ref(
        [indikator_row("X-01", sifat=sifat, frekuensi=frekuensi)],
        [target_row("X-01", 2025, 120.0), target_row("X-01", 2026, 120.0)],
    )
    ev = run(ref, [real("X-01", dari, 30.0)], periode=bulan)
    r = row(ev, "X-01")
    if dibawa_dari is None:
        assert math.isnan(r["realisasi"]) and not r["dibawa"] and pd.isna(r["periode_nilai"])
    else:
        assert r["realisasi"] == 30.0 and r["dibawa"] and r["periode_nilai"] == dibawa_dari
        if sifat == "kumulatif":  # judged against the target of the month it is from
            bulan_dari = int(dari[5:])
            assert r["target"] == pytest.approx(120.0 * bulan_dari / 12)
    assert bool(r["jatuh_tempo"]) == (
        int(bulan[5:]) % {"bulanan": 1, "triwulanan": 3, "semesteran": 6, "tahunan": 12}[frekuensi]
        == 0
    )


def test_level_carries_only_when_the_opd_reported_that_month():
    ref = make_ref([indikator_row("L-01", sifat="terakhir"), indikator_row("L-02")],
                   [target_row("L-01", 2026, 50.0), target_row("L-02", 2026, 12.0)])  # fmt: skip
    lapor = run(ref, [real("L-01", "2026-02", 40.0), real("L-02", "2026-03", 3.0)])
    r = row(lapor, "L-01")
    assert r["realisasi"] == 40.0 and r["dibawa"] and r["periode_nilai"] == "2026-02"
    assert r["capaian"] == pytest.approx(80.0)
    tidak = run(ref, [real("L-01", "2026-02", 40.0)])
    assert math.isnan(row(tidak, "L-01")["realisasi"])
    assert tidak.opd.set_index("kode_opd").loc[O1, "status_laporan"] == "tidak lapor"


# ---------------------------------------------------------------- plausibility


def _seri(nilai_okt: float, sifat="terakhir", pol="positif", target=4.2):
    """One indicator with ten months of an ordinary history and an October value, plus a
    steady second indicator of the same OPD."""
    ref = make_ref(
        [indikator_row("T-01", sifat=sifat, pol=pol), indikator_row("T-02", sifat="terakhir")],
        [target_row("T-01", 2026, target), target_row("T-02", 2026, 100.0)],
    )
    hist = [4.1, 4.2, 4.15, 4.25, 4.2, 4.1, 4.3, 4.2, 4.15]
    rows = [real("T-01", f"2026-{m:02d}", v) for m, v in enumerate(hist, 1)]
    rows += [real("T-01", "2026-10", nilai_okt)]
    rows += [real("T-02", f"2026-{m:02d}", 90.0) for m in range(1, 11)]
    return ref, rows


@pytest.mark.parametrize(
    ("nilai", "ditandai"),
    [(4.17, False), (4.45, False), (3.9, False), (80.0, True), (0.0, True), (40.0, True)],
)
def test_plausibility_flags_absurd_values_only(nilai, ditandai):
    ref, rows = _seri(nilai)
    ev = run(ref, rows, periode="2026-10")
    r = row(ev, "T-01")
    assert bool(r["perlu_verifikasi"]) == ditandai
    assert pd.isna(r["alasan_verifikasi"]) != ditandai
    o = ev.opd.set_index("kode_opd").loc[O1]
    assert o["nilai_ditandai"] == int(ditandai)
    # the mean: plain, without the flagged value (the default)
    cap = nilai / 4.2 * 100
    want = 90.0 if ditandai else np.mean([cap, 90.0])
    assert o["rata_capaian"] == pytest.approx(want)
    assert bool(r["dalam_rata"]) == (not ditandai)


def test_flagged_value_included_with_the_setting():
    ref, rows = _seri(80.0)
    ev = run(ref, rows, periode="2026-10", s=Settings(include_flagged_in_mean=True))
    r = row(ev, "T-01")
    assert r["perlu_verifikasi"] and r["dalam_rata"]
    o = ev.opd.set_index("kode_opd").loc[O1]
    assert o["rata_capaian"] == pytest.approx(np.mean([80 / 4.2 * 100, 90.0]))
    assert "80,00" in r["alasan_verifikasi"] and "median 4,20" in r["alasan_verifikasi"]


def test_small_moves_of_a_steady_series_are_not_flagged():
    """+0,2..0,3 on a series that barely moved (the issue's false outliers)."""
    ref = make_ref([indikator_row("S-01", sifat="terakhir")], [target_row("S-01", 2026, 70.0)])
    rows = [real("S-01", f"2026-{m:02d}", 72.0) for m in range(1, 10)]
    for naik in (0.2, 0.3):
        ev = run(ref, [*rows, real("S-01", "2026-10", 72.0 + naik)], periode="2026-10")
        assert not row(ev, "S-01")["perlu_verifikasi"]


def test_kumulatif_jump_flagged_and_carried_through_the_year():
    ref = make_ref([indikator_row("K-01")], [target_row("K-01", 2026, 120.0)])
    nilai = [10, 20, 30, 40, 50, 60, 70, 180, 190, 200]  # August jumps by 110 instead of 10
    ev = run(ref, [real("K-01", f"2026-{m:02d}", float(v)) for m, v in enumerate(nilai, 1)],
             periode="2026-10")  # fmt: skip
    rw = ev.riwayat.set_index("periode")
    assert not rw.loc["2026-07", "perlu_verifikasi"]
    assert rw.loc["2026-08", "perlu_verifikasi"] and rw.loc["2026-10", "perlu_verifikasi"]
    assert "sejak Agustus 2026" in rw.loc["2026-10", "alasan_verifikasi"]
    assert "2026-08" not in rw.loc["2026-10", "alasan_verifikasi"]
    # a correction the month after cancels it
    nilai[8:] = [90, 100]
    ev = run(ref, [real("K-01", f"2026-{m:02d}", float(v)) for m, v in enumerate(nilai, 1)],
             periode="2026-10")  # fmt: skip
    assert not ev.riwayat.set_index("periode").loc["2026-10", "perlu_verifikasi"]


# ---------------------------------------------------------------- data-quality score parts


BERKAS_COLS = ["sha256", "nama_berkas", "kode_opd", "periode", "bagian", "diterima"]


@pytest.mark.parametrize(
    ("diterima", "isi", "leng", "tepat", "valid", "skor"),
    [
        ("2026-04-08", 2, 100.0, 100.0, 100.0, 100.0),  # complete, on time
        ("2026-04-12", 2, 100.0, 80.0, 100.0, 95.0),  # complete, two days late
        ("2026-04-08", 1, 50.0, 100.0, 100.0, 75.0),  # half the values
        (None, 0, 0.0, 0.0, 0.0, 0.0),  # no file
    ],
)
def test_quality_score_parts(diterima, isi, leng, tepat, valid, skor):
    ref = make_ref([indikator_row("A-01", sifat="terakhir"), indikator_row("A-02", sifat="terakhir")],
                   [target_row("A-01", 2026, 10.0), target_row("A-02", 2026, 10.0)])  # fmt: skip
    rows = [real(k, "2026-03", 9.0) for k in ("A-01", "A-02")[:isi]]
    berkas = pd.DataFrame(
        [("a" * 64, "x.xlsx", O1, "2026-03", "semua", pd.Timestamp(diterima))] if diterima else [],
        columns=BERKAS_COLS,
    )
    kir = kiriman((O1, "2026-03", diterima, False)) if diterima else kiriman()
    ev = run(ref, rows, kiriman=kir)
    kualitas = pd.DataFrame(columns=["kode_opd", "jenis", "kode_indikator"])
    s = skor_kualitas(ref, berkas, frame(rows, REAL_COLS), kualitas, "2026-03", Settings(), ev=ev)
    got = s.set_index("kode_opd").loc[O1]
    assert (got["skor_kelengkapan"], got["skor_ketepatan"], got["skor_validitas"]) == pytest.approx(
        (leng, tepat, valid)
    )
    assert got["skor"] == pytest.approx(skor)
