"""Plausibility of each reported value (methods.md §1, "Plausibility"), vectorised on the grid.

A value is *perlu verifikasi* when

1. it lies far from its own history: the modified z-score 0,6745 × (x − median) / MAD against
   the key's previous ``plausibility_history`` months exceeds ``plausibility_threshold``. x is
   the level for ``terakhir`` / ``rata-rata`` values and the monthly pace of a ``kumulatif``
   value (its increase since the previous value of the year, per month; January from 0). The
   MAD is floored at ``plausibility_floor_relative`` × |median| for levels (at
   ``plausibility_floor_relative_kumulatif`` × |median| for a pace) and at
   ``plausibility_floor_absolute`` units, so ordinary small moves (+0,2..0,3) are never flagged;
   at least ``MIN_RIWAYAT`` earlier values are needed;
2. or it is more than ``plausibility_target_ratio`` × its target (the month's target; the upper
   bound of a range);
3. or (``kumulatif``) it still carries an increase flagged earlier in the year: the flagged
   excess over the usual pace, summed over the year so far, is more than a tenth of the value
   (a correction the month after cancels it).

Grid rows must be sorted by key then month with no month missing inside a key. The
evaluation judges the values of the evaluated year and of the trend window before it (the
months its means and trends use); older values only form the history.
"""

from __future__ import annotations

import numpy as np

from monev.model.periode import Periode
from monev.model.settings import Settings

MIN_RIWAYAT = 6  # earlier values needed before the history can call a value implausible
_CHUNK = 500_000


_TUKAR = str.maketrans(",.", ".,")


def _angka(x: float) -> str:
    """1234.5 → "1.234,50": Indonesian format for the messages (many rows: no babel call)."""
    return f"{x:,.2f}".translate(_TUKAR)


