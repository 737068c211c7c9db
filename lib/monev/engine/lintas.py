"""Cross-sector view (methods.md §7): an IKU's own values against its targets, and the capaian of
every OPD indicator that supports it (``indikator.kode_iku``: one IKU or several separated by
``;``, split by ``monev.model.iku``).

Reference year (methods.md §4): a statistic has a year of its own (``tahun data``). A published
``iku_riwayat`` row's ``tahun`` is that year. A value reported in a month is of the year
``year of the month − indikator.jeda_tahun_data`` (empty = 0): LPE reported in October 2026 with
jeda 1 is LPE 2025. Every value is compared with the target of its own reference year.

``seri_iku(indikator, target, iku_riwayat, riwayat, periode, settings)`` — long yearly series,
one row per IKU × reference year up to the period's year: kode_indikator, tahun (= tahun_data),
tahun_data, nilai, sumber, asal (``riwayat`` = published iku_riwayat, ``laporan`` = latest
monthly report of a value of that year), periode_nilai (``YYYY-MM`` for laporan, NA for
riwayat), target, target_bawah, target_atas (of that year), capaian, alasan, predikat. A
published yearly value wins over monthly reports of the same year. Source:
``indikator.sumber_utama`` when set (and present), else the first source alphabetically.

``ringkas_iku(...)`` — one row per IKU (level ``IKU``): kode_indikator, nama_indikator, satuan,
polaritas, tahun_data (the latest value's reference year; ``tahun_nilai`` is the same, kept for
older callers), periode_nilai, nilai, sumber, target_tahun_data (the target of tahun_data; also
``target`` with ``target_bawah``/``target_atas`` for a range, and ``tahun_target`` =
tahun_data), capaian, alasan, predikat (against target_tahun_data), kemiringan (raw value per
year over the last ``trend_window`` years), arah_tren (``trends.arah_tren_nilai``: membaik /
memburuk / stabil, polarity-aware — a falling stunting rate is membaik — with a tolerance of
``trend_tolerance_raw_pct`` % of the mean value per year), jumlah_pendukung, pendukung_dihitung,
rata_capaian_pendukung, pendukung_tertinggal (supporting indicators whose printed capaian is at
or below the second band's lower bound, 75 by default). An indicator supporting two IKU counts
for both.

``pendukung(indikator_frame, indikator_ref)`` — one row per (supporting indicator, IKU) of the
evaluation's ``indikator`` frame, ``kode_iku`` holding that one IKU, with nama_iku, sorted by IKU
then capaian ascending (who is behind first).

``samakan_tren_iku(indikator_frame, iku)`` — the IKU rows of the evaluation's ``indikator`` frame
take the IKU's own yearly trend (kemiringan, arah_tren), so an IKU has one trend on every page.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monev.engine.budget import batas_kinerja_tinggi
from monev.engine.capaian import hitung_capaian, predikat
from monev.engine.trends import arah_tren_nilai
from monev.model.angka import bulat
from monev.model.iku import pasangan_iku
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
            lap["tahun"] = _tahun_data(lap, _jeda(iku))
            lap = lap.sort_values(["kode_indikator", "tahun", "periode_nilai", "_opd"],
                                  ascending=[True, True, False, True])  # fmt: skip
            lap = lap.drop_duplicates(["kode_indikator", "tahun"]).drop(columns="_opd")
            ada = pd.MultiIndex.from_frame(hist[["kode_indikator", "tahun"]])
            key = pd.MultiIndex.from_frame(lap[["kode_indikator", "tahun"]])
            frames.append(lap[~key.isin(ada)])
    seri = pd.concat(frames, ignore_index=True)
    seri["tahun"] = seri["tahun"].astype(int)
    seri.insert(2, "tahun_data", seri["tahun"])

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
    # the latest value against the target of its own reference year (methods.md §4)
    out.insert(out.columns.get_loc("tahun_nilai"), "tahun_data", out["tahun_nilai"].astype("Int64"))
    out["tahun_nilai"] = out["tahun_data"]
    tgt = target[target["jenis"] == "tahunan"].set_index(["kode_indikator", "tahun"])
    sendiri = pd.MultiIndex.from_arrays(
        [out["kode_indikator"], out["tahun_data"].fillna(-1).astype(int)]
    )
    for c in ("target", "target_bawah", "target_atas"):
        out[c] = tgt[c].reindex(sendiri).to_numpy(dtype=float, na_value=np.nan)
    out["target_tahun_data"] = out["target"]
    out["tahun_target"] = out["tahun_data"]
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
    level = out["kode_indikator"].map(g["y"] / g["n"]).astype(float)
    neg = (out["polaritas"] == "negatif") | (
        (out["polaritas"] == "rentang") & (out["arah_rentang"] == "negatif")
    )
    # raw values: the tolerance is a share of the series' own level (stunting 14 %, Gini 0,26)
    out["arah_tren"] = arah_tren_nilai(
        out["kemiringan"].to_numpy(), level.to_numpy(), neg.to_numpy(), settings
    )

    sup = pasangan_iku(indikator_eval[["kode_iku", "capaian"]].astype({"kode_iku": object}))
    batas = batas_kinerja_tinggi(settings)
    agg = (
        pd.DataFrame(
            {
                "kode_iku": sup["kode_iku"].astype(str),
                "jumlah_pendukung": 1,
                "pendukung_dihitung": sup["capaian"].notna().astype(int),
                "_c": sup["capaian"].fillna(0.0),
                "pendukung_tertinggal": (bulat(sup["capaian"], 2) <= batas).astype(int),
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
    ev = indikator_eval.astype({"kode_iku": object})
    sup = pasangan_iku(ev[ev["kode_iku"].notna()])
    sup.insert(0, "nama_iku", sup["kode_iku"].astype(str).map(nama))
    sup.insert(0, "kode_iku_", sup.pop("kode_iku"))
    sup = sup.rename(columns={"kode_iku_": "kode_iku"})
    return sup.sort_values(["kode_iku", "capaian"], na_position="first").reset_index(drop=True)


def samakan_tren_iku(indikator_eval: pd.DataFrame, iku: pd.DataFrame) -> pd.DataFrame:
    """The IKU rows take the IKU's yearly trend (one trend per figure); other rows unchanged."""
    if indikator_eval.empty or iku.empty:
        return indikator_eval
    out = indikator_eval.copy()
    baris = (out["level"].astype(object) == "IKU").to_numpy()
    kode = out.loc[baris, "kode_indikator"].astype(str)
    per_iku = iku.set_index("kode_indikator")
    out.loc[baris, "kemiringan"] = kode.map(per_iku["kemiringan"]).to_numpy(dtype=float)
    arah = out["arah_tren"].astype(object).to_numpy().copy()
    arah[baris] = kode.map(per_iku["arah_tren"].astype(object)).to_numpy()
    out["arah_tren"] = pd.Categorical(arah, dtype=iku["arah_tren"].dtype)
    return out


