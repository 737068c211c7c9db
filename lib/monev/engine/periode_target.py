"""Period targets and period values (methods.md §4), on a dense key × month grid.

The grid has one row per (OPD, indicator) key and calendar month, keys contiguous and months
ascending within a key, so running values are plain cumulative sums over positions (no groupby).

Assumptions (documented for the reports):
- ``kumulatif``: the OPD submits the value cumulative from January to the end of the month (as
  the template asks for money and fisik), so the period value is the month's own value; a month
  without a report has no value (never carried forward, never 0). Targets of ``kumulatif``
  indicators are cumulative too: an explicit monthly target wins; else the quarter's target
  (cumulative to the end of the quarter), linear between quarter ends; else the annual target
  pro-rated (``settings.prorate``: ``linear`` = × bulan/12, ``anggaran_kas`` = × the OPD's
  cumulative anggaran kas / pagu of that year, linear where the OPD has no budget lines).
- ``terakhir``: the latest value reported in the year up to the month (carried forward within
  the year); target: monthly, else quarterly, else annual, never pro-rated.
- ``rata-rata``: the mean of the values reported in the year up to the month; target as for
  ``terakhir``.
- Range targets (``target_bawah``/``target_atas``) are pro-rated bound by bound.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monev.model.kode import KAS_COLUMNS
from monev.model.settings import Settings

_DEFAULT = Settings()


def bulan_ke(periode) -> np.ndarray:
    """``YYYY-MM`` strings → month number tahun × 12 + (bulan − 1) (int64; −1 if unreadable).

    Parses the distinct values only (a store column has a handful of months in 10^7 rows)."""
    codes, uniq = pd.factorize(pd.Series(periode), use_na_sentinel=True)
    u = pd.Series(np.asarray(uniq, dtype=object)).astype(str)
    tahun = pd.to_numeric(u.str.slice(0, 4), errors="coerce").to_numpy(dtype=float)
    bulan = pd.to_numeric(u.str.slice(5, 7), errors="coerce").to_numpy(dtype=float)
    ok = (u.str.len() == 7).to_numpy() & (bulan >= 1) & (bulan <= 12)
    val = np.where(ok & ~np.isnan(tahun), tahun * 12 + bulan - 1, -1)
    val = np.append(val, -1).astype(np.int64)  # code −1 (missing) → −1
    return val[codes]


def periode_teks(bulan_idx: np.ndarray) -> np.ndarray:
    """Month numbers → ``YYYY-MM`` strings."""
    if len(bulan_idx) == 0:
        return np.array([], dtype=object)
    lo = int(bulan_idx.min())
    span = np.arange(lo, int(bulan_idx.max()) + 1)
    labels = np.array([f"{u // 12:04d}-{u % 12 + 1:02d}" for u in span], dtype=object)
    return labels[bulan_idx - lo]


def lookup(keys: np.ndarray, table_keys: np.ndarray, nilai_tabel: np.ndarray) -> np.ndarray:
    """Vectorised dictionary look-up: ``nilai_tabel[table_keys == k]`` for each k, NaN if absent.

    ``nilai_tabel`` may be 1-D or 2-D (rows aligned with ``table_keys``); keys are unique.
    """
    shape = (len(keys), *nilai_tabel.shape[1:])
    out = np.full(shape, np.nan)
    if len(table_keys) == 0 or len(keys) == 0:
        return out
    order = np.argsort(table_keys, kind="stable")
    sk = table_keys[order]
    pos = np.searchsorted(sk, keys)
    pos_c = np.minimum(pos, len(sk) - 1)
    found = sk[pos_c] == keys
    out[found] = nilai_tabel[order][pos_c[found]]
    return out


def _target_tabel(target: pd.DataFrame, jenis: str, kode_map: pd.Series, y0: int, ny: int, nk: int):
    """Keys and (t, bawah, atas) values of one kind of target row, for the indicators in map."""
    rows = target[target["jenis"] == jenis]
    ind = rows["kode_indikator"].map(kode_map)
    tahun = rows["tahun"].astype(int).to_numpy()
    ok = ind.notna().to_numpy() & (tahun >= y0) & (tahun < y0 + ny)
    ind = ind.to_numpy()[ok].astype(np.int64)
    yi = tahun[ok] - y0
    ke = rows["ke"].astype(int).to_numpy()[ok]
    keys = (ind * ny + yi) * nk + (ke if nk > 1 else 0)
    vals = np.column_stack(
        [
            rows[c].to_numpy(dtype=float, na_value=np.nan)[ok]
            for c in ("target", "target_bawah", "target_atas")
        ]
    )
    return keys, vals


def fraksi_kas(anggaran: pd.DataFrame) -> pd.DataFrame:
    """Per OPD and year: cumulative anggaran kas / pagu for months 1–12 (columns ``f_01``…)."""
    g = anggaran.groupby(["kode_opd", "tahun"], sort=False)[["pagu", *KAS_COLUMNS]].sum()
    kas = g[list(KAS_COLUMNS)].to_numpy(dtype=float).cumsum(axis=1)
    pagu = g["pagu"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(pagu[:, None] > 0, kas / pagu[:, None], np.nan)
    out = pd.DataFrame(frac, index=g.index, columns=[f"f_{m:02d}" for m in range(1, 13)])
    return out.reset_index()


def target_periode(
    kode_indikator: pd.Series,
    kode_opd: pd.Series,
    bulan_idx: np.ndarray,
    kumulatif: np.ndarray,
    target: pd.DataFrame,
    anggaran: pd.DataFrame | None = None,
    settings: Settings = _DEFAULT,
) -> pd.DataFrame:
    """Target for each grid row's month (methods.md §4).

    Returns columns ``target``, ``target_bawah``, ``target_atas`` (for the month),
    ``target_tahunan``, ``target_tahunan_bawah``, ``target_tahunan_atas`` and ``sumber_target``
    (``bulanan``, ``triwulan``, ``tahunan``, ``prorata linear``, ``prorata anggaran kas`` or NA).
    """
    n = len(bulan_idx)
    tahun = bulan_idx // 12
    bulan = bulan_idx % 12 + 1
    tw = (bulan - 1) // 3 + 1
    y0 = int(tahun.min()) if n else 2000
    ny = int(tahun.max()) - y0 + 1 if n else 1
    yi = tahun - y0

    kat = pd.Categorical(kode_indikator)
    ind = kat.codes.astype(np.int64)
    kode_map = pd.Series(np.arange(len(kat.categories)), index=kat.categories.astype(str))

    k_ann, v_ann = _target_tabel(target, "tahunan", kode_map, y0, ny, 1)
    k_tw, v_tw = _target_tabel(target, "triwulan", kode_map, y0, ny, 5)
    k_bl, v_bl = _target_tabel(target, "bulanan", kode_map, y0, ny, 13)

    base = ind * ny + yi
    ann = lookup(base, k_ann, v_ann)
    twq = lookup(base * 5 + tw, k_tw, v_tw)
    twp = lookup(base * 5 + tw - 1, k_tw, v_tw)
    bl = lookup(base * 13 + bulan, k_bl, v_bl)

    def ada(v):
        return ~np.isnan(v[:, 0]) | ~np.isnan(v[:, 1])

    ada_bl, ada_tw, ada_ann = ada(bl), ada(twq), ada(ann)

    # pro-rating fraction for kumulatif annual targets
    frac = bulan / 12.0
    pakai_kas = np.zeros(n, dtype=bool)
    if settings.prorate == "anggaran_kas" and anggaran is not None and len(anggaran):
        fk = fraksi_kas(anggaran)
        cats = pd.Index(fk["kode_opd"].unique())
        ko = pd.Categorical(kode_opd)  # the grid's column is already categorical: cheap
        oi = cats.get_indexer(ko.categories.astype(str))[ko.codes].astype(np.int64)
        oi[ko.codes < 0] = -1
        ofk = cats.get_indexer(fk["kode_opd"]).astype(np.int64)
        kunci_fk = ofk * 10_000 + fk["tahun"].astype(int).to_numpy()
        tabel = fk[[f"f_{m:02d}" for m in range(1, 13)]].to_numpy(dtype=float)
        baris = lookup(np.where(oi >= 0, oi * 10_000 + tahun, -1), kunci_fk, tabel)
        fkas = baris[np.arange(n), bulan - 1] if n else np.zeros(0)
        pakai_kas = ~np.isnan(fkas)
        frac = np.where(pakai_kas, fkas, frac)

    # quarterly targets, linear between quarter ends (cumulative from 0 at the start of the year)
    prev = np.where((tw > 1)[:, None] & ~np.isnan(twp), twp, np.nan)
    pos_in_q = (bulan - 3 * (tw - 1)) / 3.0
    tw_kum = np.where(
        np.isnan(prev),
        twq * (bulan / (3.0 * tw))[:, None],
        prev + (twq - prev) * pos_in_q[:, None],
    )
    tw_kum = np.where((tw == 1)[:, None], twq * pos_in_q[:, None], tw_kum)

    kum = kumulatif.astype(bool)[:, None]
    nilai = np.where(
        ada_bl[:, None],
        bl,
        np.where(
            ada_tw[:, None],
            np.where(kum, tw_kum, twq),
            np.where(kum, ann * frac[:, None], ann),
        ),
    )
    sumber = np.select(
        [ada_bl, ada_tw, ada_ann & kumulatif & pakai_kas, ada_ann & kumulatif, ada_ann],
        [1, 2, 3, 4, 5],
        default=0,
    )
    label = pd.Categorical.from_codes(
        (sumber - 1).astype(np.int8),
        categories=["bulanan", "triwulan", "prorata anggaran kas", "prorata linear", "tahunan"],
    )
    return pd.DataFrame(
        {
            "target": nilai[:, 0],
            "target_bawah": nilai[:, 1],
            "target_atas": nilai[:, 2],
            "target_tahunan": ann[:, 0],
            "target_tahunan_bawah": ann[:, 1],
            "target_tahunan_atas": ann[:, 2],
            "sumber_target": label,
        }
    )


def nilai_periode(nilai: np.ndarray, grup_awal: np.ndarray, sifat: np.ndarray) -> np.ndarray:
    """Period value of each grid row by sifat (strings); see ``nilai_periode_kode``."""
    kode = np.where(sifat == "terakhir", 1, np.where(sifat == "rata-rata", 2, 0))
    return nilai_periode_kode(nilai, grup_awal, kode)


def nilai_periode_kode(nilai: np.ndarray, grup_awal: np.ndarray, kode: np.ndarray) -> np.ndarray:
    """Period value of each grid row by sifat code (0 kumulatif, 1 terakhir, 2 rata-rata);
    ``grup_awal`` = first position of the row's (key, year) group. Positions must be sorted by
    key then month."""
    n = len(nilai)
    pos = np.arange(n)
    valid = ~np.isnan(nilai)
    # terakhir: last valid position at or before each row, within the (key, year) group
    last = np.maximum.accumulate(np.where(valid, pos, -1)) if n else pos
    terakhir = np.where(last >= grup_awal, nilai[np.maximum(last, 0)] if n else nilai, np.nan)
    # rata-rata: running sum / running count within the group
    cs = np.concatenate([[0.0], np.cumsum(np.where(valid, nilai, 0.0))])
    cc = np.concatenate([[0], np.cumsum(valid)])
    s = cs[pos + 1] - cs[grup_awal]
    c = cc[pos + 1] - cc[grup_awal]
    with np.errstate(invalid="ignore", divide="ignore"):
        rata = np.where(c > 0, s / np.maximum(c, 1), np.nan)
    return np.where(kode == 1, terakhir, np.where(kode == 2, rata, nilai))


def sumber_nilai(
    ada: np.ndarray,
    key_awal: np.ndarray,
    bulan_idx: np.ndarray,
    kode_sifat: np.ndarray,
    panjang: np.ndarray,
    lapor: np.ndarray,
) -> np.ndarray:
    """Grid position whose value stands for each row (−1: none), methods.md §1 "Carried values".

    A row's own value (``ada``) stands for itself. An earlier value of the key stands for a row
    without one only when
    - the reporting frequency says so: ``panjang`` (months per period, 3 triwulanan, 6
      semesteran, 12 tahunan) > 1 and the row lies before the next month a value is due after
      the value's month (a March value stands for April and May); a ``kumulatif`` value only
      within its year (it starts again in January);
    - or the sifat is ``terakhir`` or ``rata-rata`` (``kode_sifat`` 1, 2: a level, or the mean
      of the months so far), the OPD reported that month (``lapor``) without a new value, and
      the value is of the same year.
    Never for a month the OPD did not report, unless its frequency says the value still stands.
    """
    n = len(ada)
    pos = np.arange(n)
    last = np.maximum.accumulate(np.where(ada, pos, -1)) if n else pos
    ok = last >= key_awal
    src = np.where(ok, last, 0)
    b_src = bulan_idx[src] if n else bulan_idx
    m1 = b_src % 12 + 1
    L = np.asarray(panjang, dtype=np.int64)
    next_due = b_src + np.where(m1 % L == 0, L, L - m1 % L)
    sama_tahun = (b_src // 12) == (bulan_idx // 12)
    frek = (L > 1) & (bulan_idx < next_due) & ((kode_sifat != 0) | sama_tahun)
    level = (kode_sifat != 0) & np.asarray(lapor, dtype=bool) & sama_tahun
    return np.where(ada, pos, np.where(ok & (frek | level), last, -1))


def tampilan_triwulan(riwayat: pd.DataFrame, periode: str) -> pd.DataFrame:
    """Quarterly view of the long monthly frame: for each key and quarter, the row of the
    quarter's last month (or of ``periode`` for the quarter in progress), plus ``triwulan``.

    Period values by sifat already make that row the quarter's value: cumulative to the end of
    the quarter, the latest level, or the mean of the months so far."""
    tahun, bulan = int(str(periode)[:4]), int(str(periode)[5:7])
    akhir_q = riwayat["bulan"].to_numpy() % 3 == 0
    kini = (riwayat["tahun"].to_numpy() == tahun) & (riwayat["bulan"].to_numpy() == bulan)
    out = riwayat[akhir_q | kini].copy()
    out.insert(5, "triwulan", (out["bulan"].to_numpy() - 1) // 3 + 1)
    return out.reset_index(drop=True)
