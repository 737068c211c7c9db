"""Follow-up items (tindak lanjut): current state at a month, carried forward (methods.md, rakor).

Items come from two places: the OPDs' submissions (sheet Tindak Lanjut, table ``tindak_lanjut``)
and the rakor's decisions register (table ``keputusan``, ``monev.model.keputusan``);
``gabung_keputusan`` makes one frame of both.

``status_tindak_lanjut(tl, periode, tanggal_acuan)`` — one row per ``kode_tl`` reported at or
before the month: the latest row's columns (kode_opd, kode_tl, masalah, tindak_lanjut,
penanggung_jawab, batas_waktu, status, keterangan, asal) plus
- periode_laporan: month of that latest row (``YYYY-MM``),
- periode_awal: the month the item was opened (a decision: the month of its rakor),
- dibawa: True when the item was not reported this month (carried forward from an earlier one),
- status_bulan: the item's status this month (``STATUS_BULAN``: baru, dalam proses, selesai —
  closed this month — or dibawa), NA for items closed in an earlier month,
- keadaan: ``selesai`` (status selesai), ``terlambat`` (not selesai and batas_waktu before the
  reference date), else ``terbuka``,
- hari_terlambat: days from batas_waktu to the reference date for ``terlambat`` items,
- tanggal_acuan: the reference date: the meeting date (setting ``tanggal_rapat``) when given,
  else the last day of the month.

``riwayat_tindak_lanjut(tl, periode)`` — one row per item × month from the month it was opened
to the month it was closed (or ``periode``): kode_tl, kode_opd, periode, status_bulan, status
(as reported, or carried), keterangan (the OPD's note of that month, NA when none), dilaporkan.

``ringkas_tindak_lanjut(status)`` — per kode_opd: tl_jumlah, tl_terbuka, tl_terlambat,
tl_selesai, tl_dibawa.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from monev.model.keputusan import STATUS_BULAN
from monev.model.periode import Periode, rentang_periode

KEADAAN = ("terbuka", "terlambat", "selesai")

KOLOM = [
    "kode_opd", "kode_tl", "masalah", "tindak_lanjut", "penanggung_jawab", "batas_waktu",
    "status", "keterangan", "asal", "periode_awal", "periode_laporan", "dibawa", "status_bulan",
    "keadaan", "hari_terlambat", "tanggal_acuan",
]  # fmt: skip
KOLOM_RIWAYAT = ["kode_tl", "kode_opd", "periode", "status_bulan", "status", "keterangan",
                 "dilaporkan"]  # fmt: skip
_ISI = ["masalah", "tindak_lanjut", "penanggung_jawab", "batas_waktu"]  # the decision's own text


def gabung_keputusan(tindak_lanjut: pd.DataFrame, keputusan: pd.DataFrame | None) -> pd.DataFrame:
    """The OPDs' follow-up rows and the register's decisions as one frame (column ``asal``:
    ``rakor`` or ``opd``). A decision is a row of its rakor's month with status ``belum`` and its
    ``keputusan`` as ``tindak_lanjut``; the OPD's reports of its code keep their status and note,
    but the decision's text, person in charge and deadline are the register's (an OPD cannot move
    a deadline the meeting set)."""
    tl = tindak_lanjut.copy()
    tl["asal"] = "opd"
    if keputusan is None or keputusan.empty:
        return tl
    k = keputusan.astype({"kode_tl": str, "periode": str})
    dec = pd.DataFrame(
        {
            "kode_opd": k["kode_opd"].astype(str),
            "periode": k["periode"],
            "kode_tl": k["kode_tl"],
            "masalah": k["masalah"],
            "tindak_lanjut": k["keputusan"],
            "penanggung_jawab": k["penanggung_jawab"],
            "batas_waktu": k["batas_waktu"],
            "status": "belum",
            "keterangan": k["keterangan"],
            "asal": "rakor",
        }
    )
    kunci = dec.set_index("kode_tl")
    ada = tl["kode_tl"].astype(str).isin(kunci.index)
    if ada.any():
        kode = tl.loc[ada, "kode_tl"].astype(str)
        for c in _ISI:
            tl[c] = tl[c].astype(object)
            tl.loc[ada, c] = kode.map(kunci[c]).to_numpy(dtype=object)
        tl["batas_waktu"] = pd.to_datetime(tl["batas_waktu"])
        tl.loc[ada, "asal"] = "rakor"
    # the OPD's own report of the decision's month stands for that month
    dilapor = set(zip(tl["kode_tl"].astype(str), tl["periode"].astype(str), strict=True))
    baru = [(a, b) not in dilapor for a, b in zip(dec["kode_tl"], dec["periode"], strict=True)]
    out = pd.concat([tl, dec[baru]], ignore_index=True)
    out["batas_waktu"] = pd.to_datetime(out["batas_waktu"])
    return out


def _reference_date(p: Periode, tanggal_acuan) -> pd.Timestamp:
    if tanggal_acuan in (None, ""):
        return pd.Timestamp(p.akhir)
    if isinstance(tanggal_acuan, str):
        return pd.Timestamp(dt.date.fromisoformat(tanggal_acuan))
    return pd.Timestamp(tanggal_acuan).normalize()


def _status_bulan(status: pd.Series, dilaporkan: pd.Series, pertama: pd.Series) -> np.ndarray:
    """STATUS_BULAN of rows: selesai, baru (first month), dalam proses (progress reported),
    dibawa (no report, or reported 'belum' after the first month)."""
    s = status.astype(str).to_numpy()
    lapor = dilaporkan.to_numpy(dtype=bool)
    return np.select(
        [lapor & (s == "selesai"), pertama.to_numpy(dtype=bool), lapor & (s == "proses")],
        ["selesai", "baru", "dalam proses"],
        "dibawa",
    )


def status_tindak_lanjut(
    tl: pd.DataFrame, periode: Periode | str, tanggal_acuan: dt.date | str | None = None
) -> pd.DataFrame:
    p = Periode.parse(periode)
    if tl is None or tl.empty:
        return pd.DataFrame({k: pd.Series(dtype=object) for k in KOLOM})
    sampai = tl[tl["periode"].astype(str) <= str(p)]
    if "asal" not in sampai:
        sampai = sampai.assign(asal="opd")
    awal = sampai.groupby(sampai["kode_tl"].astype(str))["periode"].min().astype(str)
    tutup = sampai[sampai["status"].astype(str) == "selesai"]
    tutup = tutup.groupby(tutup["kode_tl"].astype(str))["periode"].min().astype(str)
    terkini = (
        sampai.sort_values(["kode_tl", "periode"], kind="stable")
        .drop_duplicates("kode_tl", keep="last")
        .rename(columns={"periode": "periode_laporan"})
        .reset_index(drop=True)
    )
    acuan = _reference_date(p, tanggal_acuan)
    batas = pd.to_datetime(terkini["batas_waktu"])
    selesai = terkini["status"].astype(str) == "selesai"
    lewat = batas.notna() & (batas.dt.normalize() < acuan) & ~selesai
    terkini["periode_laporan"] = terkini["periode_laporan"].astype(str)
    kode = terkini["kode_tl"].astype(str)
    terkini["periode_awal"] = kode.map(awal)
    terkini["dibawa"] = terkini["periode_laporan"] != str(p)
    bulan = _status_bulan(terkini["status"], ~terkini["dibawa"], terkini["periode_awal"] == str(p))
    tutup_dulu = kode.isin(tutup.index[tutup < str(p)])
    terkini["status_bulan"] = pd.Categorical(
        np.where(tutup_dulu, None, bulan), categories=list(STATUS_BULAN)
    )
    terkini["keadaan"] = pd.Categorical(
        np.where(selesai, "selesai", np.where(lewat, "terlambat", "terbuka")),
        categories=list(KEADAAN),
    )
    hari = (acuan - batas.dt.normalize()).dt.days
    terkini["hari_terlambat"] = hari.where(lewat).astype("Int64")
    terkini["tanggal_acuan"] = acuan.to_datetime64()
    return terkini[[c for c in KOLOM if c in terkini]]


def riwayat_tindak_lanjut(tl: pd.DataFrame, periode: Periode | str) -> pd.DataFrame:
    """Month-by-month status of every item up to ``periode`` (see the module docstring)."""
    p = Periode.parse(periode)
    if tl is None or tl.empty:
        return pd.DataFrame({k: pd.Series(dtype=object) for k in KOLOM_RIWAYAT})
    sampai = tl[tl["periode"].astype(str) <= str(p)].assign(
        kode_tl=lambda d: d["kode_tl"].astype(str), periode=lambda d: d["periode"].astype(str)
    )
    lapor = sampai.sort_values("periode").drop_duplicates(["kode_tl", "periode"], keep="last")
    per = lapor.set_index(["kode_tl", "periode"])
    rows = []
    for kode, grup in lapor.groupby("kode_tl", sort=True):
        tutup = grup.loc[grup["status"].astype(str) == "selesai", "periode"]
        akhir = min(tutup.min(), str(p)) if len(tutup) else str(p)
        status, opd = "belum", grup["kode_opd"].iloc[0]
        for m in rentang_periode(grup["periode"].min(), akhir):
            m = str(m)
            ada = (kode, m) in per.index
            if ada:
                r = per.loc[(kode, m)]
                status, opd = str(r["status"]), r["kode_opd"]
            rows.append((kode, opd, m, status, r["keterangan"] if ada else None, ada))
    out = pd.DataFrame(rows, columns=["kode_tl", "kode_opd", "periode", "status", "keterangan",
                                      "dilaporkan"])  # fmt: skip
    pertama = out["periode"] == out.groupby("kode_tl")["periode"].transform("min")
    out["status_bulan"] = pd.Categorical(
        _status_bulan(out["status"], out["dilaporkan"], pertama), categories=list(STATUS_BULAN)
    )
    out["keterangan"] = out["keterangan"].astype(object).where(out["keterangan"].notna(), None)
    return out[KOLOM_RIWAYAT]


def ringkas_tindak_lanjut(status: pd.DataFrame) -> pd.DataFrame:
    if status.empty:
        cols = ["tl_jumlah", "tl_terbuka", "tl_terlambat", "tl_selesai", "tl_dibawa"]
        return pd.DataFrame(columns=["kode_opd", *cols])
    k = status["keadaan"].astype(str)
    tmp = pd.DataFrame(
        {
            "kode_opd": status["kode_opd"],
            "tl_jumlah": 1,
            "tl_terbuka": (k == "terbuka").astype(int),
            "tl_terlambat": (k == "terlambat").astype(int),
            "tl_selesai": (k == "selesai").astype(int),
            "tl_dibawa": (status["dibawa"] & (k != "selesai")).astype(int),
        }
    )
    return tmp.groupby("kode_opd", sort=True).sum().reset_index()
