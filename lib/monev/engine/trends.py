"""Trends and early warning (methods.md §6), vectorised over a dense key × month grid.

Rows must be sorted by key then month with no month missing inside a key (the evaluation grid is
built that way), so "previous month" is the previous position and a window is a difference of
cumulative sums — no ``groupby().rolling()`` / ``apply``.

- ``perubahan(y, awal, lag)``: y − y lag positions earlier within the key (1 = month-on-month,
  12 = year-on-year); NaN where either is missing.
- ``kemiringan(y, awal, window)``: least-squares slope of y per month over the last ``window``
  positions of the key (NaN values skipped; NaN when fewer than 2 values).
- ``arah_tren(slope, tolerance, negatif=None)``: ``membaik`` / ``memburuk`` / ``stabil`` / NA.
  For capaian the polarity is already inside the value (a rising capaian is better); for raw
  values pass ``negatif`` so that a falling negatif indicator (stunting, poverty) reads
  ``membaik``. Words like naik/turun describe raw values only and are not used here.
- ``arah_tren_nilai(slope, level, negatif, settings)``: the same for a raw series, with the
  tolerance relative to the series' level (``trend_tolerance_raw_pct`` % of its mean per step).
- ``label_tren(settings, jenis)``: the caption words for a trend column, basis and window
  included ("tren 6 bulan (kemiringan capaian, toleransi 0,5 poin/bulan)").

One basis per figure:

- indicators (``Evaluasi.riwayat`` / ``indikator``): slope of the indicator's capaian over the last
  ``trend_window`` months (least squares, capaian points per month), tolerance
  ``trend_tolerance``;
- OPD, Asisten, regency: slope of the monthly mean capaian (the mean the tables show), same
  window and tolerance;
- IKU (``Evaluasi.iku``): slope of the raw yearly value over the last ``trend_window`` years,
  polarity-aware, tolerance ``trend_tolerance_raw_pct`` % of the mean value per year.

Month-on-month change (``perubahan_mom``) is a difference of two months, not a trend: a caption
that counts "naik sejak bulan lalu" says so.
- ``awal_tren(periode, settings)``: the first month (``YYYY-MM``) of the trend window that ends at
  ``periode`` (``settings.trend_window`` months).
- ``proyeksi_akhir_tahun(nilai, bulan)``: a year-to-date cumulative value extended at the same
  pace to December (× 12 / bulan).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monev.model.periode import Periode
from monev.model.settings import Settings

MEMBAIK, MEMBURUK, STABIL = "membaik", "memburuk", "stabil"
ARAH = (MEMBURUK, STABIL, MEMBAIK)  # the categories of ``arah_tren``, worst first
# old names, kept so callers written before the polarity-aware words still import
NAIK, TURUN = MEMBAIK, MEMBURUK


def perubahan(y: np.ndarray, awal: np.ndarray, lag: int) -> np.ndarray:
    """y[i] − y[i − lag] where i − lag is in the same key (``awal`` = key's first position)."""
    n = len(y)
    pos = np.arange(n)
    src = pos - lag
    ok = src >= awal
    out = np.full(n, np.nan)
    out[ok] = y[ok] - y[src[ok]]
    return out


def _wsum(v: np.ndarray, lo: np.ndarray, pos: np.ndarray) -> np.ndarray:
    c = np.concatenate([[0.0], np.cumsum(v)])
    return c[pos + 1] - c[lo]


def kemiringan(y: np.ndarray, awal: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """Slope per position over the window ending there, and the number of values used."""
    n = len(y)
    pos = np.arange(n)
    lo = np.maximum(pos + 1 - window, awal)
    valid = ~np.isnan(y)
    # x relative to the key's start keeps the sums small (no cancellation at 10^7 rows)
    x = (pos - awal).astype(float)
    yv = np.where(valid, y, 0.0)
    xv = np.where(valid, x, 0.0)
    cnt = _wsum(valid.astype(float), lo, pos)
    sx = _wsum(xv, lo, pos)
    sy = _wsum(yv, lo, pos)
    sxy = _wsum(xv * yv, lo, pos)
    sxx = _wsum(xv * xv, lo, pos)
    den = cnt * sxx - sx * sx
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = np.where((cnt >= 2) & (den > 0), (cnt * sxy - sx * sy) / den, np.nan)
    return slope, cnt


def arah_tren(slope, tolerance, negatif=None) -> pd.Categorical:
    """Direction from a slope: above +tolerance membaik, below −tolerance memburuk, else stabil;
    NA where the slope is NaN. ``negatif`` (mask) reverses the sign for raw values of negatif
    indicators; ``tolerance`` may be one number or one per row."""
    s = np.asarray(slope, dtype=float)
    if negatif is not None:
        s = np.where(np.asarray(negatif, dtype=bool), -s, s)
    tol = np.asarray(tolerance, dtype=float)
    kode = np.ones(len(s), dtype=np.int8)
    kode[s > tol] = 2
    kode[s < -tol] = 0
    kode[np.isnan(s)] = -1
    return pd.Categorical.from_codes(kode, dtype=pd.CategoricalDtype(list(ARAH), ordered=True))


def arah_tren_nilai(slope, level, negatif, settings: Settings) -> pd.Categorical:
    """Direction of a raw series (IKU values per year): polarity-aware, stabil while the slope is
    within ``trend_tolerance_raw_pct`` % of the series' mean level (``level``) per step."""
    tol = np.abs(np.asarray(level, dtype=float)) * settings.trend_tolerance_raw_pct / 100.0
    return arah_tren(slope, np.nan_to_num(tol, nan=0.0), negatif=negatif)


def label_tren(settings: Settings, jenis: str = "capaian") -> str:
    """Caption words of a trend column, with its basis, window and tolerance.

    ``jenis``: ``capaian`` (indicators, OPD, Asisten, regency: monthly capaian) or ``iku``
    (IKU: raw yearly value, polarity-aware)."""
    w = settings.trend_window
    if jenis == "iku":
        tol = f"{settings.trend_tolerance_raw_pct:g}".replace(".", ",")
        return (
            f"tren {w} tahun (kemiringan nilai per tahun menurut polaritas, "
            f"toleransi {tol} % dari rata-ratanya)"
        )
    if jenis != "capaian":
        raise ValueError(f"jenis tren tidak dikenal: {jenis!r}")
    tol = f"{settings.trend_tolerance:g}".replace(".", ",")
    return f"tren {w} bulan (kemiringan capaian, toleransi {tol} poin/bulan)"


def proyeksi_akhir_tahun(nilai, bulan) -> np.ndarray:
    """Year-end value of a cumulative series at the pace so far: nilai × 12 / bulan."""
    v = np.asarray(nilai, dtype=float)
    b = np.asarray(bulan, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(b > 0, v * 12.0 / b, np.nan)


def awal_tren(periode, settings: Settings) -> str:
    """First month of the trend window ending at ``periode``: ``trend_window`` months in all."""
    return str(Periode.parse(periode).tambah(-(settings.trend_window - 1)))
