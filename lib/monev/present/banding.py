"""A comparison of two chosen months (``monev banding --periode P --dengan Q``): per OPD, the
rata-rata capaian, predikat, status laporan and realisasi keuangan % of both months as the two
``Evaluasi.opd`` frames give them (each month with its own params' settings), and the change.

Nothing is recomputed: the change is the difference of the two printed figures. A month without a
usable submission (kosong, tidak lapor) reads "belum lapor" and its change "–", never 0.
"""

from __future__ import annotations

import pandas as pd

from monev.model.angka import bulat
from monev.present import format as fmt
from monev.present.status import BELUM, belum_lapor, teks_status

KOLOM = ("rata_capaian", "predikat", "status_laporan", "terlambat", "hari_terlambat",
         "realisasi_keuangan_pct")  # fmt: skip


def banding_opd(opd: pd.DataFrame, opd_banding: pd.DataFrame) -> pd.DataFrame:
    """One row per OPD of either month (master list order of ``opd``): kode_opd, singkatan,
    nama_opd, asisten, and for each month (suffix ``_p`` for the month evaluated, ``_q`` for the
    month compared with) the engine's rata_capaian, predikat, status_laporan, terlambat,
    hari_terlambat, realisasi_keuangan_pct, belum_lapor; then selisih_capaian and
    selisih_keuangan (points, P − Q of the figures rounded as printed; NA when either is
    missing) and predikat_berubah (NA when either predikat is missing)."""
    ident = ["kode_opd", "singkatan", "nama_opd", "asisten"]
    a = opd[ident + list(KOLOM)].assign(belum_lapor=belum_lapor(opd).to_numpy())
    b = opd_banding[ident + list(KOLOM)].assign(belum_lapor=belum_lapor(opd_banding).to_numpy())
    out = a.merge(b, on="kode_opd", how="outer", suffixes=("_p", "_q"), sort=False)
    for c in ident[1:]:
        out[c] = out.pop(f"{c}_p").astype(object).fillna(out.pop(f"{c}_q").astype(object))
    urut = {k: i for i, k in enumerate(list(a["kode_opd"]) + list(b["kode_opd"]))}
    out = out.sort_values("kode_opd", key=lambda s: s.map(urut)).reset_index(drop=True)
    for c in ("belum_lapor_p", "belum_lapor_q"):
        out[c] = out[c].astype("boolean").fillna(True).astype(bool)  # not in that month: none
    for kol, sel in (("rata_capaian", "selisih_capaian"), ("realisasi_keuangan_pct",
                                                          "selisih_keuangan")):  # fmt: skip
        p = pd.to_numeric(out[f"{kol}_p"], errors="coerce").astype(float)
        q = pd.to_numeric(out[f"{kol}_q"], errors="coerce").astype(float)
        out[sel] = bulat(p, 2) - bulat(q, 2)
    pp, pq = out["predikat_p"].astype(object), out["predikat_q"].astype(object)
    berubah = pd.Series(pp.to_numpy() != pq.to_numpy(), dtype="boolean")
    out["predikat_berubah"] = berubah.mask(pp.isna().to_numpy() | pq.isna().to_numpy())
    return out[[*ident, *[c for c in out.columns if c not in ident]]]


def _status(r: pd.Series, akhiran: str) -> str:
    kunci = ("status_laporan", "terlambat", "hari_terlambat")
    return teks_status(pd.Series({k: r.get(f"{k}_{akhiran}") for k in kunci}))


def baris_banding(tabel: pd.DataFrame) -> list[dict[str, str]]:
    """The rows as printed: every cell a string in Indonesian."""
    out = []
    for _, r in tabel.iterrows():
        sel = {}
        for m in ("p", "q"):
            belum = bool(r[f"belum_lapor_{m}"])
            sel[f"capaian_{m}"] = BELUM if belum else fmt.angka(r[f"rata_capaian_{m}"])
            pred = r[f"predikat_{m}"]
            sel[f"predikat_{m}"] = fmt.KOSONG if pd.isna(pred) else str(pred)
            sel[f"status_{m}"] = _status(r, m)
            sel[f"keuangan_{m}"] = BELUM if belum else fmt.angka(r[f"realisasi_keuangan_pct_{m}"])
        berubah = r["predikat_berubah"]
        out.append(
            {
                "singkatan": str(r["singkatan"]),
                "nama_opd": str(r["nama_opd"]),
                **sel,
                "selisih_capaian": fmt.selisih(r["selisih_capaian"]),
                "selisih_keuangan": fmt.selisih(r["selisih_keuangan"]),
                "predikat_berubah": fmt.KOSONG if pd.isna(berubah) else fmt.ya_tidak(berubah),
            }
        )
    return out


def ringkasan_banding(tabel: pd.DataFrame, label_p: str, label_q: str) -> str:
    """One sentence: how many OPDs rose, fell, and did not report either month."""
    s = tabel["selisih_capaian"]
    naik, turun = int((s > 0).sum()), int((s < 0).sum())
    tanpa = int((tabel["belum_lapor_p"] | tabel["belum_lapor_q"]).sum())
    return (
        f"Dibanding {label_q}, rata-rata capaian {naik} OPD naik dan {turun} OPD turun pada "
        f"{label_p}; {tanpa} OPD belum lapor pada salah satu bulan sehingga tidak dibandingkan."
    )