def _jeda(iku: pd.DataFrame) -> pd.Series:
    """Years between each IKU's reference year and its report's year (empty = 0), by code."""
    if "jeda_tahun_data" not in iku:
        return pd.Series(0, index=iku["kode_indikator"].astype(str), dtype=np.int64)
    j = pd.to_numeric(iku["jeda_tahun_data"], errors="coerce").fillna(0).astype(np.int64)
    return pd.Series(j.to_numpy(), index=iku["kode_indikator"].astype(str).to_numpy())


def _tahun_data(lap: pd.DataFrame, jeda: pd.Series) -> np.ndarray:
    """Reference year of each reported IKU value: the year of the month the value first appeared
    (a statistic is reported unchanged every month until a new figure is published) minus the
    indicator's ``jeda_tahun_data``. Runs of equal values are per IKU, OPD and source."""
    kunci = ["kode_indikator", "_opd", "sumber"]
    urut = lap.assign(sumber=lap["sumber"].fillna("")).sort_values([*kunci, "periode_nilai"])
    awal_grup = ~urut.duplicated(kunci).to_numpy()
    nilai = urut["nilai"].to_numpy(dtype=float)
    baru = awal_grup.copy()
    baru[1:] |= nilai[1:] != nilai[:-1]
    pos = np.maximum.accumulate(np.where(baru, np.arange(len(urut)), 0))
    tahun_awal = urut["tahun"].to_numpy()[pos]
    j = jeda.reindex(urut["kode_indikator"]).fillna(0).to_numpy(dtype=np.int64)
    out = pd.Series(tahun_awal - j, index=urut.index)
    return out.reindex(lap.index).to_numpy(dtype=np.int64)


