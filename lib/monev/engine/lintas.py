"""Cross-sector view (methods.md §7): an IKU's own values against its targets, and the capaian of
every OPD indicator that supports it (``indikator.kode_iku``).

``seri_iku(indikator, target, iku_riwayat, riwayat, periode, settings)`` — long yearly series,
one row per IKU × year up to the period's year: kode_indikator, tahun, nilai, sumber, asal
(``riwayat`` = published iku_riwayat, ``laporan`` = latest monthly report of that year),
periode_nilai (``YYYY-MM`` for laporan, NA for riwayat), target, target_bawah, target_atas,
capaian, alasan, predikat. A published yearly value wins over monthly reports of the same year.
Source: ``indikator.sumber_utama`` when set (and present), else the first source alphabetically.

``ringkas_iku(...)`` — one row per IKU (level ``IKU``): kode_indikator, nama_indikator, satuan,
polaritas, tahun_nilai, periode_nilai, nilai, sumber, tahun_target (the period's year when it
has a target, else the value's year), target, target_bawah, target_atas, capaian, alasan,
predikat,
kemiringan (raw value per year over the last ``trend_window`` years), arah_tren (polarity-aware:
a falling negatif IKU is ``naik``), jumlah_pendukung, pendukung_dihitung,
rata_capaian_pendukung, pendukung_tertinggal (supporting indicators with capaian at or below the
second band's lower bound, 75 by default).

``pendukung(indikator_frame, indikator_ref)`` — the supporting rows of the evaluation's
``indikator`` frame (kode_iku not empty) with nama_iku, sorted by IKU then capaian ascending
(who is behind first).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monev.engine.budget import batas_kinerja_tinggi
from monev.engine.capaian import hitung_capaian, predikat
from monev.engine.trends import arah_tren
from monev.model.periode import Periode
from monev.model.settings import Settings

_DEFAULT = Settings()


def _norm(s: pd.Series) -> pd.Series:
    return s.astype(str).str.strip().str.casefold()


def seri_iku(
    indikator: pd.DataFrame,
    target: pd.DataFrame,
    iku_riwayat: pd.DataFrame,
    riwayat: pd.DataFrame | None,
    periode: Periode | str,
    settings: Settings = _DEFAULT,
) -> pd.DataFrame:
    p = Periode.parse(periode)
    iku = indikator[indikator["level"] == "IKU"]
    utama = iku.set_index("kode_indikator")["sumber_utama"]

    hist = iku_riwayat[iku_riwayat["tahun"].astype(int) <= p.tahun].copy()
    hist = hist[hist["kode_indikator"].isin(iku["kode_indikator"])]
    hist["_utama"] = _norm(hist["sumber"]) == _norm(hist["kode_indikator"].map(utama).fillna("\0"))
    hist = hist.sort_values(["kode_indikator", "tahun", "_utama", "sumber"],
                            ascending=[True, True, False, True])  # fmt: skip
    hist = hist.drop_duplicates(["kode_indikator", "tahun"])
    hist = hist.assign(asal="riwayat", periode_nilai=pd.NA)[
        ["kode_indikator", "tahun", "nilai", "sumber", "asal", "periode_nilai"]
    ]

    frames = [hist]
    if riwayat is not None and len(riwayat):
        r = riwayat[riwayat["kode_indikator"].isin(iku["kode_indikator"])]
        # the month a value was actually reported (not a carried-forward one)
        r = r[r["realisasi_laporan"].notna()]
        if len(r):
            lap = pd.DataFrame(
                {
                    "kode_indikator": r["kode_indikator"].astype(str).to_numpy(),
                    "tahun": r["tahun"].astype(int).to_numpy(),
                    "nilai": r["realisasi_laporan"].to_numpy(dtype=float),
                    "sumber": r["sumber_data"].astype(object).to_numpy(),
                    "asal": "laporan",
                    "periode_nilai": r["periode"].astype(str).to_numpy(),
                    "_opd": r["kode_opd"].astype(str).to_numpy(),
                }
            )
            lap = lap.sort_values(["kode_indikator", "tahun", "periode_nilai", "_opd"],
                                  ascending=[True, True, False, True])  # fmt: skip
            lap = lap.drop_duplicates(["kode_indikator", "tahun"]).drop(columns="_opd")
            ada = pd.MultiIndex.from_frame(hist[["kode_indikator", "tahun"]])
            key = pd.MultiIndex.from_frame(lap[["kode_indikator", "tahun"]])
            frames.append(lap[~key.isin(ada)])
    seri = pd.concat(frames, ignore_index=True)
    seri["tahun"] = seri["tahun"].astype(int)

    tgt = target[target["jenis"] == "tahunan"][
        ["kode_indikator", "tahun", "target", "target_bawah", "target_atas"]
    ]
    seri = seri.merge(tgt, on=["kode_indikator", "tahun"], how="left")
    attrs = iku.set_index("kode_indikator")
    cap = hitung_capaian(
        seri["target"],
        seri["nilai"],
        seri["kode_indikator"].map(attrs["polaritas"]),
        target_bawah=seri["target_bawah"],
        target_atas=seri["target_atas"],
        arah_rentang=seri["kode_indikator"].map(attrs["arah_rentang"]),
        settings=settings,
    )
    seri["capaian"] = cap["capaian"].to_numpy()
    seri["alasan"] = cap["alasan"].to_numpy()
    seri["predikat"] = predikat(seri["capaian"], settings).array
    return seri.sort_values(["kode_indikator", "tahun"]).reset_index(drop=True)


def ringkas_iku(
    indikator: pd.DataFrame,
    target: pd.DataFrame,
    seri: pd.DataFrame,
    indikator_eval: pd.DataFrame,
    periode: Periode | str,
    settings: Settings = _DEFAULT,
) -> pd.DataFrame:
    p = Periode.parse(periode)
    iku = indikator[indikator["level"] == "IKU"][
        ["kode_indikator", "nama_indikator", "satuan", "polaritas", "arah_rentang"]
    ]
    terakhir = seri[seri["nilai"].notna()].drop_duplicates("kode_indikator", keep="last")
    terakhir = terakhir.rename(columns={"tahun": "tahun_nilai"})
    out = iku.merge(
        terakhir[["kode_indikator", "tahun_nilai", "periode_nilai", "nilai", "sumber"]],
        on="kode_indikator",
        how="left",
    )
    # the latest value against this year's target (the rakor's question), else its own year's
    tgt = target[target["jenis"] == "tahunan"].set_index(["kode_indikator", "tahun"])
    kini = pd.MultiIndex.from_arrays([out["kode_indikator"], np.full(len(out), p.tahun)])
    sendiri = pd.MultiIndex.from_arrays(
        [out["kode_indikator"], out["tahun_nilai"].fillna(-1).astype(int)]
    )
    ada_kini = kini.isin(tgt.index)
    out["tahun_target"] = np.where(ada_kini, p.tahun, out["tahun_nilai"])
    for c in ("target", "target_bawah", "target_atas"):
        a = tgt[c].reindex(kini).to_numpy(dtype=float, na_value=np.nan)
        b = tgt[c].reindex(sendiri).to_numpy(dtype=float, na_value=np.nan)
        out[c] = np.where(ada_kini, a, b)
    cap = hitung_capaian(
        out["target"], out["nilai"], out["polaritas"],
        target_bawah=out["target_bawah"], target_atas=out["target_atas"],
        arah_rentang=out["arah_rentang"], settings=settings,
    )  # fmt: skip
    out["capaian"] = cap["capaian"].to_numpy()
    out["alasan"] = cap["alasan"].to_numpy()
    out["predikat"] = predikat(out["capaian"], settings).array

    # slope of the raw yearly value over the last trend_window years (sums, no apply)
    w = seri[(seri["tahun"] > p.tahun - settings.trend_window) & seri["nilai"].notna()]
    x = w["tahun"].astype(float) - p.tahun
    y = w["nilai"].astype(float)
    g = (
        pd.DataFrame({"k": w["kode_indikator"], "n": 1.0, "x": x, "y": y, "xy": x * y, "xx": x * x})
        .groupby("k")
        .sum()
    )
    den = g["n"] * g["xx"] - g["x"] ** 2
    slope = ((g["n"] * g["xy"] - g["x"] * g["y"]) / den.where(den > 0)).where(g["n"] >= 2)
    out["kemiringan"] = out["kode_indikator"].map(slope).astype(float)
    neg = (out["polaritas"] == "negatif") | (
        (out["polaritas"] == "rentang") & (out["arah_rentang"] == "negatif")
    )
    # raw values: no capaian-points tolerance applies; any change of sign counts, 0 is stabil
    out["arah_tren"] = arah_tren(out["kemiringan"].to_numpy(), 0.0, negatif=neg.to_numpy())

    sup = indikator_eval[indikator_eval["kode_iku"].notna()]
    batas = batas_kinerja_tinggi(settings)
    agg = (
        pd.DataFrame(
            {
                "kode_iku": sup["kode_iku"].astype(str),
                "jumlah_pendukung": 1,
                "pendukung_dihitung": sup["capaian"].notna().astype(int),
                "_c": sup["capaian"].fillna(0.0),
                "pendukung_tertinggal": (sup["capaian"] <= batas).astype(int),
            }
        )
        .groupby("kode_iku")
        .sum()
    )
    agg["rata_capaian_pendukung"] = agg["_c"] / agg["pendukung_dihitung"].where(
        agg["pendukung_dihitung"] > 0
    )
    out = out.merge(agg.drop(columns="_c"), left_on="kode_indikator", right_index=True,
                    how="left")  # fmt: skip
    for c in ("jumlah_pendukung", "pendukung_dihitung", "pendukung_tertinggal"):
        out[c] = out[c].fillna(0).astype(np.int64)
    return out.drop(columns="arah_rentang").reset_index(drop=True)


def pendukung(indikator_eval: pd.DataFrame, indikator: pd.DataFrame) -> pd.DataFrame:
    nama = indikator.set_index("kode_indikator")["nama_indikator"]
    sup = indikator_eval[indikator_eval["kode_iku"].notna()].copy()
    sup.insert(0, "nama_iku", sup["kode_iku"].astype(str).map(nama))
    sup.insert(0, "kode_iku_", sup.pop("kode_iku"))
    sup = sup.rename(columns={"kode_iku_": "kode_iku"})
    return sup.sort_values(["kode_iku", "capaian"], na_position="first").reset_index(drop=True)
