"""Benchmark: full evaluation of one period against a plain-pandas first version.

    .venv/bin/python benchmarks/bench_engine.py                 # 10^4 … 10^6
    .venv/bin/python benchmarks/bench_engine.py --sizes 1e7 --reps 1

Synthetic long data: N indicator-period rows = keys × 24 months (2025-01 … 2026-12), 60 OPDs,
~90 % of months reported, a few empty values, annual targets (some ranges), mixed polarity and
sifat. Both versions compute, for the period 2026-12: period values by sifat, pro-rated targets,
capaian, predikat, month-on-month and year-on-year change, trend slope over 6 months, OPD /
Asisten / regency means with counts, and the OPD trend. The engine is ``monev.engine.evaluasi``
(which also does budget, follow-up and IKU views on their small tables); the baseline is written
the way a first version would be (merges, ``groupby().transform/ffill/expanding``,
``groupby().rolling()``, ``groupby().apply``).

Each measurement runs in a forked child (same data, copy-on-write): wall time, and peak memory
as the rise of the child's VmHWM over its resident size at the start. Prints medians and the
engine / baseline ratio; results are checked equal on the smallest size first.

Measured on the project machine (2 cores, 24 GiB; pandas 3.1, numpy 2.4), 2026-11-28:

          baris   engine s   pandas s   rasio  engine MiB  pandas MiB
         10.000      0,293      0,402    0,73           9          12
        100.000      0,357      1,239    0,29          54          58
      1.000.000      2,944     16,592    0,18         478         467
     10.000.000     29,963    141,308    0,21       4.803       4.895

(medians of 5 / 5 / 3 / 1 runs). Growth is linear from 10^6 to 10^7 (×10,2); below 10^5 the
fixed cost of the small frames (budget, IKU, follow-up: ~0,3 s of pandas calls) dominates.
Memory is mostly the output itself: the long ``riwayat`` frame (~40 columns).

Again on 2026-12-02 after issue 13 (status of each month, carried values, plausibility flags,
rounding, IKU reference years, count targets), one run each with the machine shared (load
average ~7 on 2 cores, so both columns are slower than above):

          baris   engine s   pandas s   rasio  engine MiB  pandas MiB
      1.000.000      8,742     22,142    0,39         527         492
     10.000.000     91,742    354,203    0,26       5.226       4.819

The engine keeps flagged values in its means here (``include_flagged_in_mean``) so that it
computes the figures the plain baseline computes; it still computes every flag.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time

import numpy as np
import pandas as pd

from monev.data.reference import Referensi
from monev.engine.evaluasi import evaluasi
from monev.model.daerah import Asisten, Daerah
from monev.model.kode import KAS_COLUMNS
from monev.model.settings import Settings

M = 24
PERIODE = "2026-12"
N_OPD = 60


def synthetic(n_rows: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    nk = max(1, n_rows // M)
    opd_codes = [f"{1 + i % 4}.{i % 100:02d}.0.00.0.00.{i % 100:02d}.0000" for i in range(N_OPD)]
    opd = pd.DataFrame(
        {
            "kode_opd": opd_codes,
            "singkatan": [f"OPD{i:03d}" for i in range(N_OPD)],
            "nama_opd": [f"Dinas {i}" for i in range(N_OPD)],
            "asisten": [("I", "II", "III")[i % 3] for i in range(N_OPD)],
        }
    )
    kode = np.array([f"K{i:07d}" for i in range(nk)], dtype=object)
    key_opd = np.array(opd_codes, dtype=object)[rng.integers(0, N_OPD, nk)]
    pol = rng.choice(["positif", "negatif", "rentang"], nk, p=[0.7, 0.25, 0.05])
    sifat = rng.choice(["kumulatif", "terakhir", "rata-rata"], nk, p=[0.6, 0.3, 0.1])
    indikator = pd.DataFrame(
        {
            "kode_indikator": kode,
            "nama_indikator": [f"Indikator {k}" for k in kode],
            "satuan": "%",
            "polaritas": pol,
            "arah_rentang": np.where(pol == "rentang", "positif", None),
            "level": "program",
            "kode_opd": key_opd,
            "kode_iku": None,
            "sifat": sifat,
            "kode_nomenklatur": None,
            "bobot": rng.integers(1, 4, nk).astype(float),
            "sumber_utama": None,
        }
    )
    t = rng.uniform(10, 100, (2, nk)).round(1)
    rng_t = pol == "rentang"
    target = pd.DataFrame(
        {
            "kode_indikator": np.tile(kode, 2),
            "tahun": np.repeat([2025, 2026], nk),
            "jenis": "tahunan",
            "ke": 0,
            "target": np.where(np.tile(rng_t, 2), np.nan, t.ravel()),
            "target_bawah": np.where(np.tile(rng_t, 2), t.ravel(), np.nan),
            "target_atas": np.where(np.tile(rng_t, 2), t.ravel() + 10, np.nan),
        }
    )
    anggaran = pd.DataFrame(
        {
            "tahun": 2026,
            "kode_opd": opd_codes,
            "kode_kegiatan": "1.01.01.2.01.0001",
            "nama_kegiatan": "Kegiatan",
            "pagu": 1200.0,
            **{k: 100.0 for k in KAS_COLUMNS},
        }
    )
    daerah = Daerah("Kabupaten Uji", tuple(Asisten(k, f"Asisten {k}") for k in ("I", "II", "III")))
    ref = Referensi(opd, indikator, target, anggaran, pd.DataFrame(
        columns=["kode_indikator", "tahun", "nilai", "sumber"]), daerah)  # fmt: skip

    key = np.repeat(np.arange(nk), M)
    month = np.tile(np.arange(M), nk)
    keep = rng.random(nk * M) < 0.9
    key, month = key[keep], month[keep]
    base = t[month // 12, key]
    # cumulative values grow through the year; levels wander around the target
    frac = np.where(sifat[key] == "kumulatif", (month % 12 + 1) / 12, 1.0)
    nilai = (base * frac * rng.normal(0.95, 0.15, len(key))).round(2)
    nilai[rng.random(len(key)) < 0.02] = np.nan
    periode_lbl = np.array([f"{2025 + m // 12}-{m % 12 + 1:02d}" for m in range(M)], dtype=object)
    realisasi = pd.DataFrame(
        {
            "kode_opd": pd.array(key_opd[key], dtype="str"),
            "periode": pd.array(periode_lbl[month], dtype="str"),
            "kode_indikator": pd.array(kode[key], dtype="str"),
            "sumber_data": "",
            "realisasi": nilai,
            "alasan_kosong": None,
        }
    )
    kosong = pd.DataFrame(columns=["kode_opd", "periode", "kode_kegiatan", "realisasi_keuangan",
                                   "realisasi_fisik"])  # fmt: skip
    tl = pd.DataFrame(columns=["kode_opd", "periode", "kode_tl", "masalah", "tindak_lanjut",
                               "penanggung_jawab", "batas_waktu", "status", "keterangan"])  # fmt: skip
    return ref, realisasi, kosong, tl


# ---------------------------------------------------------------- the plain-pandas first version


def baseline(ref, realisasi, periode=PERIODE, s: Settings | None = None):
    s = s or Settings()
    ind = ref.indikator
    opd = ref.opd
    # dense grid: every indicator × every month up to the period
    months = pd.period_range("2025-01", periode, freq="M").strftime("%Y-%m")
    grid = pd.MultiIndex.from_product(
        [ind["kode_indikator"], months], names=["kode_indikator", "periode"]
    ).to_frame(index=False)
    grid = grid.merge(ind, on="kode_indikator", how="left")
    grid = grid.merge(opd[["kode_opd", "asisten"]], on="kode_opd", how="left")
    r = realisasi.drop_duplicates(["kode_opd", "kode_indikator", "periode"])
    grid = grid.merge(
        r[["kode_opd", "kode_indikator", "periode", "realisasi"]],
        on=["kode_opd", "kode_indikator", "periode"],
        how="left",
    )
    grid["tahun"] = grid["periode"].str[:4].astype(int)
    grid["bulan"] = grid["periode"].str[5:].astype(int)
    grid = grid.sort_values(["kode_opd", "kode_indikator", "periode"]).reset_index(drop=True)
    g = grid.groupby(["kode_opd", "kode_indikator", "tahun"])["realisasi"]
    terakhir = g.ffill()
    rata = g.expanding().mean().reset_index(level=[0, 1, 2], drop=True).sort_index()
    grid["nilai"] = np.where(
        grid["sifat"] == "terakhir",
        terakhir,
        np.where(grid["sifat"] == "rata-rata", rata, grid["realisasi"]),
    )
    tg = ref.target[ref.target["jenis"] == "tahunan"]
    grid = grid.merge(tg[["kode_indikator", "tahun", "target", "target_bawah", "target_atas"]],
                      on=["kode_indikator", "tahun"], how="left")  # fmt: skip
    f = np.where(grid["sifat"] == "kumulatif", grid["bulan"] / 12, 1.0)
    t, lo, hi = grid["target"] * f, grid["target_bawah"] * f, grid["target_atas"] * f
    lo2, hi2 = lo.fillna(t), hi.fillna(t)
    rv = grid["nilai"]
    tref = np.where(rv > hi2, hi2, lo2)
    neg = (grid["polaritas"] == "negatif") | (
        (grid["polaritas"] == "rentang") & (grid["arah_rentang"] == "negatif")
    )
    cap = np.where(neg, (2 * tref - rv) / tref * 100, rv / tref * 100)
    inside = lo.notna() & (rv >= lo) & (rv <= hi)
    cap = np.where(inside, 100.0, cap)
    cap = np.where((tref == 0) & neg & (rv == 0), 100.0, np.where(tref == 0, np.nan, cap))
    grid["capaian"] = cap
    # banded from the capaian as printed (two decimals), as the engine does
    grid["predikat"] = pd.cut(grid["capaian"].round(2), [-np.inf, 50, 65, 75, 90, np.inf],
                              labels=["SR", "R", "S", "T", "ST"])  # fmt: skip
    gk = grid.groupby(["kode_opd", "kode_indikator"])["capaian"]
    grid["perubahan_mom"] = gk.diff(1)
    grid["perubahan_yoy"] = gk.diff(12)
    # slope over the last W months from rolling means of x, y, xy, xx
    grid["x"] = grid.groupby(["kode_opd", "kode_indikator"]).cumcount().astype(float)
    grid.loc[grid["capaian"].isna(), "x"] = np.nan
    grid["xy"] = grid["x"] * grid["capaian"]
    grid["xx"] = grid["x"] ** 2
    roll = (
        grid.groupby(["kode_opd", "kode_indikator"])[["x", "capaian", "xy", "xx"]]
        .rolling(s.trend_window, min_periods=2)
        .mean()
        .reset_index(level=[0, 1], drop=True)
        .sort_index()
    )
    den = roll["xx"] - roll["x"] ** 2
    grid["kemiringan"] = ((roll["xy"] - roll["x"] * roll["capaian"]) / den).where(den > 0)
    now = grid[grid["periode"] == periode]

    def ringkas(d):
        c = d["capaian"].dropna()
        return pd.Series(
            {
                "rata_capaian": c.mean(),
                "jumlah_indikator": len(d),
                "tidak_dapat_dihitung": d["capaian"].isna().sum(),
                **{f"jumlah_{b}": (d["predikat"] == b).sum() for b in ["ST", "T", "S", "R", "SR"]},
            }
        )

    per_opd = now.groupby("kode_opd").apply(ringkas)
    per_asisten = now.groupby("asisten").apply(ringkas)
    kab = ringkas(now)
    bulanan = grid.groupby(["kode_opd", "periode"])["capaian"].mean().reset_index()
    bulanan["x"] = bulanan.groupby("kode_opd").cumcount().astype(float)
    rb = bulanan.groupby("kode_opd")["capaian"].rolling(s.trend_window, min_periods=2).apply(
        lambda y: np.polyfit(np.arange(len(y))[~np.isnan(y)], y[~np.isnan(y)], 1)[0]
        if (~np.isnan(y)).sum() >= 2 else np.nan,
        raw=True,
    )  # fmt: skip
    per_opd["kemiringan"] = rb.groupby(level=0).last()
    return grid, per_opd, per_asisten, kab


def engine(ref, realisasi, keu, tl):
    # the plain baseline has no plausibility rule: flagged values stay in the means so both
    # compute the same figures (the engine still computes every flag, status and carry)
    return evaluasi(ref, realisasi, keu, tl, PERIODE, Settings(include_flagged_in_mean=True))


# ---------------------------------------------------------------- measurement


def _status(field: str) -> int:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


_DATA: dict = {}


def _child(which: str, q) -> None:
    ref, realisasi, keu, tl = _DATA["data"]
    start_rss = _status("VmRSS:")
    t0 = time.perf_counter()
    if which == "engine":
        engine(ref, realisasi, keu, tl)
    else:
        baseline(ref, realisasi)
    dt = time.perf_counter() - t0
    q.put((dt, max(0, _status("VmHWM:") - start_rss)))


def measure(which: str) -> tuple[float, int]:
    ctx = mp.get_context("fork")
    q = ctx.Queue()
    proc = ctx.Process(target=_child, args=(which, q))
    proc.start()
    out = q.get()
    proc.join()
    return out


def check_equal() -> None:
    ref, realisasi, keu, tl = synthetic(24_000, seed=1)
    ev = engine(ref, realisasi, keu, tl)
    grid, per_opd, _, kab = baseline(ref, realisasi)
    a = ev.riwayat.assign(kode_opd=ev.riwayat["kode_opd"].astype(str),
                          kode_indikator=ev.riwayat["kode_indikator"].astype(str),
                          periode=ev.riwayat["periode"].astype(str))  # fmt: skip
    m = a.merge(grid, on=["kode_opd", "kode_indikator", "periode"], suffixes=("", "_b"))
    assert len(m) == len(grid) == len(a), (len(m), len(grid), len(a))
    for c in ("capaian", "perubahan_mom", "perubahan_yoy", "kemiringan"):
        np.testing.assert_allclose(m[c], m[f"{c}_b"], rtol=1e-7, atol=1e-7, equal_nan=True)
    o = ev.opd.set_index("kode_opd")
    np.testing.assert_allclose(o.loc[per_opd.index, "rata_capaian"], per_opd["rata_capaian"])
    np.testing.assert_allclose(o.loc[per_opd.index, "kemiringan"], per_opd["kemiringan"],
                               rtol=1e-7, atol=1e-7)  # fmt: skip
    np.testing.assert_allclose(ev.kabupaten["rata_capaian"].iloc[0], kab["rata_capaian"])
    print("periksa: hasil engine = hasil pandas biasa (24.000 baris) ✓")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1e4,1e5,1e6", help="comma list, e.g. 1e4,1e5,1e6,1e7")
    ap.add_argument(
        "--reps", type=int, default=0, help="repetitions (0: 5 small, 3 at 1e6, 1 above)"
    )
    ap.add_argument("--no-baseline", action="store_true")
    args = ap.parse_args()
    check_equal()
    print(f"{'baris':>12} {'engine s':>10} {'pandas s':>10} {'rasio':>7} "
          f"{'engine MiB':>11} {'pandas MiB':>11}")  # fmt: skip
    for size in (int(float(x)) for x in args.sizes.split(",")):
        _DATA["data"] = synthetic(size)
        reps = args.reps or (5 if size <= 100_000 else 3 if size <= 1_000_000 else 1)
        e = [measure("engine") for _ in range(reps)]
        b = [] if args.no_baseline else [measure("baseline") for _ in range(reps)]
        et = statistics.median(x[0] for x in e)
        em = max(x[1] for x in e) / 2**20
        if b:
            bt = statistics.median(x[0] for x in b)
            bm = max(x[1] for x in b) / 2**20
            print(f"{size:>12,} {et:>10.3f} {bt:>10.3f} {et / bt:>7.2f} {em:>11.0f} {bm:>11.0f}",
                  flush=True)  # fmt: skip
        else:
            print(f"{size:>12,} {et:>10.3f} {'–':>10} {'–':>7} {em:>11.0f} {'–':>11}", flush=True)


if __name__ == "__main__":
    main()
