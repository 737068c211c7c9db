"""The recap of a quarter or a year (``monev paket --triwulan`` / ``--tahun``): per OPD, each
month's rata-rata capaian, predikat and status laporan as that month's evaluation gives them
(``Evaluasi.opd`` of each month, each with its own params' settings), and the window's closing
month beside the first month of the window with a figure.

Nothing is recomputed: every figure is a month's engine figure; the change is the difference of
the two printed figures. A month without a usable submission reads "belum lapor", never 0, and
has no cell in the heatmap.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from monev.model.angka import bulat
from monev.present import format as fmt
from monev.present.status import BELUM, belum_lapor, teks_status

IDENT = ["kode_opd", "singkatan", "nama_opd", "asisten"]
KOLOM = ("rata_capaian", "predikat", "status_laporan", "terlambat", "hari_terlambat",
         "realisasi_keuangan_pct")  # fmt: skip


def rekap_bulanan(bulanan: Mapping[str, pd.DataFrame], asisten: str = "") -> pd.DataFrame:
    """One row per OPD and month (``periode``, as given, in that order): the identity columns,
    the engine's KOLOM and ``belum_lapor``. ``asisten``: only the OPDs of that coordination line
    (empty: all)."""
    bagian = []
    for periode, opd in bulanan.items():
        data = opd[IDENT + list(KOLOM)].assign(
            periode=str(periode), belum_lapor=belum_lapor(opd).to_numpy()
        )
        if asisten:
            data = data[data["asisten"].astype(str) == asisten]
        bagian.append(data)
    if not bagian:
        return pd.DataFrame(columns=[*IDENT, "periode", *KOLOM, "belum_lapor"])
    return pd.concat(bagian, ignore_index=True)


def rekap_opd(panjang: pd.DataFrame) -> pd.DataFrame:
    """One row per OPD (order of first appearance): ``bulan_lapor`` (months with a usable
    submission) of ``bulan`` (months in the recap); the closing month's figures (``_akhir``:
    rata_capaian, predikat, status_laporan, terlambat, hari_terlambat, realisasi_keuangan_pct,
    belum_lapor); ``periode_awal`` and ``rata_capaian_awal``, the first month of the window with a
    rata-rata capaian; ``selisih_capaian`` (points, closing − first as printed; NA when either is
    missing or they are the same month)."""
    bulan = list(dict.fromkeys(panjang["periode"]))
    if not bulan:
        return pd.DataFrame(columns=IDENT)
    akhir = bulan[-1]
    out = []
    for _, grp in panjang.groupby("kode_opd", sort=False):
        r = grp.iloc[-1]
        baris = {k: r[k] for k in IDENT}
        baris["bulan"] = len(bulan)
        baris["bulan_lapor"] = int((~grp["belum_lapor"].astype(bool)).sum())
        tutup = grp[grp["periode"] == akhir]
        for k in [*KOLOM, "belum_lapor"]:
            baris[f"{k}_akhir"] = tutup[k].iloc[0] if len(tutup) else pd.NA
        if not len(tutup):
            baris["belum_lapor_akhir"] = True
        ada = grp[grp["rata_capaian"].notna() & ~grp["belum_lapor"].astype(bool)]
        baris["periode_awal"] = ada["periode"].iloc[0] if len(ada) else pd.NA
        baris["rata_capaian_awal"] = ada["rata_capaian"].iloc[0] if len(ada) else pd.NA
        out.append(baris)
    tabel = pd.DataFrame(out)
    p = pd.to_numeric(tabel["rata_capaian_akhir"], errors="coerce").astype(float)
    q = pd.to_numeric(tabel["rata_capaian_awal"], errors="coerce").astype(float)
    selisih = bulat(p, 2) - bulat(q, 2)
    sama = tabel["periode_awal"].astype(object).eq(akhir).to_numpy()
    tutup_belum = tabel["belum_lapor_akhir"].astype(bool).to_numpy()
    tabel["selisih_capaian"] = selisih.mask(sama | tutup_belum)
    return tabel


def grid_capaian(panjang: pd.DataFrame) -> pd.DataFrame:
    """The heatmap's wide frame: index the OPD's singkatan, one column per month ("Okt 2026"),
    the engine's rata_capaian; NA for a month without a usable submission."""
    data = panjang.assign(
        nilai=pd.to_numeric(panjang["rata_capaian"], errors="coerce")
        .astype(float)
        .mask(panjang["belum_lapor"].astype(bool)),
        bulan=panjang["periode"].map(fmt.bulan_singkat),
    )
    urut_opd = list(dict.fromkeys(data["singkatan"]))
    urut_bulan = list(dict.fromkeys(data["bulan"]))
    grid = data.pivot_table(index="singkatan", columns="bulan", values="nilai", aggfunc="first")
    return grid.reindex(index=urut_opd, columns=urut_bulan)


def baris_rekap(panjang: pd.DataFrame, tabel: pd.DataFrame) -> list[dict]:
    """The rows as printed: per OPD, one cell per month (the rata-rata capaian, or "belum
    lapor"), then the closing month's predikat, status and realisasi keuangan, months reported
    and the change."""
    bulan = list(dict.fromkeys(panjang["periode"]))
    per = panjang.set_index(["kode_opd", "periode"])
    out = []
    for _, r in tabel.iterrows():
        sel = []
        for b in bulan:
            if (r["kode_opd"], b) not in per.index:
                sel.append(fmt.KOSONG)
                continue
            m = per.loc[(r["kode_opd"], b)]
            if bool(m["belum_lapor"]):
                sel.append(BELUM)
            elif pd.isna(m["rata_capaian"]):
                sel.append(fmt.KOSONG)
            else:
                sel.append(fmt.angka(m["rata_capaian"]))  # its predikat: the heatmap's colour
        akhir = {k: r[f"{k}_akhir"] for k in ("status_laporan", "terlambat", "hari_terlambat")}
        belum_akhir = bool(r["belum_lapor_akhir"])
        awal = r["periode_awal"]
        out.append(
            {
                "singkatan": str(r["singkatan"]),
                "nama_opd": str(r["nama_opd"]),
                "bulan": sel,
                "status_akhir": teks_status(pd.Series(akhir)),
                "predikat_akhir": fmt.KOSONG
                if belum_akhir or pd.isna(r["predikat_akhir"])
                else str(r["predikat_akhir"]),
                "keuangan_akhir": BELUM
                if belum_akhir
                else fmt.angka(r["realisasi_keuangan_pct_akhir"]),
                "bulan_lapor": f"{int(r['bulan_lapor'])} dari {int(r['bulan'])}",
                "sejak": fmt.KOSONG if pd.isna(awal) else fmt.bulan_singkat(awal),
                "selisih_capaian": fmt.selisih(r["selisih_capaian"]),
            }
        )
    return out


def ringkasan_rekap(tabel: pd.DataFrame, label: str, label_akhir: str) -> str:
    """One sentence: how many OPDs rose and fell over the window, and how many missed a month."""
    s = tabel["selisih_capaian"]
    naik, turun = int((s > 0).sum()), int((s < 0).sum())
    kurang = int((tabel["bulan_lapor"] < tabel["bulan"]).sum())
    tutup = int(tabel["belum_lapor_akhir"].astype(bool).sum())
    return (
        f"{label} s.d. {label_akhir}: dari bulan pertama yang berangka sampai {label_akhir}, "
        f"rata-rata capaian {naik} OPD naik dan {turun} OPD turun; {kurang} OPD belum lapor "
        f"pada sedikitnya satu bulan, {tutup} di antaranya pada {label_akhir}."
    )
