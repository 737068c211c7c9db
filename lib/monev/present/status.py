"""How a month's status and each value's origin read on a page (issue 13).

The engine says whether an OPD reported a month (``Evaluasi.laporan``, ``Evaluasi.opd``:
``status_laporan``, ``terlambat``, ``hari_terlambat``, ``diperingkat``, ``nilai_ditandai``) and
where each value comes from (``periode_nilai``, ``dibawa``, ``perlu_verifikasi``,
``alasan_verifikasi``). This module only turns those columns into words; nothing is decided here.
"""

from __future__ import annotations

import pandas as pd

from monev.model.periode import Periode
from monev.present import format as fmt

# an OPD-month without a usable submission: no rata-rata, not ranked, budget unknown
BELUM_LAPOR = ("kosong", "tidak lapor")
BELUM = "belum lapor"

# the realisasi budget columns of a non-reporter: unknown, printed "belum lapor" (never 0); what
# follows from them (deviasi, lampu, peringkat TEPRA) is NA in the engine and prints "–"
KOLOM_ANGGARAN = ("realisasi_keuangan", "realisasi_keuangan_pct", "realisasi_fisik")


def _ya(value: object) -> bool:
    return bool(value) if not pd.isna(value) else False


def belum_lapor(opd: pd.DataFrame) -> pd.Series:
    """True for the rows (OPDs, OPD-months) without a usable submission."""
    return opd["status_laporan"].astype("string").isin(BELUM_LAPOR).fillna(False).astype(bool)


def belum(r: pd.Series) -> bool:
    """One row (an OPD of ``Evaluasi.opd``) without a usable submission this month."""
    status = r.get("status_laporan")
    return not pd.isna(status) and str(status) in BELUM_LAPOR


def diperingkat(opd: pd.DataFrame) -> pd.Series:
    """The engine's ``diperingkat`` as plain booleans (NA: not ranked)."""
    return opd["diperingkat"].astype("boolean").fillna(False).astype(bool)


def teks_status(r: pd.Series) -> str:
    """``lengkap``, ``sebagian, terlambat 2 hari``, ``tidak lapor``."""
    status = r.get("status_laporan")
    if pd.isna(status):
        return fmt.KOSONG
    out = str(status)
    if _ya(r.get("terlambat")):
        hari = r.get("hari_terlambat")
        out += f", terlambat {int(hari)} hari" if not pd.isna(hari) else ", terlambat"
    return out


def teks_ditandai(jumlah: object) -> str:
    """``perlu verifikasi (2)`` beside an OPD with flagged values, else empty."""
    if pd.isna(jumlah) or int(jumlah) == 0:
        return ""
    return f"perlu verifikasi ({int(jumlah)})"


def dengan_status(opd: pd.DataFrame) -> pd.DataFrame:
    """``opd`` plus the display columns ``status`` and ``verifikasi`` (text)."""
    if opd.empty:
        return opd.assign(status=pd.Series(dtype=object), verifikasi=pd.Series(dtype=object))
    return opd.assign(
        status=[teks_status(r) for _, r in opd.iterrows()],
        verifikasi=opd["nilai_ditandai"].map(teks_ditandai),
    )


def anggaran_belum_lapor(opd: pd.DataFrame) -> pd.DataFrame:
    """Budget realisasi columns of non-reporters read "belum lapor" (the engine leaves them NA:
    unknown, never 0)."""
    belum = belum_lapor(opd)
    if not belum.any():
        return opd
    out = opd.copy()
    for k in KOLOM_ANGGARAN:
        if k in out:
            out[k] = out[k].astype(object).where(~belum, BELUM)
    return out


def daftar_belum_lapor(opd: pd.DataFrame) -> str:
    """``DISPAR (tidak lapor), DLH (kosong)``; empty when everyone reported."""
    belum = opd[belum_lapor(opd)].sort_values("singkatan")
    return ", ".join(f"{r.singkatan} ({r.status_laporan})" for r in belum.itertuples())


def asal_nilai(r: pd.Series) -> str:
    """Where a value is from, and whether it waits for verification:
    ``dibawa dari Sep 2026; perlu verifikasi: 80 jauh di atas riwayatnya (median 4,2)``."""
    bagian = []
    if _ya(r.get("dibawa")) and not pd.isna(r.get("periode_nilai")):
        bagian.append(f"dibawa dari {bulan(r['periode_nilai'])}")
    if _ya(r.get("perlu_verifikasi")):
        alasan = r.get("alasan_verifikasi")
        bagian.append("perlu verifikasi" + (f": {alasan}" if not pd.isna(alasan) else ""))
    return "; ".join(bagian)


def dengan_asal(ind: pd.DataFrame) -> pd.DataFrame:
    """``ind`` plus the display column ``asal_nilai``."""
    asal = [asal_nilai(r) for _, r in ind.iterrows()] if len(ind) else []
    return ind.assign(asal_nilai=pd.Series(asal, index=ind.index, dtype=object))


def bulan(periode: object) -> str:
    """``2026-09`` → ``Sep 2026``."""
    p = Periode.parse(periode)
    return f"{fmt.bulan_singkat(periode).split()[0]} {p.tahun}"