def seri_iku_sumber(
    indikator: pd.DataFrame,
    target: pd.DataFrame,
    iku_riwayat: pd.DataFrame,
    riwayat: pd.DataFrame | None,
    periode: Periode | str,
    settings: Settings = _DEFAULT,
) -> pd.DataFrame:
    """Every data source of every IKU, year by year (stunting: SSGI and e-PPGBM side by side):
    one row per IKU × source × reference year up to the period's year, columns as ``seri_iku``
    plus ``utama`` (the row is the one ``seri_iku`` keeps for that year: the headline value).
    Per source, a published ``iku_riwayat`` value wins over monthly reports of the same year;
    sources are matched case-insensitively (``SSGI`` = ``ssgi``)."""
    p = Periode.parse(periode)
    iku = indikator[indikator["level"] == "IKU"]
    kolom = ["kode_indikator", "tahun", "nilai", "sumber", "asal", "periode_nilai"]
    hist = iku_riwayat[iku_riwayat["tahun"].astype(int) <= p.tahun]
    hist = hist[hist["kode_indikator"].isin(iku["kode_indikator"])]
    hist = hist.assign(asal="riwayat", periode_nilai=pd.NA, _s=_norm(hist["sumber"]))
    hist = hist.drop_duplicates(["kode_indikator", "_s", "tahun"])[[*kolom, "_s"]]
    frames = [hist]
    if riwayat is not None and len(riwayat):
        r = riwayat[riwayat["kode_indikator"].isin(iku["kode_indikator"])]
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
            lap["tahun"] = _tahun_data(lap, _jeda(iku))
            lap["_s"] = _norm(lap["sumber"].fillna(""))
            lap = lap.sort_values(["kode_indikator", "_s", "tahun", "periode_nilai", "_opd"],
                                  ascending=[True, True, True, False, True])  # fmt: skip
            lap = lap.drop_duplicates(["kode_indikator", "_s", "tahun"]).drop(columns="_opd")
            ada = pd.MultiIndex.from_frame(hist[["kode_indikator", "_s", "tahun"]])
            key = pd.MultiIndex.from_frame(lap[["kode_indikator", "_s", "tahun"]])
            frames.append(lap[~key.isin(ada)])
    seri = pd.concat(frames, ignore_index=True)
    seri["tahun"] = seri["tahun"].astype(int)
    seri.insert(2, "tahun_data", seri["tahun"])
    tgt = target[target["jenis"] == "tahunan"][
        ["kode_indikator", "tahun", "target", "target_bawah", "target_atas"]
    ]
    seri = seri.merge(tgt, on=["kode_indikator", "tahun"], how="left")
    attrs = iku.set_index("kode_indikator")
    cap = hitung_capaian(
        seri["target"], seri["nilai"], seri["kode_indikator"].map(attrs["polaritas"]),
        target_bawah=seri["target_bawah"], target_atas=seri["target_atas"],
        arah_rentang=seri["kode_indikator"].map(attrs["arah_rentang"]), settings=settings,
    )  # fmt: skip
    seri["capaian"] = cap["capaian"].to_numpy()
    seri["alasan"] = cap["alasan"].to_numpy()
    seri["predikat"] = predikat(seri["capaian"], settings).array
    utama = seri_iku(indikator, target, iku_riwayat, riwayat, p, settings)
    pilih = pd.MultiIndex.from_arrays(
        [utama["kode_indikator"], utama["tahun"], _norm(utama["sumber"].fillna("")), utama["asal"]]
    )
    seri["utama"] = pd.MultiIndex.from_arrays(
        [seri["kode_indikator"], seri["tahun"], seri["_s"], seri["asal"]]
    ).isin(pilih)
    seri = seri.drop(columns="_s")
    return seri.sort_values(["kode_indikator", "tahun", "sumber"]).reset_index(drop=True)


def lintasan_rpjmd(indikator: pd.DataFrame, target: pd.DataFrame) -> pd.DataFrame:
    """The RPJMD trajectory of every IKU: one row per IKU × year from its first target year to
    the end of the plan (the year of its ``akhir_rpjmd`` target; without one, its last yearly
    target): kode_indikator, tahun, target, target_bawah, target_atas, jenis_target
    (``tahunan``; ``akhir_rpjmd`` where only the end-of-plan target is given for that year;
    NA for a year target.csv gives no target — left empty, never interpolated)."""
    kode = indikator.loc[indikator["level"] == "IKU", "kode_indikator"].astype(str)
    t = target[target["kode_indikator"].astype(str).isin(kode)]
    t = t[t["jenis"].isin(["tahunan", "akhir_rpjmd"])].copy()
    kolom = ["kode_indikator", "tahun", "target", "target_bawah", "target_atas", "jenis_target"]
    if t.empty:
        return pd.DataFrame(columns=kolom)
    t["tahun"] = t["tahun"].astype(int)
    t["jenis_target"] = t["jenis"].astype(str)
    # a yearly target of the end year wins over the end-of-plan row of the same year
    t = t.sort_values(["kode_indikator", "tahun", "jenis_target"], ascending=[True, True, False])
    t = t.drop_duplicates(["kode_indikator", "tahun"])
    g = t.groupby("kode_indikator")["tahun"]
    akhir = t[t["jenis_target"] == "akhir_rpjmd"].groupby("kode_indikator")["tahun"].max()
    ujung = g.max().where(~g.max().index.isin(akhir.index), akhir.reindex(g.max().index))
    tahun = [(k, y) for k, a in g.min().items() for y in range(int(a), int(ujung[k]) + 1)]
    kerangka = pd.DataFrame(tahun, columns=["kode_indikator", "tahun"])
    out = kerangka.merge(t[kolom], on=["kode_indikator", "tahun"], how="left")
    out["jenis_target"] = (
        out["jenis_target"].astype(object).where(out["jenis_target"].notna(), pd.NA)
    )
    return out.reset_index(drop=True)
