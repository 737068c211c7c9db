"""Explorer: time from a filter change to updated views (table, trend, detail).

    .venv/bin/python benchmarks/bench_explorer.py [--baris 1000000] [--ulang 7]

Side by side on the same frame: (a) ``Penjelajah`` (pure ``saring`` on the frame, views rebuilt from
the filtered rows only, the table capped at 200 rows); (b) the baseline a first version would
write: filter with ``query`` on string columns, then render the whole filtered table to HTML
with ``DataFrame.to_html`` and recompute the trend. On the sample (if ``--root`` given) and on a
synthetic frame of ``--baris`` indicator-period rows. Prints medians and the ratio (a)/(b).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
import pandas as pd

from monev.present.explorer import DataPenjelajah, Penjelajah, muat_data


def sintetis(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n_opd, n_per = 40, 22
    periode = [f"{2025 + (i // 12)}-{i % 12 + 1:02d}" for i in range(n_per)]
    opd = [f"OPD{i:02d}" for i in range(n_opd)]
    idx = rng.integers(0, n_opd, n)
    cap = rng.normal(85, 15, n)
    pred = pd.cut(
        cap,
        [-np.inf, 50, 65, 75, 90, np.inf],
        labels=["Sangat Rendah", "Rendah", "Sedang", "Tinggi", "Sangat Tinggi"],
    )
    return pd.DataFrame(
        {
            "kode_opd": pd.Categorical(np.array(opd)[idx]),
            "singkatan": pd.Categorical(np.array(opd)[idx]),
            "asisten": pd.Categorical(np.array(["I", "II", "III"])[idx % 3]),
            "kode_indikator": pd.Categorical(
                [
                    f"{o}-P{j:03d}"
                    for o, j in zip(
                        np.array(opd)[idx],
                        rng.integers(0, n // (n_opd * n_per) + 1, n),
                        strict=True,
                    )
                ]
            ),
            "nama_indikator": pd.Categorical(["Indikator contoh"] * n),
            "periode": pd.Categorical(np.array(periode)[rng.integers(0, n_per, n)]),
            "level": pd.Categorical(np.array(["program", "kegiatan"])[idx % 2]),
            "kode_iku": pd.Categorical(np.array(["IKU-01", "IKU-02", None], dtype=object)[idx % 3]),
            "target": 100.0,
            "realisasi": cap,
            "capaian": cap,
            "predikat": pred,
            "arah_tren": pd.Categorical(
                np.array(["naik", "turun", "stabil"])[rng.integers(0, 3, n)]
            ),
        }
    )


def ukur(data: DataPenjelajah, ulang: int) -> tuple[float, float]:
    ex = Penjelajah(data, jeda=0)
    pilihan = ["I", "II", "III", ""]
    a = []
    for i in range(ulang):
        t = time.perf_counter()
        ex.w_asisten.value = pilihan[i % 4]  # one filter change → every linked view
        a.append(time.perf_counter() - t)
    b = []
    riw = data.riwayat
    for i in range(ulang):
        t = time.perf_counter()
        nilai = pilihan[i % 4]
        f = riw[riw["asisten"].astype(str) == nilai] if nilai else riw
        f.to_html()
        f.groupby(f["periode"].astype(str))["capaian"].mean()
        b.append(time.perf_counter() - t)
    return statistics.median(a), statistics.median(b)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baris", type=int, default=1_000_000)
    ap.add_argument("--ulang", type=int, default=7)
    ap.add_argument("--root", default=None, help="a loaded workbook (e.g. after make demo)")
    ap.add_argument("--periode", default="2026-10")
    args = ap.parse_args()
    import matplotlib

    matplotlib.use("Agg")
    kasus = []
    if args.root:
        kasus.append(("sampel", muat_data(args.root, args.periode)))
    kasus.append(
        (
            f"sintetis {args.baris:,}".replace(",", "."),
            DataPenjelajah(sintetis(args.baris), periode="2026-10"),
        )
    )
    for nama, data in kasus:
        a, b = ukur(data, args.ulang)
        print(
            f"{nama}: {len(data.riwayat)} baris; (a) penjelajah {a * 1000:.0f} ms, "
            f"(b) dasar {b * 1000:.0f} ms, rasio (a)/(b) {a / b:.2f}"
        )


if __name__ == "__main__":
    main()
