"""evaluasi(): periods, targets, roll-ups, budget, trends, cross-sector, follow-up (methods.md §3–7).

Small hand-made reference frames (no files: the engine never reads any), and a row-by-row
reference implementation checked against the vectorised grid on random data.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monev.data.reference import Referensi
from monev.engine.budget import kuadran, lampu, peringkat_tepra
from monev.engine.evaluasi import evaluasi
from monev.engine.rollup import rollup
from monev.engine.trends import arah_tren, kemiringan
from monev.model.daerah import Asisten, Daerah
from monev.model.kode import KAS_COLUMNS
from monev.model.settings import Settings, SettingsError

O1 = "1.03.0.00.0.00.01.0000"
O2 = "1.02.0.00.0.00.01.0000"
O3 = "4.01.0.00.0.00.01.0000"
KEG1 = "1.03.02.2.01.0001"
KEG2 = "1.03.02.2.01.0002"
BAWAAN = Settings()


def indikator_row(kode, pol="positif", opd=O1, sifat="kumulatif", **kw):
    row = dict(
        kode_indikator=kode, nama_indikator=f"Indikator {kode}", satuan="%", polaritas=pol,
        arah_rentang=None, level="program", kode_opd=opd, kode_iku=None, sifat=sifat,
        kode_nomenklatur=None, bobot=1.0, sumber_utama=None,
    )  # fmt: skip
    row.update(kw)
    return row


def target_row(kode, tahun, target=None, jenis="tahunan", ke=0, bawah=None, atas=None):
    return dict(kode_indikator=kode, tahun=tahun, jenis=jenis, ke=ke, target=target,
                target_bawah=bawah, target_atas=atas)  # fmt: skip


def real(kode, periode, nilai, opd=O1, sumber="", alasan=None):
    return dict(kode_opd=opd, periode=periode, kode_indikator=kode, sumber_data=sumber,
                realisasi=nilai, alasan_kosong=alasan)  # fmt: skip


def anggaran_row(opd, keg, pagu, kas, tahun=2026):
    return dict(tahun=tahun, kode_opd=opd, kode_kegiatan=keg, nama_kegiatan=f"Kegiatan {keg}",
                pagu=float(pagu), **{k: float(v) for k, v in zip(KAS_COLUMNS, kas, strict=True)})  # fmt: skip


OPD = pd.DataFrame(
    {
        "kode_opd": [O1, O2, O3],
        "singkatan": ["DPUPR", "DINKES", "BKAD"],
        "nama_opd": ["Dinas PUPR", "Dinas Kesehatan", "BKAD"],
        "asisten": ["II", "I", "III"],
    }
)


DAERAH = Daerah("Kabupaten Uji", tuple(Asisten(k, f"Asisten {k}") for k in ("I", "II", "III")))


def make_ref(indikator, target, anggaran=(), iku_riwayat=()):
    ind = pd.DataFrame(indikator)
    tcols = ["kode_indikator", "tahun", "jenis", "ke", "target", "target_bawah", "target_atas"]
    tgt = pd.DataFrame(list(target), columns=tcols)
    tgt = tgt.astype({"target": float, "target_bawah": float, "target_atas": float})
    cols = ["tahun", "kode_opd", "kode_kegiatan", "nama_kegiatan", "pagu", *KAS_COLUMNS]
    ang = pd.DataFrame(list(anggaran), columns=cols)
    riw = pd.DataFrame(list(iku_riwayat), columns=["kode_indikator", "tahun", "nilai", "sumber"])
    return Referensi(OPD, ind, tgt, ang, riw, DAERAH)


def frame(rows, columns):
    return pd.DataFrame(list(rows), columns=columns)


REAL_COLS = ["kode_opd", "periode", "kode_indikator", "sumber_data", "realisasi", "alasan_kosong"]
KEU_COLS = ["kode_opd", "periode", "kode_kegiatan", "realisasi_keuangan", "realisasi_fisik"]
TL_COLS = ["kode_opd", "periode", "kode_tl", "masalah", "tindak_lanjut", "penanggung_jawab",
           "batas_waktu", "status", "keterangan"]  # fmt: skip


def run(ref, realisasi=(), keuangan=(), tl=(), periode="2026-03", s=BAWAAN, kiriman=None):
    return evaluasi(
        ref, frame(realisasi, REAL_COLS), frame(keuangan, KEU_COLS), frame(tl, TL_COLS), periode, s,
        kiriman=kiriman,
    )  # fmt: skip


def row(ev, kode, opd=O1):
    ind = ev.indikator
    hit = ind[(ind["kode_indikator"] == kode) & (ind["kode_opd"] == opd)]
    assert len(hit) == 1
    return hit.iloc[0]


# ---------------------------------------------------------------- period targets and values


def test_kumulatif_linear_prorate_and_month_value():
    ref = make_ref([indikator_row("A-01")], [target_row("A-01", 2026, 120)])
    ev = run(ref, [real("A-01", "2026-01", 9), real("A-01", "2026-03", 27)])
    r = row(ev, "A-01")
    assert r["target"] == pytest.approx(30.0)
    assert r["sumber_target"] == "prorata linear"
    assert r["capaian"] == pytest.approx(90.0)
    assert r["target_tahunan"] == 120.0


def test_kumulatif_missing_month_is_not_carried_forward():
    ref = make_ref([indikator_row("A-01")], [target_row("A-01", 2026, 120)])
    ev = run(ref, [real("A-01", "2026-02", 18), real("A-01", "2026-03", None, alasan="-")])
    r = row(ev, "A-01")
    assert math.isnan(r["capaian"]) and math.isnan(r["realisasi"])
    assert r["alasan"] == "tidak dapat dihitung: realisasi kosong (-)"
    assert r["predikat"] is np.nan or pd.isna(r["predikat"])
    # an indicator never reported at all has the plain reason
    ref2 = make_ref([indikator_row("A-01"), indikator_row("A-02")],
                    [target_row("A-01", 2026, 120), target_row("A-02", 2026, 5)])  # fmt: skip
    r2 = row(run(ref2, [real("A-01", "2026-03", 30)]), "A-02")
    assert r2["alasan"] == "tidak dapat dihitung: realisasi belum dilaporkan"


def test_anggaran_kas_prorate_follows_the_opd_curve():
    kas = [0, 0, 600, 0, 0, 0, 0, 0, 0, 0, 0, 600]  # half the pagu planned in March
    ref = make_ref([indikator_row("A-01")], [target_row("A-01", 2026, 120)],
                   [anggaran_row(O1, KEG1, 1200, kas)])  # fmt: skip
    s = Settings(prorate="anggaran_kas")
    ev = run(
        ref, [real("A-01", "2026-02", 10), real("A-01", "2026-03", 45)], s=s, periode="2026-03"
    )
    r = row(ev, "A-01")
    assert r["target"] == pytest.approx(60.0)
    assert r["sumber_target"] == "prorata anggaran kas"
    assert r["capaian"] == pytest.approx(75.0)
    feb = ev.riwayat[(ev.riwayat["periode"] == "2026-02")].iloc[0]
    assert feb["target"] == 0.0 and feb["alasan"] == "tidak dapat dihitung: target 0"


def test_anggaran_kas_without_budget_falls_back_to_linear():
    ref = make_ref([indikator_row("A-01", opd=O2)], [target_row("A-01", 2026, 120)],
                   [anggaran_row(O1, KEG1, 1200, [100] * 12)])  # fmt: skip
    ev = run(ref, [real("A-01", "2026-03", 30, opd=O2)], s=Settings(prorate="anggaran_kas"))
    r = row(ev, "A-01", O2)
    assert r["target"] == pytest.approx(30.0) and r["sumber_target"] == "prorata linear"


def test_explicit_monthly_and_quarterly_targets_win():
    ref = make_ref(
        [indikator_row("A-01"), indikator_row("A-02"), indikator_row("A-03", sifat="terakhir")],
        [
            target_row("A-01", 2026, 120), target_row("A-01", 2026, 50, "bulanan", 3),
            target_row("A-02", 2026, 120), target_row("A-02", 2026, 40, "triwulan", 1),
            target_row("A-02", 2026, 70, "triwulan", 2),
            target_row("A-03", 2026, 10), target_row("A-03", 2026, 8, "triwulan", 2),
        ],
    )  # fmt: skip
    rows = [real(k, f"2026-{m:02d}", 10.0) for k in ("A-01", "A-02", "A-03") for m in (3, 4, 5, 6)]
    ev = run(ref, rows, periode="2026-06")
    rw = ev.riwayat.set_index(["kode_indikator", "periode"])
    assert rw.loc[("A-01", "2026-03"), "target"] == 50.0
    assert rw.loc[("A-01", "2026-03"), "sumber_target"] == "bulanan"
    assert rw.loc[("A-01", "2026-04"), "target"] == pytest.approx(40.0)  # linear 120 × 4/12
    # cumulative quarter targets: quarter end exactly, linear between quarter ends
    assert rw.loc[("A-02", "2026-03"), "target"] == 40.0
    assert rw.loc[("A-02", "2026-04"), "target"] == pytest.approx(50.0)
    assert rw.loc[("A-02", "2026-05"), "target"] == pytest.approx(60.0)
    assert rw.loc[("A-02", "2026-06"), "target"] == 70.0
    assert rw.loc[("A-02", "2026-02"), "target"] == pytest.approx(40 * 2 / 3)
    # terakhir: the quarter's target as is, annual where the quarter has none
    assert rw.loc[("A-03", "2026-05"), "target"] == 8.0
    assert rw.loc[("A-03", "2026-03"), "target"] == 10.0
    assert rw.loc[("A-03", "2026-03"), "sumber_target"] == "tahunan"


def test_terakhir_carries_within_year_not_across():
    ref = make_ref([indikator_row("P0", pol="negatif", sifat="terakhir"), indikator_row("L")],
                   [target_row("P0", 2025, 5.0), target_row("P0", 2026, 5.0)])  # fmt: skip
    # the OPD reported each month (indicator L), P0 only in November and January
    lain = [real("L", p, 1.0) for p in ("2025-11", "2025-12", "2026-01", "2026-02", "2026-03")]
    ev = run(ref, [real("P0", "2025-11", 6.0), real("P0", "2026-01", 5.5), *lain],
             periode="2026-03")  # fmt: skip
    rw = ev.riwayat[ev.riwayat["kode_indikator"] == "P0"].set_index("periode")
    assert rw.loc["2025-12", "realisasi"] == 6.0
    assert rw.loc["2025-12", "dibawa"] and rw.loc["2025-12", "periode_nilai"] == "2025-11"
    assert rw.loc["2026-03", "realisasi"] == 5.5
    assert rw.loc["2026-03", "periode_nilai"] == "2026-01"
    assert not rw.loc["2026-01", "dibawa"] and rw.loc["2026-01", "periode_nilai"] == "2026-01"
    assert rw.loc["2026-03", "realisasi_laporan"] != rw.loc["2026-03", "realisasi_laporan"]  # NaN
    assert rw.loc["2026-03", "target"] == 5.0  # never pro-rated
    assert rw.loc["2026-03", "capaian"] == pytest.approx(90.0)
    ev2 = run(ref, [real("P0", "2025-11", 6.0), *lain[:3]], periode="2026-02")
    assert math.isnan(row(ev2, "P0")["realisasi"])
    # a month the OPD did not report carries nothing (methods.md §1): no value, no periode_nilai
    ev3 = run(ref, [real("P0", "2026-01", 5.5)], periode="2026-03")
    r3 = row(ev3, "P0")
    assert math.isnan(r3["realisasi"]) and pd.isna(r3["periode_nilai"]) and not r3["dibawa"]


def test_rata_rata_is_mean_of_months_so_far():
    ref = make_ref([indikator_row("R-01", sifat="rata-rata")], [target_row("R-01", 2026, 80)])
    ev = run(ref, [real("R-01", "2026-01", 70), real("R-01", "2026-02", None),
                   real("R-01", "2026-03", 90)])  # fmt: skip
    r = row(ev, "R-01")
    assert r["realisasi"] == pytest.approx(80.0) and r["capaian"] == pytest.approx(100.0)


def test_range_target_prorated_bound_by_bound_and_rentang():
    ref = make_ref(
        [indikator_row("G-01", pol="rentang", sifat="terakhir", arah_rentang="negatif"),
         indikator_row("K-01")],
        [target_row("G-01", 2026, bawah=7, atas=8), target_row("K-01", 2026, bawah=120, atas=240)],
    )  # fmt: skip
    ev = run(ref, [real("G-01", "2026-03", 9), real("K-01", "2026-03", 25)])
    assert row(ev, "G-01")["capaian"] == pytest.approx(87.5)
    k = row(ev, "K-01")
    assert (k["target_bawah"], k["target_atas"]) == (pytest.approx(30), pytest.approx(60))
    assert k["capaian"] == pytest.approx(25 / 30 * 100)


def test_sumber_utama_is_the_source_that_counts():
    ind = [indikator_row("IKU-02", pol="negatif", opd=None, sifat="terakhir", level="IKU",
                         sumber_utama="SSGI")]  # fmt: skip
    ref = make_ref(ind, [target_row("IKU-02", 2026, 14)])
    rows = [real("IKU-02", "2026-03", 16.37, sumber="EPPGBM"),
            real("IKU-02", "2026-03", 12.9, sumber="SSGI")]  # fmt: skip
    r = row(run(ref, rows), "IKU-02")
    assert r["realisasi"] == 12.9 and r["sumber_data"] == "SSGI"
    # only the other source: no value (the analysts chose SSGI)
    r = row(run(ref, rows[:1]), "IKU-02")
    assert math.isnan(r["realisasi"])


def test_several_sources_without_sumber_utama_pick_a_filled_one():
    ref = make_ref([indikator_row("A-01")], [target_row("A-01", 2026, 120)])
    rows = [real("A-01", "2026-03", None, sumber="A", alasan="-"),
            real("A-01", "2026-03", 30, sumber="B")]  # fmt: skip
    assert row(run(ref, rows), "A-01")["realisasi"] == 30


def test_unknown_indicators_and_future_rows_ignored():
    ref = make_ref([indikator_row("A-01")], [target_row("A-01", 2026, 120)])
    rows = [real("A-01", "2026-03", 30), real("ZZ-99", "2026-03", 1),
            real("A-01", "2026-04", 999)]  # fmt: skip
    ev = run(ref, rows)
    assert set(ev.indikator["kode_indikator"].astype(str)) == {"A-01"}
    assert ev.riwayat["periode"].astype(str).max() == "2026-03"


# ---------------------------------------------------------------- roll-ups


def _three_opd_ref():
    ind = [
        indikator_row("A-01", bobot=3.0), indikator_row("A-02"), indikator_row("A-03"),
        indikator_row("B-01", opd=O2), indikator_row("B-02", opd=O2),
    ]  # fmt: skip
    tgt = [target_row(k, 2026, 12) for k in ("A-01", "A-02", "A-03", "B-01", "B-02")]
    rows = [real("A-01", "2026-03", 6), real("A-02", "2026-03", 3.6), real("A-03", "2026-03", None),
            real("B-01", "2026-03", 3, opd=O2), real("B-02", "2026-03", 2.4, opd=O2)]  # fmt: skip
    return make_ref(ind, tgt), rows


def test_opd_asisten_kabupaten_rollup():
    ref, rows = _three_opd_ref()
    ev = run(ref, rows)
    opd = ev.opd.set_index("kode_opd")
    # A: capaian 200 and 120 (A-03 missing → counted, not averaged)
    assert opd.loc[O1, "rata_capaian"] == pytest.approx(160.0)
    assert opd.loc[O1, "predikat"] == "Sangat Tinggi"
    assert opd.loc[O1, "jumlah_indikator"] == 3
    assert opd.loc[O1, "tidak_dapat_dihitung"] == 1
    assert opd.loc[O1, "jumlah_ST"] == 2
    assert opd.loc[O2, "rata_capaian"] == pytest.approx(90.0)  # 100 and 80
    assert math.isnan(opd.loc[O3, "rata_capaian"]) and opd.loc[O3, "jumlah_indikator"] == 0
    asis = ev.asisten.set_index("asisten")
    assert asis.loc["II", "rata_capaian"] == pytest.approx(160.0)
    assert asis.loc["I", "rata_capaian"] == pytest.approx(90.0)
    assert ev.kabupaten["rata_capaian"].iloc[0] == pytest.approx((200 + 120 + 100 + 80) / 4)
    assert ev.kabupaten["tidak_dapat_dihitung"].iloc[0] == 1


def test_rollup_settings_weights_and_clip():
    ref, rows = _three_opd_ref()
    w = run(ref, rows, s=Settings(use_indicator_weights=True)).opd.set_index("kode_opd")
    assert w.loc[O1, "rata_capaian"] == pytest.approx((3 * 200 + 120) / 4)
    c = run(ref, rows, s=Settings(clip_before_mean=True)).opd.set_index("kode_opd")
    assert c.loc[O1, "rata_capaian"] == pytest.approx(100.0)
    assert c.loc[O2, "rata_capaian"] == pytest.approx(90.0)
    assert c.loc[O2, "predikat"] == "Tinggi"


@settings(max_examples=40, deadline=None)
@given(
    caps=st.lists(st.one_of(st.none(), st.floats(-200, 300)), min_size=1, max_size=30),
    seed=st.integers(0, 10_000),
    weights=st.booleans(),
    clip=st.booleans(),
)
def test_rollup_invariant_to_row_order(caps, seed, weights, clip):
    n = len(caps)
    rng = np.random.default_rng(seed)
    df = pd.DataFrame(
        {
            "kode_opd": rng.choice(["a", "b", "c"], n),
            "capaian": [np.nan if c is None else c for c in caps],
            "bobot": rng.uniform(0.5, 3, n),
        }
    )
    s = Settings(use_indicator_weights=weights, clip_before_mean=clip)
    a = rollup(df, ["kode_opd"], s)
    b = rollup(df.sample(frac=1, random_state=seed), ["kode_opd"], s)
    pd.testing.assert_frame_equal(a, b, rtol=1e-9)
    ka, kb = rollup(df, None, s), rollup(df.iloc[::-1], None, s)
    pd.testing.assert_frame_equal(ka, kb, rtol=1e-9)


# ---------------------------------------------------------------- budget and physical progress


def _budget_case():
    kas1 = [100] * 12  # 1.200 pagu, 25 % planned by March
    kas2 = [300] * 12  # 3.600 pagu
    ang = [anggaran_row(O1, KEG1, 1200, kas1), anggaran_row(O1, KEG2, 3600, kas2),
           anggaran_row(O2, KEG1, 1000, [0, 0, 500] + [50] * 9)]  # fmt: skip
    ref = make_ref([indikator_row("A-01")], [target_row("A-01", 2026, 12)], ang)
    keu = [
        dict(kode_opd=O1, periode="2026-03", kode_kegiatan=KEG1, realisasi_keuangan=240.0,
             realisasi_fisik=130.0),
        dict(kode_opd=O1, periode="2026-03", kode_kegiatan=KEG2, realisasi_keuangan=600.0,
             realisasi_fisik=10.0),
        dict(kode_opd=O2, periode="2026-02", kode_kegiatan=KEG1, realisasi_keuangan=100.0,
             realisasi_fisik=5.0),
    ]  # fmt: skip
    return ref, keu


def test_budget_figures_per_opd():
    ref, keu = _budget_case()
    ev = run(ref, [real("A-01", "2026-03", 3)], keu)
    o = ev.opd.set_index("kode_opd")
    assert o.loc[O1, "pagu"] == 4800
    assert o.loc[O1, "realisasi_keuangan_pct"] == pytest.approx(840 / 4800 * 100)
    assert o.loc[O1, "target_keuangan_pct"] == pytest.approx(25.0)
    assert o.loc[O1, "deviasi_keuangan"] == pytest.approx(17.5 - 25)
    # fisik capped at 100 per activity, weighted by bobot = pagu share: 100 × 25 % + 10 × 75 %
    assert o.loc[O1, "realisasi_fisik"] == pytest.approx(32.5)
    assert o.loc[O1, "deviasi_fisik"] == pytest.approx(7.5)
    assert o.loc[O1, "lampu_keuangan"] == "kuning"
    assert o.loc[O1, "lampu_fisik"] == "hijau"
    assert o.loc[O1, "milestone_target"] == 20.0
    assert not o.loc[O1, "memenuhi_milestone"]
    assert o.loc[O1, "proyeksi_keuangan_pct"] == pytest.approx(70.0)
    assert o.loc[O1, "peringatan_serapan"]
    # O2 sent no March file: its budget realisasi is unknown, never 0; it is not ranked
    assert o.loc[O2, "status_laporan"] == "tidak lapor"
    assert pd.isna(o.loc[O2, "realisasi_keuangan"]) and pd.isna(o.loc[O2, "lampu_keuangan"])
    assert pd.isna(o.loc[O2, "realisasi_fisik"]) and pd.isna(o.loc[O2, "peringkat_tepra"])
    assert pd.isna(o.loc[O2, "keuangan_sebagian"])  # unknown as a whole, not "partial"
    assert o.loc[O2, "pagu"] == 1000 and o.loc[O2, "target_keuangan_pct"] == pytest.approx(50.0)
    assert o.loc[O1, "peringkat_tepra"] == 1
    # the Asisten and regency totals are over reporting OPDs only
    assert ev.kabupaten["realisasi_keuangan_pct"].iloc[0] == pytest.approx(840 / 4800 * 100)
    assert ev.kabupaten["jumlah_opd_belum_lapor"].iloc[0] == 2
    # O2 sent a March file without the line: the line is listed and, by default, unknown (not
    # Rp 0): no realisasi, no light, no TEPRA rank; anggaran_tanpa_laporan "nol" counts it 0
    kiriman = pd.DataFrame(
        {"kode_opd": [O1, O2], "periode": ["2026-03"] * 2,
         "diterima": pd.to_datetime(["2026-04-05", "2026-04-06"]), "kosong": [False, False]}
    )  # fmt: skip
    o = run(ref, [real("A-01", "2026-03", 3)], keu, kiriman=kiriman).opd.set_index("kode_opd")
    assert o.loc[O2, "status_laporan"] == "lengkap"  # no indicator of O2 is due
    assert pd.isna(o.loc[O2, "realisasi_keuangan"]) and pd.isna(o.loc[O2, "lampu_keuangan"])
    assert o.loc[O2, "kegiatan_tanpa_laporan"] == 1 and o.loc[O2, "keuangan_sebagian"]
    assert o.loc[O1, "peringkat_tepra"] == 1 and pd.isna(o.loc[O2, "peringkat_tepra"])
    nol = Settings(anggaran_tanpa_laporan="nol")
    o = run(ref, [real("A-01", "2026-03", 3)], keu, kiriman=kiriman, s=nol).opd
    o = o.set_index("kode_opd")
    assert o.loc[O2, "realisasi_keuangan"] == 0
    assert o.loc[O2, "kegiatan_tanpa_laporan"] == 1
    assert o.loc[O2, "lampu_keuangan"] == "merah"
    assert o.loc[O1, "peringkat_tepra"] == 1 and o.loc[O2, "peringkat_tepra"] == 2
    keg = ev.kegiatan.set_index(["kode_opd", "kode_kegiatan"])
    assert keg.loc[(O1, KEG1), "bobot"] == pytest.approx(25.0)
    assert keg.loc[(O1, KEG1), "fisik_dipakai"] == 100.0
    kab = ev.kabupaten.iloc[0]  # O2 did not report March: out of the total
    assert kab["realisasi_keuangan_pct"] == pytest.approx(840 / 4800 * 100)


def test_lampu_boundaries():
    got = list(lampu([-10.01, -10, -5.01, -5, 0, np.nan]))
    assert got[:5] == ["merah", "kuning", "kuning", "hijau", "hijau"] and pd.isna(got[5])
    s = Settings(lampu_merah_below=-20, lampu_kuning_below=-1)
    assert list(lampu([-15, -0.5], s)) == ["kuning", "hijau"]


def test_milestones_in_force():
    ref, keu = _budget_case()
    jan = run(ref, [], keu, periode="2026-01").opd
    assert jan["milestone_bulan"].isna().all() and jan["memenuhi_milestone"].isna().all()
    jul = run(ref, [], [], periode="2026-07").opd.set_index("kode_opd")
    assert jul.loc[O1, "milestone_bulan"] == 6 and jul.loc[O1, "milestone_target"] == 50.0


def test_tepra_rank_fisik_then_keuangan():
    rank = peringkat_tepra([50, 60, 50, np.nan], [90, 10, 95, 99])
    assert list(rank) == [3, 1, 2, 4]
    s = Settings.from_dict({"tepra_order": "keuangan,fisik"})
    assert list(peringkat_tepra([50, 60, 50, np.nan], [90, 10, 95, 99], s)) == [3, 4, 2, 1]
    assert "peringkat TEPRA menurut realisasi keuangan lalu fisik" in s.uraian()
    with pytest.raises(SettingsError, match="urutan_tepra harus salah satu dari"):
        Settings.from_dict({"tepra_order": "fisik"})


def test_tepra_order_setting_reaches_the_opd_ranking():
    ref, keu = _budget_case()
    keu = [dict(k, periode="2026-03") for k in keu]  # O1: fisik 32,5 %, keuangan 17,5 %
    # O2: fisik 5 % < 32,5 %, keuangan 100 / 1000 = 10 % < 17,5 % → same either way; make O2
    # spend more: 500 = 50 %
    keu[2]["realisasi_keuangan"] = 500.0
    kiriman = pd.DataFrame(
        {"kode_opd": [O1, O2], "periode": ["2026-03"] * 2,
         "diterima": pd.to_datetime(["2026-04-05", "2026-04-06"]), "kosong": [False, False]}
    )  # fmt: skip
    for order, harapan in (("fisik,keuangan", (1, 2)), ("keuangan,fisik", (2, 1))):
        s = Settings(tepra_order=order)
        o = run(ref, [real("A-01", "2026-03", 3)], keu, s=s, kiriman=kiriman).opd
        o = o.set_index("kode_opd")
        assert (o.loc[O1, "peringkat_tepra"], o.loc[O2, "peringkat_tepra"]) == harapan, order


# O1 reports KEG1 only (pagu 1.200, plan 600 by March = 50 %; 240 Rp; fisik 130 → 100), not
# KEG2 (pagu 3.600, plan 900 = 25 %). Default: KEG2 is unknown and left out, O1's figures are
# KEG1's and marked partial; "nol": KEG2 counts Rp 0 and 0 % fisik against the whole DPA.
# (settings, realisasi keuangan %, target keuangan %, realisasi fisik %, target fisik %)
TANPA_LAPORAN = [
    ({}, 20.0, 50.0, 100.0, 50.0),
    ({"anggaran_tanpa_laporan": "nol"}, 5.0, 31.25, 25.0, 31.25),
    ({"rencana_fisik": "linear"}, 20.0, 50.0, 100.0, 25.0),
    ({"anggaran_tanpa_laporan": "nol", "rencana_fisik": "linear"}, 5.0, 31.25, 25.0, 25.0),
]


@pytest.mark.parametrize("atur, keu_pct, target, fisik, target_fisik", TANPA_LAPORAN)
def test_unreported_lines_and_physical_plan(atur, keu_pct, target, fisik, target_fisik):
    ang = [anggaran_row(O1, KEG1, 1200, [0, 0, 600] + [0] * 8 + [600]),
           anggaran_row(O1, KEG2, 3600, [0, 0, 900] + [0] * 8 + [2700])]  # fmt: skip
    ref = make_ref([indikator_row("A-01")], [target_row("A-01", 2026, 12)], ang)
    keu = _budget_case()[1][:1]
    s = Settings.from_dict(atur)
    ev = run(ref, [real("A-01", "2026-03", 3)], keu, s=s)
    o = ev.opd.set_index("kode_opd").loc[O1]
    assert o["realisasi_keuangan"] == 240.0
    assert o["realisasi_keuangan_pct"] == pytest.approx(keu_pct)
    assert o["target_keuangan_pct"] == pytest.approx(target)
    assert o["deviasi_keuangan"] == pytest.approx(keu_pct - target)
    assert o["realisasi_fisik"] == pytest.approx(fisik)
    assert o["target_fisik"] == pytest.approx(target_fisik)
    assert o["deviasi_fisik"] == pytest.approx(fisik - target_fisik)
    assert o["kegiatan_tanpa_laporan"] == 1 and o["keuangan_sebagian"]
    # the regency total follows the same rule and says it is partial
    kab = ev.kabupaten.iloc[0]
    assert kab["realisasi_keuangan_pct"] == pytest.approx(keu_pct) and kab["keuangan_sebagian"]
    kata = "tidak dihitung" if "anggaran_tanpa_laporan" not in atur else "dihitung Rp 0"
    assert f"sub kegiatan yang tidak dilaporkan {kata}" in s.uraian()
    with pytest.raises(SettingsError, match="rencana_fisik harus salah satu dari"):
        Settings.from_dict({"rencana_fisik": "kurva_s"})


def test_kuadran_labels():
    k = list(kuadran([95, 95, 60, 60, np.nan], [0, -8, 1, -20, 0]))
    assert k[:4] == [
        "kinerja tinggi, serapan sesuai rencana",
        "kinerja tinggi, serapan rendah",
        "kinerja rendah, serapan sesuai rencana",
        "kinerja rendah, serapan rendah",
    ]
    assert pd.isna(k[4])


# ---------------------------------------------------------------- trends and early warning


def test_mom_yoy_trend_and_projection():
    ref = make_ref([indikator_row("A-01")],
                   [target_row("A-01", 2025, 120), target_row("A-01", 2026, 120)])  # fmt: skip
    rows = [real("A-01", f"2025-{m:02d}", 10.0 * m) for m in range(1, 13)]
    rows += [real("A-01", f"2026-{m:02d}", v) for m, v in ((1, 9), (2, 16), (3, 21))]
    ev = run(ref, rows)
    r = row(ev, "A-01")
    assert r["capaian"] == pytest.approx(70.0)
    assert r["perubahan_mom"] == pytest.approx(70 - 80)
    assert r["perubahan_yoy"] == pytest.approx(70 - 100)
    assert r["arah_tren"] == "memburuk"
    assert r["proyeksi_akhir_tahun"] == pytest.approx(84.0)
    assert r["capaian_proyeksi"] == pytest.approx(70.0)
    assert r["peringatan_dini"]
    o = ev.opd.set_index("kode_opd").loc[O1]
    assert o["arah_tren"] == "memburuk" and o["perubahan_mom"] == pytest.approx(-10)


def test_raw_negatif_trend_falling_is_membaik():
    got = arah_tren(np.array([-1.0, -1.0, 0.1, np.nan]), 0.5, negatif=[True, False, True, False])
    assert list(got[:3]) == ["membaik", "memburuk", "stabil"] and pd.isna(got[3])


def test_slope_matches_polyfit_on_random_data():
    rng = np.random.default_rng(3)
    n_keys, m, w = 40, 30, 6
    y = rng.normal(80, 15, n_keys * m)
    y[rng.random(len(y)) < 0.2] = np.nan
    awal = np.repeat(np.arange(n_keys) * m, m)
    slope, cnt = kemiringan(y, awal, w)
    for i in range(len(y)):
        lo = max(i - w + 1, awal[i])
        xs = np.arange(lo, i + 1) - awal[i]
        ys = y[lo : i + 1]
        ok = ~np.isnan(ys)
        assert cnt[i] == ok.sum()
        if ok.sum() >= 2:
            assert slope[i] == pytest.approx(np.polyfit(xs[ok], ys[ok], 1)[0], abs=1e-9)
        else:
            assert np.isnan(slope[i])


# ---------------------------------------------------------------- cross-sector (lintas)


def test_iku_and_supporting_indicators():
    ind = [
        indikator_row("IKU-02", pol="negatif", opd=None, sifat="terakhir", level="IKU",
                      sumber_utama="SSGI"),
        indikator_row("DINKES-01", opd=O2, kode_iku="IKU-02"),
        indikator_row("DPUPR-01", kode_iku="IKU-02"),
        indikator_row("DPUPR-02"),
    ]  # fmt: skip
    tgt = [target_row("IKU-02", 2024, 16), target_row("IKU-02", 2025, 15),
           target_row("IKU-02", 2026, 14),
           target_row("DINKES-01", 2026, 12), target_row("DPUPR-01", 2026, 12),
           target_row("DPUPR-02", 2026, 12)]  # fmt: skip
    hist = [dict(kode_indikator="IKU-02", tahun=2023, nilai=18.34, sumber="EPPGBM"),
            dict(kode_indikator="IKU-02", tahun=2023, nilai=12.9, sumber="SSGI"),
            dict(kode_indikator="IKU-02", tahun=2022, nilai=17.9, sumber="SSGI"),
            dict(kode_indikator="IKU-02", tahun=2024, nilai=16.37, sumber="EPPGBM")]  # fmt: skip
    ref = make_ref(ind, tgt, iku_riwayat=hist)
    rows = [real("DINKES-01", "2026-03", 1.5, opd=O2), real("DPUPR-01", "2026-03", 3.3),
            real("DPUPR-02", "2026-03", 3)]  # fmt: skip
    ev = run(ref, rows)
    seri = ev.iku_seri.set_index("tahun")
    assert seri.loc[2023, "nilai"] == 12.9 and seri.loc[2023, "sumber"] == "SSGI"
    assert seri.loc[2024, "nilai"] == 16.37  # only EPPGBM published that year
    iku = ev.iku.set_index("kode_indikator").loc["IKU-02"]
    # the statistic of 2024 is compared with the target of 2024 (methods.md §4)
    assert iku["tahun_nilai"] == 2024 and iku["tahun_target"] == 2024
    assert iku["capaian"] == pytest.approx((2 * 16 - 16.37) / 16 * 100)
    # 17,9 → 12,9 → 16,37: the least-squares slope falls, and falling stunting is improving
    assert iku["arah_tren"] == "membaik" and iku["kemiringan"] == pytest.approx(-0.765)
    assert iku["jumlah_pendukung"] == 2 and iku["pendukung_tertinggal"] == 1
    assert iku["rata_capaian_pendukung"] == pytest.approx((50 + 110) / 2)
    lintas = ev.lintas
    assert list(lintas["kode_indikator"].astype(str)) == ["DINKES-01", "DPUPR-01"]
    assert set(lintas["nama_iku"]) == {"Indikator IKU-02"}
    # a monthly IKU report of the current year counts as its value
    ev2 = run(ref, [*rows, real("IKU-02", "2026-02", 13.1, opd=O1, sumber="SSGI")])
    iku2 = ev2.iku.set_index("kode_indikator").loc["IKU-02"]
    assert iku2["nilai"] == 13.1 and iku2["periode_nilai"] == "2026-02"


# ---------------------------------------------------------------- follow-up (tindak lanjut)


def tl_row(kode, periode, status, batas, opd=O1):
    return dict(kode_opd=opd, periode=periode, kode_tl=kode, masalah="m", tindak_lanjut="t",
                penanggung_jawab="p", batas_waktu=pd.Timestamp(batas) if batas else pd.NaT,
                status=status, keterangan=None)  # fmt: skip


def test_tindak_lanjut_state_overdue_carried_closed():
    ref = make_ref([indikator_row("A-01")], [target_row("A-01", 2026, 12)])
    tl = [
        tl_row("TL-1", "2026-01", "belum", "2026-02-15"),
        tl_row("TL-1", "2026-03", "proses", "2026-04-30"),  # rescheduled: open
        tl_row("TL-2", "2026-02", "proses", "2026-03-10"),  # carried, overdue at end of March
        tl_row("TL-3", "2026-02", "selesai", "2026-01-10"),  # closed, never overdue
        tl_row("TL-4", "2026-03", "belum", None, opd=O2),
        tl_row("TL-5", "2026-04", "belum", "2026-01-01"),  # future report: not yet known
        tl_row("TL-6", "2026-03", "proses", "2026-03-31"),  # due on the last day: not overdue
    ]
    ev = run(ref, [], [], tl)
    t = ev.tindak_lanjut.set_index("kode_tl")
    assert set(t.index) == {"TL-1", "TL-2", "TL-3", "TL-4", "TL-6"}
    assert t.loc["TL-1", "keadaan"] == "terbuka" and not t.loc["TL-1", "dibawa"]
    assert t.loc["TL-2", "keadaan"] == "terlambat" and t.loc["TL-2", "dibawa"]
    assert t.loc["TL-2", "hari_terlambat"] == 21
    assert t.loc["TL-3", "keadaan"] == "selesai"
    assert t.loc["TL-4", "keadaan"] == "terbuka"
    assert t.loc["TL-6", "keadaan"] == "terbuka"
    o = ev.opd.set_index("kode_opd")
    assert o.loc[
        O1, ["tl_jumlah", "tl_terbuka", "tl_terlambat", "tl_selesai", "tl_dibawa"]
    ].tolist() == [4, 2, 1, 1, 1]
    assert o.loc[O3, "tl_jumlah"] == 0


# ---------------------------------------------------------------- vectorised = row by row


def _ref_capaian(t, lo, hi, r, neg, formula):
    if r is None or np.isnan(r):
        return np.nan
    if not np.isnan(lo):
        if lo <= r <= hi:
            return 100.0
        ref = hi if r > hi else lo
    elif np.isnan(t):
        return np.nan
    else:
        ref = t
    if ref == 0:
        return 100.0 if neg and r == 0 else np.nan
    if ref < 0:
        return np.nan
    if not neg:
        return r / ref * 100
    if formula == "T/R":
        return np.nan if r == 0 else ref / r * 100
    return (2 * ref - r) / ref * 100


def _random_case(seed):
    rng = np.random.default_rng(seed)
    n_ind = 25
    sifat = rng.choice(["kumulatif", "terakhir", "rata-rata"], n_ind)
    pol = rng.choice(["positif", "negatif", "rentang"], n_ind)
    opd = rng.choice([O1, O2, O3], n_ind)
    ind = [indikator_row(f"X-{i:02d}", pol=pol[i], opd=opd[i], sifat=sifat[i],
                         arah_rentang=rng.choice(["positif", "negatif"]),
                         bobot=float(rng.integers(1, 4))) for i in range(n_ind)]  # fmt: skip
    tgt, rows = [], []
    for i in range(n_ind):
        k = f"X-{i:02d}"
        for y in (2025, 2026):
            u = rng.random()
            if u < 0.15:
                continue
            if u < 0.35:
                a = float(rng.integers(10, 80))
                tgt.append(target_row(k, y, bawah=a, atas=a + float(rng.integers(0, 20))))
            else:
                tgt.append(target_row(k, y, float(rng.integers(0, 120))))
            if rng.random() < 0.3:
                for q in range(1, 5):
                    if rng.random() < 0.7:
                        tgt.append(target_row(k, y, float(rng.integers(1, 100)), "triwulan", q))
            if rng.random() < 0.2:
                for m in rng.choice(range(1, 13), 3, replace=False):
                    tgt.append(target_row(k, y, float(rng.integers(1, 100)), "bulanan", int(m)))
        for y, mm in ((2025, range(3, 13)), (2026, range(1, 6))):
            for m in mm:
                if rng.random() < 0.8:
                    v = None if rng.random() < 0.1 else float(rng.integers(0, 120))
                    rows.append(real(k, f"{y}-{m:02d}", v, opd=opd[i]))
    kas = [anggaran_row(o, KEG1, 1200, rng.integers(0, 200, 12), tahun=y)
           for o in (O1, O2) for y in (2025, 2026)]  # fmt: skip
    return make_ref(ind, tgt, kas), rows


def _reference_riwayat(ref, rows, periode, s):
    """Plain loops over keys and months, reading methods.md §4 literally."""
    real_df = frame(rows, REAL_COLS)
    py, pm = int(periode[:4]), int(periode[5:])
    tg = ref.target
    out = {}
    for ind in ref.indikator.itertuples():
        k, opd = ind.kode_indikator, ind.kode_opd
        neg = ind.polaritas == "negatif" or (
            ind.polaritas == "rentang" and ind.arah_rentang == "negatif"
        )
        mine = real_df[(real_df["kode_indikator"] == k) & (real_df["kode_opd"] == opd)]
        vals = dict(zip(mine["periode"], mine["realisasi"], strict=True))
        # months the OPD reported (any row): only then does a level stand for a month without
        # a new value (methods.md §1, carried values)
        lapor = set(real_df.loc[real_df["kode_opd"] == opd, "periode"])
        for y in (2025, 2026):
            for m in range(1, 13):
                if (y, m) > (py, pm):
                    break
                p = f"{y}-{m:02d}"
                so_far = [vals.get(f"{y}-{j:02d}") for j in range(1, m + 1)]
                so_far = [v for v in so_far if v is not None and not pd.isna(v)]
                if ind.sifat == "kumulatif":
                    v = vals.get(p)
                    v = np.nan if v is None or pd.isna(v) else v
                elif ind.sifat == "terakhir":
                    v = so_far[-1] if so_far else np.nan
                else:
                    v = float(np.mean(so_far)) if so_far else np.nan
                sendiri = vals.get(p)
                if (sendiri is None or pd.isna(sendiri)) and p not in lapor:
                    v = np.nan

                def pick(jenis, ke, y=y, k=k):
                    hit = tg[(tg["kode_indikator"] == k) & (tg["tahun"] == y)
                             & (tg["jenis"] == jenis) & (tg["ke"] == ke)]  # fmt: skip
                    if hit.empty:
                        return None
                    h = hit.iloc[0]
                    return np.array([h["target"], h["target_bawah"], h["target_atas"]], float)

                q = (m - 1) // 3 + 1
                bl, tq, ann = pick("bulanan", m), pick("triwulan", q), pick("tahunan", 0)
                if bl is not None:
                    t = bl
                elif tq is not None:
                    if ind.sifat == "kumulatif":
                        prev = pick("triwulan", q - 1) if q > 1 else np.zeros(3)
                        if prev is None:
                            t = tq * m / (3 * q)
                        else:
                            t = prev + (tq - prev) * (m - 3 * (q - 1)) / 3
                    else:
                        t = tq
                elif ann is not None:
                    if ind.sifat == "kumulatif":
                        frac = m / 12
                        if s.prorate == "anggaran_kas":
                            a = ref.anggaran[(ref.anggaran["kode_opd"] == opd)
                                             & (ref.anggaran["tahun"] == y)]  # fmt: skip
                            if len(a) and a["pagu"].sum() > 0:
                                kas = a[list(KAS_COLUMNS[:m])].to_numpy().sum()
                                frac = kas / a["pagu"].sum()
                        t = ann * frac
                    else:
                        t = ann
                else:
                    t = np.full(3, np.nan)
                cap = _ref_capaian(t[0], t[1], t[2], v, neg, s.negative_formula)
                out[(opd, k, p)] = (v, t[0], t[1], t[2], cap)
    return out


@pytest.mark.parametrize(
    ("seed", "s"),
    [
        (1, Settings()),
        (2, Settings(prorate="anggaran_kas")),
        (3, Settings(negative_formula="T/R", cap=150)),
    ],
)
def test_vectorised_grid_equals_row_by_row(seed, s):
    ref, rows = _random_case(seed)
    ev = run(ref, rows, periode="2026-05", s=s)
    want = _reference_riwayat(ref, rows, "2026-05", dataclasses.replace(s, cap=None))
    rw = ev.riwayat
    got = {
        (o, k, p): (v, t, lo, hi, c)
        for o, k, p, v, t, lo, hi, c in zip(
            rw["kode_opd"].astype(str),
            rw["kode_indikator"].astype(str),
            rw["periode"].astype(str),
            rw["realisasi"],
            rw["target"],
            rw["target_bawah"],
            rw["target_atas"],
            rw["capaian"],
            strict=True,
        )
    }
    assert set(got) == set(want)
    for key, w in want.items():
        g = got[key]
        w = list(w)
        if s.cap is not None and not np.isnan(w[4]):
            w[4] = min(w[4], s.cap)
        np.testing.assert_allclose(g, w, rtol=1e-9, atol=1e-9, equal_nan=True, err_msg=str(key))
    # month-on-month and year-on-year from the same grid, by plain look-up
    cap = {k: v[4] for k, v in got.items()}
    for r in rw.itertuples():
        y, m = r.tahun, r.bulan
        prev = f"{y - (m == 1)}-{12 if m == 1 else m - 1:02d}"
        pm = cap.get((str(r.kode_opd), str(r.kode_indikator), prev), np.nan)
        np.testing.assert_allclose(r.perubahan_mom, r.capaian - pm, equal_nan=True)
        py = cap.get((str(r.kode_opd), str(r.kode_indikator), f"{y - 1}-{m:02d}"), np.nan)
        np.testing.assert_allclose(r.perubahan_yoy, r.capaian - py, equal_nan=True)
    # OPD means equal a plain groupby of the period's rows, values flagged perlu verifikasi
    # left out (the default)
    ind = ev.indikator
    ind = ind[~ind["perlu_verifikasi"]]
    plain = ind.groupby(ind["kode_opd"].astype(str))["capaian"].mean()
    got_opd = ev.opd.set_index("kode_opd")["rata_capaian"]
    for opd, v in plain.items():
        np.testing.assert_allclose(got_opd[opd], v, equal_nan=True)


# ---------------------------------------------------------------- edge cases of the whole call


def test_nothing_reported_yet():
    ref = make_ref([indikator_row("A-01"), indikator_row("B-01", opd=O2)],
                   [target_row("A-01", 2026, 12)])  # fmt: skip
    ev = run(ref, [], periode="2026-01")
    assert len(ev.indikator) == 2 and ev.indikator["capaian"].isna().all()
    assert set(ev.indikator["alasan"].astype(str)) == {
        "tidak dapat dihitung: realisasi belum dilaporkan",
        "tidak dapat dihitung: target belum ada",
    }
    o = ev.opd.set_index("kode_opd")
    assert o.loc[O1, "tidak_dapat_dihitung"] == 1 and math.isnan(o.loc[O1, "rata_capaian"])
    assert math.isnan(ev.kabupaten["rata_capaian"].iloc[0])
    assert ev.riwayat["periode"].astype(str).tolist() == ["2026-01", "2026-01"]


def test_no_indicators_at_all():
    ref = make_ref([indikator_row("IKU-01", opd=None, level="IKU")], [])
    ev = run(ref, [])
    assert ev.indikator.empty and ev.riwayat.empty and ev.lintas.empty
    assert len(ev.opd) == 3 and (ev.opd["jumlah_indikator"] == 0).all()
    assert list(ev.iku["kode_indikator"]) == ["IKU-01"]


def test_negatif_formula_disagreement_flagged_and_settings_noted():
    ref = make_ref([indikator_row("IRB", pol="negatif", sifat="terakhir")],
                   [target_row("IRB", 2026, 88.82)])  # fmt: skip
    ev = run(ref, [real("IRB", "2026-03", 135.15)])
    r = row(ev, "IRB")
    assert round(r["capaian"], 2) == 47.84 and r["beda_band"]
    assert "2T-R" in ev.catatan[0]
    ev2 = run(ref, [real("IRB", "2026-03", 135.15)], s=Settings(negative_formula="T/R"))
    assert round(row(ev2, "IRB")["capaian"], 2) == 65.72
    assert "T/R" in ev2.catatan[0]


def test_kendala_of_the_value_used_and_tl_names():
    ref = make_ref([indikator_row("A-01"), indikator_row("A-02")],
                   [target_row("A-01", 2026, 12), target_row("A-02", 2026, 12)])  # fmt: skip
    r = frame([real("A-01", "2026-02", 1), real("A-01", "2026-03", 3),
               real("A-02", "2026-03", 3)], REAL_COLS)  # fmt: skip
    r["kendala"] = ["lama", "hujan deras", None]
    tl = frame([tl_row("TL-1", "2026-03", "belum", None)], TL_COLS)
    ev = evaluasi(ref, r, frame([], KEU_COLS), tl, "2026-03")
    assert row(ev, "A-01")["kendala"] == "hujan deras"
    assert pd.isna(row(ev, "A-02")["kendala"])
    assert ev.tindak_lanjut["singkatan"].tolist() == ["DPUPR"]
