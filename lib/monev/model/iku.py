"""The IKU an indicator supports (methods.md §7): ``indikator.kode_iku`` holds one IKU code or
several separated by ``;`` (``IKU-01;IKU-04``: job placement moves both poverty and
unemployment). Every consumer splits the cell through ``daftar_iku`` / ``pasangan_iku`` so no
one compares the whole cell with one code.
"""

from __future__ import annotations

import pandas as pd

PEMISAH_IKU = ";"
_KODE = r"[A-Z0-9][A-Z0-9.-]{1,30}"  # as ``model.kode.KODE_INDIKATOR_RE``, unanchored
# one code, or several separated by ";" (spaces around ";" allowed)
KODE_IKU_RE = rf"^{_KODE}(\s*;\s*{_KODE})*$"


def daftar_iku(value: object) -> list[str]:
    """The IKU codes in one ``kode_iku`` cell, in order, without blanks or repeats."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):  # type: ignore[arg-type]
        return []
    out: list[str] = []
    for bagian in str(value).split(PEMISAH_IKU):
        kode = bagian.strip()
        if kode and kode not in out:
            out.append(kode)
    return out


def pasangan_iku(frame: pd.DataFrame, kolom: str = "kode_iku") -> pd.DataFrame:
    """One row per (row of ``frame``, IKU it supports): rows without an IKU are dropped, a row
    naming two IKU appears twice with one code each in ``kolom``. The index is kept (repeated)."""
    if frame.empty or kolom not in frame:
        return frame.iloc[0:0].assign(**{kolom: pd.Series(dtype=object)})
    kode = frame[kolom].astype(object)
    ada = kode.notna().to_numpy()
    sub = frame.loc[ada]
    daftar = kode[ada].map(daftar_iku)
    panjang = daftar.map(len).to_numpy()
    out = sub.loc[sub.index.repeat(panjang)].copy()
    out[kolom] = [k for ks in daftar for k in ks]
    return out


def mendukung(kode_iku: pd.Series, iku: str) -> pd.Series:
    """Whether each ``kode_iku`` cell names ``iku`` (boolean Series, False where empty)."""
    return kode_iku.astype(object).map(lambda v: iku in daftar_iku(v)).astype(bool)
