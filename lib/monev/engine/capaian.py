"""Capaian kinerja and predikat (methods.md §1–2), vectorised over whole columns.

``hitung_capaian`` takes aligned columns (Series, arrays or scalars) and returns a frame with
``capaian`` (float, NaN when not computable) and ``alasan`` (why not computable, else NA).
``predikat`` maps capaian to the band labels of ``settings.bands``, banded from the capaian as
printed: ``bulat(capaian, 2)`` (half up), so 90.00000000000001 and 90,004 are "90,00" and Tinggi,
never a band above the "90,00" printed beside them (methods.md §2).

Rules:
- positif: R / T × 100.
- negatif: (2T − R) / T × 100 (``negative_formula="2T-R"``) or T / R × 100 (``"T/R"``).
- range target [a, b] (polaritas ``rentang`` with ``arah_rentang``, or any indicator whose target
  has bounds; a positif/negatif indicator's own polarity is its direction): inside → 100; above
  b → compare with b; below a → compare with a, using the direction's formula. ``rentang``
  without a direction: both sides are worse — below a, R / a × 100; above b, the negative
  formula against b (methods.md §1). A point target is the degenerate range [T, T].
- T = 0 → not computable ("tidak dapat dihitung: target 0"), except negatif with T = 0 and
  R = 0 → 100 (``settings.negatif_nol_nol``: "100", the practice, or "tidak_dapat_dihitung"). Negative T → not computable (a ratio against it reverses its meaning).
- R missing → not computable, never 0. Negatif with R ≥ 2T keeps its raw value (≤ 0).
- ``settings.cap`` (default none) caps capaian from above.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from monev.model.angka import SATUAN_CACAH, bulat, clean_text
from monev.model.settings import Settings

_DEFAULT = Settings()

ALASAN_TARGET_0 = "tidak dapat dihitung: target 0"
ALASAN_TARGET_NEGATIF = "tidak dapat dihitung: target negatif"
ALASAN_TANPA_TARGET = "tidak dapat dihitung: target belum ada"
ALASAN_TANPA_REALISASI = "tidak dapat dihitung: realisasi belum dilaporkan"
ALASAN_REALISASI_0_TR = "tidak dapat dihitung: realisasi 0 dengan rumus T/R"
ALASAN_POLARITAS = "tidak dapat dihitung: polaritas tidak dikenal"


def _arr(value, n: int | None, dtype=float) -> np.ndarray:
    if value is None:
        return np.full(n or 1, np.nan if dtype is float else None, dtype=dtype)
    if isinstance(value, pd.Series):
        if dtype is float:
            return pd.to_numeric(value, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        return value.astype(object).where(value.notna(), None).to_numpy()
    arr = np.asarray(value, dtype=dtype)
    if arr.ndim == 0 and n is not None:
        arr = np.full(n, arr.item(), dtype=dtype)
    return arr


def _length(*values) -> int:
    for v in values:
        if v is not None and np.ndim(v) > 0:
            return len(v)
    return 1


# reason codes of ``hitung_kode``: 0 = computable; the first reason that applies wins
ALASAN: tuple[str | None, ...] = (
    None,
    ALASAN_POLARITAS,
    ALASAN_TANPA_TARGET,
    ALASAN_TANPA_REALISASI,
    ALASAN_TARGET_0,
    ALASAN_TARGET_NEGATIF,
    ALASAN_REALISASI_0_TR,
)


# direction codes of ``arah_negatif``: which formula a row uses outside its target
POSITIF, NEGATIF, DUA_SISI = 0, 1, 2


def arah_negatif(polaritas, arah_rentang) -> tuple[np.ndarray, np.ndarray]:
    """(arah, dikenal): the direction code of each row (``POSITIF``, ``NEGATIF`` or ``DUA_SISI``,
    int8) and whether its polarity is known.

    ``rentang`` uses ``arah_rentang``; without one both sides of the range are worse
    (``DUA_SISI``: the positive formula below it, the negative formula above it)."""
    pol = np.asarray(polaritas, dtype=object)
    arah = np.asarray(arah_rentang, dtype=object)
    rentang = pol == "rentang"
    kode = np.full(len(pol), POSITIF, dtype=np.int8)
    kode[rentang & (arah != "positif") & (arah != "negatif")] = DUA_SISI
    kode[(pol == "negatif") | (rentang & (arah == "negatif"))] = NEGATIF
    dikenal = (pol == "positif") | (pol == "negatif") | rentang
    return kode, dikenal


def hitung_kode(
    t: np.ndarray,
    r: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    negatif: np.ndarray,
    dikenal: np.ndarray,
    settings: Settings = _DEFAULT,
) -> tuple[np.ndarray, np.ndarray]:
    """The vectorised core on float arrays: (capaian, reason code into ALASAN). ``negatif`` is a
    boolean mask or the direction codes of ``arah_negatif`` (``DUA_SISI``: negatif above the
    target, positif below it)."""
    n = len(r)
    # a point target is the degenerate range [T, T]
    punya_rentang = ~np.isnan(lo) & ~np.isnan(hi)
    lo = np.where(punya_rentang, lo, t)
    hi = np.where(punya_rentang, hi, t)
    tanpa_target = np.isnan(lo) | np.isnan(hi)
    tanpa_realisasi = np.isnan(r)

    di_rentang = (r >= lo) & (r <= hi) & punya_rentang
    di_atas = r > hi
    tref = np.where(di_atas, hi, lo)
    arah = np.asarray(negatif)
    negatif = arah if arah.dtype == bool else (arah == NEGATIF) | ((arah == DUA_SISI) & di_atas)

    with np.errstate(divide="ignore", invalid="ignore"):
        if settings.negative_formula == "T/R":
            neg = tref / r * 100.0
        else:
            neg = (2.0 * tref - r) / tref * 100.0
        nilai = np.where(negatif, neg, r / tref * 100.0)
    nilai[di_rentang] = 100.0

    target_0 = tref == 0
    neg_00 = negatif & target_0 & (r == 0)
    if settings.negatif_nol_nol != "100":
        neg_00 = np.zeros(n, dtype=bool)  # like any target 0: not computable
    nilai[neg_00] = 100.0
    if settings.negative_formula == "T/R":
        realisasi_0_tr = negatif & (r == 0) & ~target_0 & ~di_rentang
    else:
        realisasi_0_tr = np.zeros(n, dtype=bool)

    masks = [
        ~dikenal,
        tanpa_target,
        tanpa_realisasi,
        target_0 & ~neg_00 & ~di_rentang,
        (tref < 0) & ~di_rentang,
        realisasi_0_tr,
    ]
    kode = np.zeros(n, dtype=np.int8)
    for i in range(len(masks), 0, -1):  # lowest code last, so it wins
        kode[masks[i - 1]] = i
    nilai[kode > 0] = np.nan
    if settings.cap is not None:
        np.minimum(nilai, float(settings.cap), out=nilai)
    return nilai, kode


def hitung_capaian(
    target,
    realisasi,
    polaritas,
    *,
    target_bawah=None,
    target_atas=None,
    arah_rentang=None,
    settings: Settings = _DEFAULT,
    index: pd.Index | None = None,
) -> pd.DataFrame:
    """Capaian (%) and reason for every row; all inputs aligned, scalars broadcast.

    Returns a frame with columns ``capaian`` (float64) and ``alasan`` (object, None when the
    capaian is computable), indexed like the first Series given (or ``index``).
    """
    n = _length(target, realisasi, polaritas, target_bawah, target_atas)
    if index is None:
        for v in (realisasi, target, polaritas, target_bawah):
            if isinstance(v, pd.Series):
                index = v.index
                break
    negatif, dikenal = arah_negatif(
        _arr(polaritas, n, dtype=object), _arr(arah_rentang, n, dtype=object)
    )
    nilai, kode = hitung_kode(
        _arr(target, n), _arr(realisasi, n), _arr(target_bawah, n), _arr(target_atas, n),
        negatif, dikenal, settings,
    )  # fmt: skip
    alasan = np.array(ALASAN, dtype=object)[kode]
    return pd.DataFrame({"capaian": nilai.astype(float), "alasan": alasan}, index=index)


def predikat_kode(capaian: np.ndarray, settings: Settings = _DEFAULT) -> np.ndarray:
    """Band codes, lowest band 0 … highest band len(bands) − 1; −1 for NaN.

    The code is the number of lower bounds strictly below the printed capaian, i.e.
    bulat(x, 2) > batas_bawah."""
    x = bulat(np.asarray(capaian, dtype=float), 2)
    batas = np.array([b.batas_bawah for b in reversed(settings.bands)][1:], dtype=float)
    kode = np.searchsorted(batas, x, side="left").astype(np.int8)
    kode[np.isnan(x)] = -1
    return kode


def predikat(capaian, settings: Settings = _DEFAULT, *, singkat: bool = False) -> pd.Series:
    """Band label of each capaian: the first band (highest first) with bulat(capaian, 2) >
    batas_bawah (the capaian as printed).

    NaN gives NA. ``singkat=True`` returns the short labels (ST, T, S, R, SR). The result is an
    ordered categorical, lowest band first.
    """
    index = capaian.index if isinstance(capaian, pd.Series) else None
    x = np.atleast_1d(_arr(capaian, None))
    labels = [b.singkat if singkat else b.label for b in reversed(settings.bands)]
    kat = pd.Categorical.from_codes(
        predikat_kode(x, settings), dtype=pd.CategoricalDtype(labels, ordered=True)
    )
    return pd.Series(kat, index=index, name="predikat")


def band_differs_by_formula(target, realisasi, settings: Settings = _DEFAULT) -> pd.Series:
    """Read as negatif indicators: True where the 2T−R and T/R formulas give different
    predikat (the ``beda_band`` column of ``Evaluasi.indikator``)."""
    a = hitung_capaian(target, realisasi, "negatif", settings=_with_formula(settings, "2T-R"))
    b = hitung_capaian(target, realisasi, "negatif", settings=_with_formula(settings, "T/R"))
    pred_a = predikat(a["capaian"], settings).astype(object)
    pred_b = predikat(b["capaian"], settings).astype(object)
    return pd.Series(
        (pred_a.notna() & pred_b.notna() & (pred_a != pred_b)).to_numpy(),
        index=a.index,
        name="beda_band",
    )


def _with_formula(settings: Settings, formula: str) -> Settings:
    return dataclasses.replace(settings, negative_formula=formula)


# ------------------------------------------------------------------ period targets of counts


def satuan_cacah(satuan, sifat) -> np.ndarray:
    """Whether each indicator counts whole things (``model.angka.SATUAN_CACAH``: laporan, orang,
    unit, dokumen, kegiatan …) and is not an average (a mean of counts may be 3,5)."""
    sf = np.asarray(sifat, dtype=object)
    # a handful of distinct units among many rows: normalise each distinct one once
    kode, unik = pd.factorize(pd.Series(np.asarray(satuan, dtype=object)), use_na_sentinel=True)
    cacah = np.array(
        [clean_text(str(u)).lower() in SATUAN_CACAH for u in unik] + [False], dtype=bool
    )
    return cacah[kode] & (sf != "rata-rata")


def bulatkan_target(nilai, cacah, settings: Settings = _DEFAULT) -> np.ndarray:
    """Period targets as the engine evaluates them and the template shows them: a count's
    pro-rated target is whole (``settings.target_cacah``: ``terdekat`` half up, ``ke_atas``
    ceiling, ``pecahan`` unchanged) — "12 laporan", never "11,92 laporan". NaN stays NaN.

    The one rounding of targets: ``engine.evaluasi`` applies it to every period target
    (bounds of a range too) and ``data.template`` to the target it prints."""
    v = np.asarray(nilai, dtype=float)
    c = np.broadcast_to(np.asarray(cacah, dtype=bool), v.shape)
    if settings.target_cacah == "pecahan" or not c.any():
        return v
    # ke_atas: a pro-rated 11.000000000000002 is 11, not 12 (ceiling of the value as printed)
    ke_atas = settings.target_cacah == "ke_atas"
    with np.errstate(invalid="ignore"):
        bulatan = np.ceil(bulat(v, 6)) if ke_atas else bulat(v, 0)
    return np.where(c, bulatan, v)
