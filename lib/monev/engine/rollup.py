"""From indicator to OPD, Asisten and regency (methods.md §3).

``rollup(df, by, settings)`` takes rows with ``capaian`` (NaN = not computable) and ``bobot``
(used only when ``settings.use_indicator_weights``), and returns one row per group:

| column | meaning |
|---|---|
| *by* | the group keys (none for the regency: one row) |
| rata_capaian | weighted mean of computable capaian (clipped at 100 first when ``clip_before_mean``) |
| predikat | band of rata_capaian (``settings.bands`` label; ordered categorical, lowest first) |
| jumlah_indikator | rows in the group |
| jumlah_dihitung | rows used in the mean: a computable capaian, and ``dalam_rata`` when given |
| tidak_dapat_dihitung | rows without a computable capaian (left out of the mean, counted here) |
| jumlah_<singkat> | count per predikat band of the rows in the mean, e.g. jumlah_ST … jumlah_SR |

With a ``dalam_rata`` column (``Evaluasi.riwayat`` / ``indikator``), rows where it is False
(values flagged *perlu verifikasi*, months the OPD did not report) stay out of the mean and the
band counts; they count in ``jumlah_indikator`` only.

Sums only (no apply), so the result does not depend on row order (up to float rounding).

``rollup_bulanan(riwayat, kelompok, settings, dari=..., sampai=...)`` is the same roll-up per group
and month over ``Evaluasi.riwayat``: the rows for trend lines and OPD × month tables, so that each
month's figure is what that month's OPD / Asisten / regency table says.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monev.engine.capaian import predikat
from monev.model.settings import Settings

_DEFAULT = Settings()


def kolom_jumlah(settings: Settings = _DEFAULT) -> list[str]:
    """Names of the per-band count columns, highest band first."""
    return [f"jumlah_{b.singkat}" for b in settings.bands]


def _values_and_weights(
    capaian: np.ndarray, bobot: np.ndarray | None, settings: Settings
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The one place of the mean's rules: (value, weight, computable) per row. Clipped at 100
    when ``clip_before_mean``; weight ``bobot`` (missing = 1) when ``use_indicator_weights``."""
    x = np.asarray(capaian, dtype=float)
    if settings.clip_before_mean:
        x = np.minimum(x, 100.0)
    ok = ~np.isnan(x)
    if settings.use_indicator_weights and bobot is not None:
        w = np.asarray(bobot, dtype=float)
        w = np.where(np.isnan(w), 1.0, w)
    else:
        w = np.ones(len(x))
    return x, w, ok


def _row_sums(df: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    bobot = df["bobot"].to_numpy(dtype=float, na_value=np.nan) if "bobot" in df else None
    raw = df["capaian"].to_numpy(dtype=float, na_value=np.nan)
    x, w, dihitung = _values_and_weights(raw, bobot, settings)
    ok = dihitung
    if "dalam_rata" in df:  # flagged values and months not reported stay out of the mean
        ok = ok & df["dalam_rata"].to_numpy(dtype=bool)
    kolom = {
        "_wx": np.where(ok, w * np.where(ok, x, 0.0), 0.0),
        "_w": np.where(ok, w, 0.0),
        "_n": np.ones(len(df), dtype=np.int64),
        "_ok": ok.astype(np.int64),
        "_tdd": (~dihitung).astype(np.int64),
    }
    # counts per band, from the (unclipped) capaian of each row in the mean
    label = predikat(np.where(ok, raw, np.nan), settings, singkat=True).to_numpy(dtype=object)
    for b, nama in zip(settings.bands, kolom_jumlah(settings), strict=True):
        kolom[nama] = (label == b.singkat).astype(np.int64)
    return pd.DataFrame(kolom, index=df.index)


def _from_sums(g: pd.DataFrame, settings: Settings) -> pd.DataFrame:
    with np.errstate(invalid="ignore", divide="ignore"):
        rata = np.where(g["_w"] > 0, g["_wx"] / g["_w"].where(g["_w"] > 0, 1.0), np.nan)
    out = pd.DataFrame(index=g.index)
    out["rata_capaian"] = rata
    out["predikat"] = predikat(rata, settings).array
    out["jumlah_indikator"] = g["_n"].to_numpy()
    out["jumlah_dihitung"] = g["_ok"].to_numpy()
    out["tidak_dapat_dihitung"] = g["_tdd"].to_numpy()
    for nama in kolom_jumlah(settings):
        out[nama] = g[nama].to_numpy()
    return out


def rollup(df: pd.DataFrame, by: list[str] | None = None, settings: Settings = _DEFAULT):
    """Mean capaian, its predikat and counts, per group of ``by`` (regency when empty)."""
    prep = _row_sums(df, settings)
    if not by:
        g = prep.sum().to_frame().T.astype(prep.dtypes.to_dict())
        return _from_sums(g, settings).reset_index(drop=True)
    keys = [df[k] for k in by]
    g = prep.groupby(keys, sort=True, observed=True, dropna=False).sum()
    return _from_sums(g, settings).reset_index()


def rata_per_grup(
    capaian: np.ndarray,
    bobot: np.ndarray | None,
    grup: np.ndarray,
    ngrup: int,
    settings: Settings = _DEFAULT,
) -> np.ndarray:
    """Mean capaian per integer group id 0..ngrup−1 (same rules as ``rollup``), via bincount."""
    x, w, ok = _values_and_weights(capaian, bobot, settings)
    sw = np.bincount(grup[ok], weights=w[ok], minlength=ngrup)
    swx = np.bincount(grup[ok], weights=(w * x)[ok], minlength=ngrup)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(sw > 0, swx / np.where(sw > 0, sw, 1.0), np.nan)


def rollup_bulanan(
    riwayat: pd.DataFrame,
    kelompok: str | list[str] | None = None,
    settings: Settings = _DEFAULT,
    *,
    dari: str | None = None,
    sampai: str | None = None,
) -> pd.DataFrame:
    """``rollup`` per group of ``kelompok`` (regency when None) and month of ``riwayat``.

    ``riwayat`` is ``Evaluasi.riwayat`` (or rows of it: one OPD, the OPDs of an Asisten);
    ``dari`` / ``sampai`` (``YYYY-MM``, inclusive) limit the months. Returns one row per group ×
    month, sorted by group then month: the *kelompok* columns (text; NaN for rows without one),
    ``periode`` (``YYYY-MM`` text), then ``rollup``'s columns (rata_capaian, predikat,
    jumlah_indikator, jumlah_dihitung, tidak_dapat_dihitung, jumlah_<singkat>). Weights and
    clipping follow ``settings`` exactly as ``rollup`` and ``evaluasi`` apply them.
    """
    keys = [] if kelompok is None else [kelompok] if isinstance(kelompok, str) else list(kelompok)
    periode = riwayat["periode"].astype(str)
    pilih = np.ones(len(riwayat), dtype=bool)
    if dari is not None:
        pilih &= (periode >= str(dari)).to_numpy()
    if sampai is not None:
        pilih &= (periode <= str(sampai)).to_numpy()
    data = {k: riwayat.loc[pilih, k].astype(object) for k in keys}
    data["periode"] = periode[pilih]
    data["capaian"] = riwayat.loc[pilih, "capaian"]
    if "dalam_rata" in riwayat:
        data["dalam_rata"] = riwayat.loc[pilih, "dalam_rata"]
    if "bobot" in riwayat:
        data["bobot"] = riwayat.loc[pilih, "bobot"]
    out = rollup(pd.DataFrame(data), [*keys, "periode"], settings)
    return out.astype({k: "str" for k in [*keys, "periode"]})