def _median_sorted(s: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Median of each row of ``s`` (sorted ascending, NaN last) with ``c`` valid values."""
    rows = np.arange(len(s))
    lo = np.maximum((c - 1) // 2, 0)
    hi = np.maximum(c // 2, 0)
    hi = np.minimum(hi, s.shape[1] - 1)
    lo = np.minimum(lo, s.shape[1] - 1)
    return np.where(c > 0, (s[rows, lo] + s[rows, hi]) / 2.0, np.nan)


def _history_stats(x: np.ndarray, key_awal: np.ndarray, rows: np.ndarray, h: int):
    """(median, MAD, count) of the ``h`` grid values before each of ``rows`` within its key.

    Windows are gathered from a strided view, in float32 (a z-score needs no more), chunk by
    chunk: a few passes over rows × h values."""
    pad = np.concatenate([np.full(h, np.nan, dtype=np.float32), x.astype(np.float32)])
    win = np.lib.stride_tricks.sliding_window_view(pad, h)  # win[i] = x[i − h .. i − 1]
    kolom = np.arange(h)[None, :]
    med = np.full(len(rows), np.nan)
    mad = np.full(len(rows), np.nan)
    cnt = np.zeros(len(rows), dtype=np.int64)
    for a in range(0, len(rows), _CHUNK):
        r = rows[a : a + _CHUNK]
        w = win[r]  # a copy
        # positions before the key's first month belong to the previous key
        w[kolom < (h - (r - key_awal[r]))[:, None]] = np.nan
        c = h - np.isnan(w).sum(axis=1)
        w.sort(axis=1)
        m = _median_sorted(w, c)
        np.subtract(w, m[:, None].astype(np.float32), out=w)
        np.abs(w, out=w)
        w.sort(axis=1)
        med[a : a + _CHUNK] = m
        mad[a : a + _CHUNK] = _median_sorted(w, c)
        cnt[a : a + _CHUNK] = c
    return med, mad, cnt


def _alasan(nilai, med, laju, z, target, jauh, lewat, kum, settings: Settings) -> list[str]:
    """The Indonesian reason of each flagged value (plain lists: many rows, no numpy scalars)."""
    k = f"{settings.plausibility_target_ratio:g}".replace(".", ",")
    out = []
    for v, m, d, zz, t, j, lw, kk in zip(
        nilai, med, laju, z, target, jauh, lewat, kum, strict=True
    ):
        arah = "di atas" if zz > 0 else "di bawah"
        teks = []
        if lw:
            teks.append(f"{_angka(v)} lebih dari {k} × target ({_angka(t)})")
        if j and kk:
            teks.append(
                f"kenaikan {_angka(d)} per bulan jauh {arah} kebiasaannya (median {_angka(m)})"
                + ("" if lw else f"; nilai {_angka(v)}")
            )
        elif j:
            teks.append(f"{_angka(v)} jauh {arah} riwayatnya (median {_angka(m)})")
        out.append("; ".join(teks))
    return out


def kewajaran(
    nilai: np.ndarray,
    target: np.ndarray,
    target_atas: np.ndarray,
    kumulatif: np.ndarray,
    key_awal: np.ndarray,
    grup_awal: np.ndarray,
    bulan_idx: np.ndarray,
    periode_label,
    settings: Settings,
    dari: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(perlu_verifikasi bool, alasan object array with None) for each grid row's own value.

    ``nilai`` is the month's own reported value (NaN = none); ``target`` / ``target_atas`` the
    month's target and the upper bound of a range target; ``dari``: the first month
    (tahun × 12 + bulan − 1) whose values are judged (earlier ones only feed the history);
    ``grup_awal`` the first position of
    the row's (key, year); ``periode_label(i)`` gives the ``YYYY-MM`` of grid position i."""
    n = len(nilai)
    pos = np.arange(n)
    ada = ~np.isnan(nilai)
    kum = np.asarray(kumulatif, dtype=bool)
    # monthly pace of a kumulatif value: since the previous value of the same year
    last = np.maximum.accumulate(np.where(ada, pos, -1)) if n else pos
    prev = np.concatenate([[-1], last[:-1]]) if n else pos
    prev_ok = prev >= grup_awal
    awal_tahun = bulan_idx - (bulan_idx % 12) - 1  # the month before January: value 0
    b_prev = np.where(prev_ok, bulan_idx[np.maximum(prev, 0)], awal_tahun)
    v_prev = np.where(prev_ok, nilai[np.maximum(prev, 0)], 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        laju = (nilai - v_prev) / (bulan_idx - b_prev)
    x = np.where(kum, laju, nilai)
    x = np.where(ada, x, np.nan)

    rows = np.flatnonzero(ada if dari is None else ada & (bulan_idx >= dari))
    med, mad, cnt = _history_stats(x, key_awal, rows, settings.plausibility_history)
    rel = np.where(
        kum[rows],
        settings.plausibility_floor_relative_kumulatif,
        settings.plausibility_floor_relative,
    )
    lantai = np.maximum(rel * np.abs(med), settings.plausibility_floor_absolute)
    sebaran = np.maximum(np.nan_to_num(mad), lantai)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = 0.6745 * (x[rows] - med) / sebaran
    jauh = (cnt >= MIN_RIWAYAT) & (np.abs(z) > settings.plausibility_threshold) & (sebaran > 0)

    # against the target
    t = np.where(np.isnan(target), target_atas, target)
    with np.errstate(invalid="ignore"):
        lewat = (t[rows] > 0) & (nilai[rows] > settings.plausibility_target_ratio * t[rows])

    flag = np.zeros(n, dtype=bool)
    flag[rows] = jauh | lewat
    # kumulatif: the excess of flagged increases, summed over the year, carries forward
    lebih = np.zeros(n)
    lebih[rows] = np.where(
        jauh & kum[rows], (x[rows] - med) * (bulan_idx[rows] - b_prev[rows]), 0.0
    )
    cs = np.concatenate([[0.0], np.cumsum(lebih)])
    sisa = cs[pos + 1] - cs[grup_awal]
    with np.errstate(invalid="ignore"):
        bawaan = kum & ada & ~flag & (np.abs(sisa) > 0.1 * np.abs(nilai))
    flag |= bawaan

    alasan = np.full(n, None, dtype=object)
    sel = np.flatnonzero(jauh | lewat)
    if len(sel):
        r = rows[sel]
        teks = _alasan(
            nilai[r].tolist(), med[sel].tolist(), x[r].tolist(), z[sel].tolist(),
            t[r].tolist(), jauh[sel].tolist(), lewat[sel].tolist(), kum[r].tolist(), settings,
        )  # fmt: skip
        alasan[r] = np.array(teks, dtype=object)
    if bawaan.any():
        # the month of the latest flagged increase of the year, for the message
        lastf = np.maximum.accumulate(np.where(flag & ~bawaan & kum, pos, -1))
        b = np.flatnonzero(bawaan)
        src = lastf[b]
        bulan = np.where(src >= grup_awal[b], bulan_idx[np.maximum(src, 0)], -1)
        teks: dict[int, str] = {}
        for m in np.unique(bulan):
            contoh = int(src[np.flatnonzero(bulan == m)[0]])
            # the month as pages print it in prose ("Agustus 2026"), never "2026-08"
            dari = f" sejak {Periode.parse(periode_label(contoh)).label}" if m >= 0 else ""
            teks[int(m)] = f"nilai kumulatif memuat lonjakan yang perlu verifikasi{dari}"
        alasan[b] = np.array([teks[int(m)] for m in bulan.tolist()], dtype=object)
    return flag, alasan
