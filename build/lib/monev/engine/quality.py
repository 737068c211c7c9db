"""Data validity (IKD) checks over what is stored, for one period (data-quality.md §1).

``periksa_kualitas(ref, berkas, realisasi, keuangan, temuan_muat, periode, settings)`` returns one
row per finding: kode_opd, periode, jenis (kelengkapan / ketepatan_waktu / validitas /
konsistensi / pencilan / duplikat / sumber_ganda), tingkat (galat / peringatan), kode_indikator,
kode_kegiatan, sumber_data, nilai, nilai_sebelumnya, skor (the outlier score), pesan (Indonesian).
``skor_kualitas(ref, berkas, realisasi, kualitas, periode, settings)`` gives per OPD the share of
expected values that arrived on time and passed every rule, and the rank. Pure: no I/O.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monev.model.kode import NOMENKLATUR_RE
from monev.model.periode import Periode
from monev.model.settings import Settings

KOLOM = [
    "kode_opd",
    "periode",
    "jenis",
    "tingkat",
    "kode_indikator",
    "kode_kegiatan",
    "sumber_data",
    "nilai",
    "nilai_sebelumnya",
    "skor",
    "pesan",
]
_DEFAULT = Settings()


def _id(x: float) -> str:
    return f"{x:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _skor_pencilan(riwayat: np.ndarray, nilai: float, settings: Settings) -> float | None:
    """How far ``nilai`` (this month's change) lies from the indicator's own history of changes."""
    h = riwayat[~np.isnan(riwayat)]
    if len(h) < 6:  # too short a history to call anything unusual
        return None
    if settings.outlier_method == "modified_z":
        med = np.median(h)
        # a floor of 5 % of the typical change keeps rounding noise of steady series quiet
        mad = max(np.median(np.abs(h - med)), 0.05 * abs(med))
        if mad == 0:
            return None  # no spread to judge against (e.g. a yearly statistic repeated monthly)
        return float(0.6745 * (nilai - med) / mad)
    if settings.outlier_method == "z":
        sd = h.std(ddof=1)
        return None if sd == 0 else float((nilai - h.mean()) / sd)
    lo, hi = h.min(), h.max()  # minmax: outside the range seen before
    span = hi - lo
    if span == 0:
        return None
    return float(max(lo - nilai, nilai - hi, 0) / span * settings.outlier_threshold * 2)


def _seri(realisasi: pd.DataFrame, ind: pd.DataFrame, p: Periode) -> pd.DataFrame:
    r = realisasi[realisasi["periode"].astype(str) <= str(p)].copy()
    r = r.merge(
        ind[["kode_indikator", "sifat", "satuan", "level"]], on="kode_indikator", how="left"
    )
    # one series per source only for IKU (two publishers); an OPD's own source text may vary
    r["sumber_data"] = r["sumber_data"].where(r["level"] == "IKU", "")
    return r.sort_values(["kode_opd", "kode_indikator", "sumber_data", "periode"])


def periksa_kualitas(
    ref,
    berkas: pd.DataFrame,
    realisasi: pd.DataFrame,
    keuangan: pd.DataFrame,
    temuan_muat: pd.DataFrame,
    periode,
    settings: Settings = _DEFAULT,
) -> pd.DataFrame:
    p = Periode.parse(periode)
    ps = str(p)
    out: list[dict] = []

    def temuan(kode_opd, jenis, pesan, tingkat="peringatan", **kw):
        out.append(
            dict(kode_opd=kode_opd, periode=ps, jenis=jenis, tingkat=tingkat, pesan=pesan, **kw)
        )

    ind = ref.indikator
    b = berkas[berkas["periode"].astype(str) == ps]
    r = realisasi[realisasi["periode"].astype(str) == ps]
    k = keuangan[keuangan["periode"].astype(str) == ps]
    dikirim = set(b["kode_opd"])

    # completeness
    for row in ref.opd.itertuples():
        if row.kode_opd not in dikirim:
            temuan(
                row.kode_opd, "kelengkapan", f"{row.singkatan} tidak mengirim laporan {p.label}."
            )
            continue
        harap = ind[ind["kode_opd"] == row.kode_opd]
        ada = r[(r["kode_opd"] == row.kode_opd) & r["realisasi"].notna()]
        for x in harap[~harap["kode_indikator"].isin(ada["kode_indikator"])].itertuples():
            alasan = r.loc[
                (r["kode_opd"] == row.kode_opd) & (r["kode_indikator"] == x.kode_indikator),
                "alasan_kosong",
            ].dropna()
            sebab = f" (tertulis: {alasan.iloc[0]!r})" if len(alasan) else ""
            temuan(
                row.kode_opd,
                "kelengkapan",
                f"Realisasi {x.kode_indikator} ({x.nama_indikator}) tidak diisi{sebab}.",
                kode_indikator=x.kode_indikator,
            )
        ang = ref.anggaran[
            (ref.anggaran["kode_opd"] == row.kode_opd) & (ref.anggaran["tahun"] == p.tahun)
        ]
        dilapor = set(
            k.loc[
                (k["kode_opd"] == row.kode_opd) & k["realisasi_keuangan"].notna(), "kode_kegiatan"
            ]
        )
        for x in ang[~ang["kode_kegiatan"].isin(dilapor)].itertuples():
            temuan(
                row.kode_opd,
                "kelengkapan",
                f"Realisasi anggaran {x.kode_kegiatan} tidak dilaporkan.",
                kode_kegiatan=x.kode_kegiatan,
            )

    # timeliness: the latest file of the OPD-period counts
    batas = pd.Timestamp(p.batas_kirim(settings.deadline_day)) + pd.Timedelta(days=1)
    for kode_opd, grp in b.groupby("kode_opd"):
        terima = pd.Timestamp(grp["diterima"].max())
        if terima >= batas:
            hari = (terima.normalize() - (batas - pd.Timedelta(days=1))).days
            temuan(
                kode_opd,
                "ketepatan_waktu",
                f"Laporan diterima {terima:%d/%m/%Y}, terlambat {hari} hari "
                f"dari batas tanggal {settings.deadline_day}.",
                nilai=float(hari),
            )

    # validity: warnings raised at load; reference rules
    if len(temuan_muat):
        tm = temuan_muat.merge(b[["sha256", "kode_opd"]], on="sha256")
        for x in tm.itertuples():
            temuan(
                x.kode_opd,
                "validitas",
                f"{x.lembar} {x.sel} ({x.kolom}): {x.pesan}",
                tingkat=x.tingkat,
            )
    tgt = ref.target[(ref.target["tahun"] == p.tahun) & (ref.target["jenis"] == "tahunan")]
    nol = tgt[(tgt["target"] == 0)]
    for x in ind[ind["kode_opd"].isin(dikirim)].itertuples():
        if x.kode_indikator not in set(tgt["kode_indikator"]):
            temuan(
                x.kode_opd,
                "validitas",
                f"{x.kode_indikator} tidak punya target tahun {p.tahun}.",
                kode_indikator=x.kode_indikator,
            )
        elif x.kode_indikator in set(nol["kode_indikator"]) and x.polaritas != "negatif":
            temuan(
                x.kode_opd,
                "validitas",
                f"Target {x.kode_indikator} bernilai 0: capaian tak dapat dihitung.",
                kode_indikator=x.kode_indikator,
            )
        if (
            isinstance(x.kode_nomenklatur, str)
            and not pd.Series([x.kode_nomenklatur]).str.match(NOMENKLATUR_RE)[0]
        ):
            temuan(
                x.kode_opd,
                "validitas",
                f"Kode nomenklatur {x.kode_nomenklatur!r} tidak sesuai pola U.BB.PP.K.KK.SSSS.",
                kode_indikator=x.kode_indikator,
            )

    # consistency and outliers, per series (OPD × indicator × source)
    seri = _seri(realisasi, ind, p)
    for (kode_opd, kode, sumber), g in seri.groupby(
        ["kode_opd", "kode_indikator", "sumber_data"], sort=False
    ):
        if g["periode"].iloc[-1] != ps or pd.isna(g["realisasi"].iloc[-1]):
            continue
        sifat = g["sifat"].iloc[0]
        per = g["periode"].map(Periode.parse)
        v = g["realisasi"].to_numpy(dtype=float)
        thn = np.array([q.tahun for q in per])
        idx = np.array([q.tahun * 12 + q.bulan for q in per])
        kum = sifat == "kumulatif"
        prev = np.r_[np.nan, v[:-1]]
        berurut = np.r_[False, np.diff(idx) == 1]
        sama_thn = np.r_[False, thn[1:] == thn[:-1]]
        if kum:  # within a year; January counts from 0
            d = np.where(
                berurut & sama_thn,
                v - prev,
                np.where(np.array([q.bulan for q in per]) == 1, v, np.nan),
            )
        else:
            d = np.where(berurut, v - prev, np.nan)
        nilai, sebelum = v[-1], prev[-1] if berurut[-1] else np.nan
        if kum and sama_thn[-1] and berurut[-1] and nilai < sebelum:
            temuan(
                kode_opd,
                "konsistensi",
                f"Nilai kumulatif {kode} turun dari {_id(sebelum)} ke {_id(nilai)}.",
                kode_indikator=kode,
                sumber_data=sumber,
                nilai=nilai,
                nilai_sebelumnya=sebelum,
            )
        elif (
            not kum
            and berurut[-1]
            and sebelum
            and abs(nilai - sebelum) / abs(sebelum) * 100 > settings.level_jump_pct
        ):
            temuan(
                kode_opd,
                "konsistensi",
                f"{kode} berubah lebih dari {settings.level_jump_pct:g} % dalam sebulan "
                f"({_id(sebelum)} ke {_id(nilai)}).",
                kode_indikator=kode,
                sumber_data=sumber,
                nilai=nilai,
                nilai_sebelumnya=sebelum,
            )
        if not np.isnan(d[-1]):
            z = _skor_pencilan(d[:-1], d[-1], settings)
            if z is not None and abs(z) > settings.outlier_threshold:
                temuan(
                    kode_opd,
                    "pencilan",
                    f"Perubahan {kode} bulan ini ({_id(d[-1])}) jauh dari kebiasaannya "
                    f"(skor {_id(z)}).",
                    kode_indikator=kode,
                    sumber_data=sumber,
                    nilai=nilai,
                    nilai_sebelumnya=sebelum,
                    skor=z,
                )

    # budget consistency: cumulative spending that decreases
    kk = (
        keuangan[keuangan["periode"].astype(str).isin([ps, str(p.tambah(-1))])]
        if p.bulan > 1
        else keuangan.iloc[0:0]
    )
    if len(kk):
        piv = kk.pivot_table(
            index=["kode_opd", "kode_kegiatan"], columns="periode", values="realisasi_keuangan"
        )
        if ps in piv and str(p.tambah(-1)) in piv:
            turun = piv[piv[ps] < piv[str(p.tambah(-1))]]
            for (kode_opd, keg), x in turun.iterrows():
                temuan(
                    kode_opd,
                    "konsistensi",
                    f"Realisasi keuangan kumulatif {keg} turun.",
                    kode_kegiatan=keg,
                    nilai=x[ps],
                    nilai_sebelumnya=x[str(p.tambah(-1))],
                )

    # duplicates: the same OPD × indicator × period more than once (sources aside, IKU)
    level = ind.set_index("kode_indikator")["level"]
    bukan_iku = r[r["kode_indikator"].map(level) != "IKU"]
    for (kode_opd, kode), n in bukan_iku.groupby(["kode_opd", "kode_indikator"]).size().items():
        if n > 1:
            temuan(
                kode_opd,
                "duplikat",
                f"{kode} dilaporkan {n} kali.",
                tingkat="galat",
                kode_indikator=kode,
            )

    # two sources of one IKU
    iku = r[r["kode_indikator"].map(level) == "IKU"].dropna(subset=["realisasi"])
    for (kode_opd, kode), g in iku.groupby(["kode_opd", "kode_indikator"]):
        if g["sumber_data"].nunique() < 2:
            continue
        lo, hi = g["realisasi"].min(), g["realisasi"].max()
        if lo > 0 and (hi - lo) / lo * 100 > settings.source_tolerance_pct:
            rincian = ", ".join(
                f"{s} {_id(v)}" for s, v in zip(g["sumber_data"], g["realisasi"], strict=True)
            )
            temuan(
                kode_opd,
                "sumber_ganda",
                f"{kode}: sumber berbeda lebih dari "
                f"{settings.source_tolerance_pct:g} % ({rincian}).",
                kode_indikator=kode,
                nilai=hi,
                nilai_sebelumnya=lo,
            )

    frame = pd.DataFrame(out, columns=KOLOM)
    return frame.sort_values(
        ["kode_opd", "jenis", "kode_indikator"], na_position="last"
    ).reset_index(drop=True)


def skor_kualitas(
    ref,
    berkas: pd.DataFrame,
    realisasi: pd.DataFrame,
    kualitas: pd.DataFrame,
    periode,
    settings: Settings = _DEFAULT,
) -> pd.DataFrame:
    """Per OPD: diharapkan, diterima, lolos (on time and no finding), skor 0–100, peringkat."""
    p = Periode.parse(periode)
    r = realisasi[(realisasi["periode"].astype(str) == str(p)) & realisasi["realisasi"].notna()]
    rows = []
    for row in ref.opd.itertuples():
        harap = set(ref.indikator.loc[ref.indikator["kode_opd"] == row.kode_opd, "kode_indikator"])
        terima = harap & set(r.loc[r["kode_opd"] == row.kode_opd, "kode_indikator"])
        f = kualitas[kualitas["kode_opd"] == row.kode_opd]
        telat = (f["jenis"] == "ketepatan_waktu").any()
        bermasalah = set(f["kode_indikator"].dropna())
        lolos = 0 if telat else len(terima - bermasalah)
        rows.append(
            dict(
                kode_opd=row.kode_opd,
                singkatan=row.singkatan,
                diharapkan=len(harap),
                diterima=len(terima),
                tepat_waktu=not telat and bool(terima),
                lolos=lolos,
                temuan=len(f),
                skor=100.0 * lolos / len(harap) if harap else np.nan,
            )
        )
    out = pd.DataFrame(rows)
    out["peringkat"] = out["skor"].rank(ascending=False, method="min").astype("Int64")
    return out.sort_values(["peringkat", "singkatan"]).reset_index(drop=True)
