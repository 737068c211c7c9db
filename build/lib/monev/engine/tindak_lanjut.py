"""Follow-up items (tindak lanjut): current state at a month, carried forward (methods.md, rakor).

``status_tindak_lanjut(tl, periode)`` — one row per ``kode_tl`` reported at or before the month:
the latest row's columns (kode_opd, kode_tl, masalah, tindak_lanjut, penanggung_jawab,
batas_waktu, status, keterangan) plus
- periode_laporan: month of that latest row (``YYYY-MM``),
- dibawa: True when the item was not reported this month (carried forward from an earlier one),
- keadaan: ``selesai`` (status selesai), ``terlambat`` (not selesai and batas_waktu before the
  end of the month), else ``terbuka``,
- hari_terlambat: days from batas_waktu to the end of the month for ``terlambat`` items.

``ringkas_tindak_lanjut(status)`` — per kode_opd: tl_jumlah, tl_terbuka, tl_terlambat,
tl_selesai, tl_dibawa.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monev.model.periode import Periode

KEADAAN = ("terbuka", "terlambat", "selesai")

KOLOM = [
    "kode_opd", "kode_tl", "masalah", "tindak_lanjut", "penanggung_jawab", "batas_waktu",
    "status", "keterangan", "periode_laporan", "dibawa", "keadaan", "hari_terlambat",
]  # fmt: skip


def status_tindak_lanjut(tl: pd.DataFrame, periode: Periode | str) -> pd.DataFrame:
    p = Periode.parse(periode)
    if tl is None or tl.empty:
        return pd.DataFrame({k: pd.Series(dtype=object) for k in KOLOM})
    sampai = tl[tl["periode"].astype(str) <= str(p)]
    terkini = (
        sampai.sort_values(["kode_tl", "periode"], kind="stable")
        .drop_duplicates("kode_tl", keep="last")
        .rename(columns={"periode": "periode_laporan"})
        .reset_index(drop=True)
    )
    akhir = pd.Timestamp(p.akhir)
    batas = pd.to_datetime(terkini["batas_waktu"])
    selesai = terkini["status"].astype(str) == "selesai"
    lewat = batas.notna() & (batas.dt.normalize() < akhir) & ~selesai
    terkini["periode_laporan"] = terkini["periode_laporan"].astype(str)
    terkini["dibawa"] = terkini["periode_laporan"] != str(p)
    terkini["keadaan"] = pd.Categorical(
        np.where(selesai, "selesai", np.where(lewat, "terlambat", "terbuka")),
        categories=list(KEADAAN),
    )
    hari = (akhir - batas.dt.normalize()).dt.days
    terkini["hari_terlambat"] = hari.where(lewat).astype("Int64")
    return terkini[[c for c in KOLOM if c in terkini]]


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
