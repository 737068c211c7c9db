"""Status of every OPD-month (methods.md §1, "Status of a month") and of each value's month.

``kiriman`` — the submissions in force, one row per OPD × periode × file part: ``kode_opd``,
``periode`` (``YYYY-MM``), ``diterima`` (datetime), ``kosong`` (a recorded blank or near-blank
file). ``None`` means "every OPD with a realisasi row in a month reported it on time".

Status of an OPD-month (``status_laporan``):

- ``tidak lapor``: no file in force and no realisasi row;
- ``kosong``: every file in force is blank (no realisasi row is ever stored from it);
- ``lengkap``: every value due that month arrived (``nilai_diterima >= nilai_diharapkan``);
- ``sebagian``: a usable file, with some due values missing.

``terlambat`` is separate: the latest file of the OPD-month arrived after the deadline (the
``deadline_day`` of the following month, the whole day counts); ``hari_terlambat`` the days
after it (0 on time; NA without a receipt date). A month is "reported" (``lapor``) when lengkap
or sebagian: only those OPD-months have a rata-rata and are ranked.

Due values (``jatuh_tempo``) come from the indicator's reporting frequency
(``monev.model.kode.FREKUENSI``): a value of a ``triwulanan`` indicator is due in March, June,
September and December, ``semesteran`` in June and December, ``tahunan`` in December, ``bulanan``
every month. A month with no value due is not a gap.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monev.model.kode import FREKUENSI
from monev.model.settings import Settings

LENGKAP, SEBAGIAN, KOSONG, TIDAK_LAPOR = "lengkap", "sebagian", "kosong", "tidak lapor"
STATUS = (LENGKAP, SEBAGIAN, KOSONG, TIDAK_LAPOR)
KOLOM_KIRIMAN = ["kode_opd", "periode", "diterima", "kosong"]
# how the store records a blank file: its one finding in temuan_muat starts with this (the
# ingest message ``kosong``; tests/test_context.py checks the two agree)
KOSONG_AWAL = "Berkas kosong:"


def bulan_frekuensi(frekuensi) -> np.ndarray:
    """Months between two due values (1, 3, 6, 12); empty or unknown = bulanan (1)."""
    s = pd.Series(frekuensi, dtype=object)
    return s.map(FREKUENSI).fillna(1).to_numpy(dtype=np.int64)


def jatuh_tempo(bulan: np.ndarray, panjang: np.ndarray) -> np.ndarray:
    """A value is due in the last month of its period: bulan (1–12) divisible by the length."""
    return (np.asarray(bulan) % np.asarray(panjang)) == 0


def kiriman_kosong() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode_opd": pd.Series(dtype=object),
            "periode": pd.Series(dtype=object),
            "diterima": pd.Series(dtype="datetime64[us]"),
            "kosong": pd.Series(dtype=bool),
        }
    )


def kiriman_berlaku(berkas: pd.DataFrame, temuan_muat: pd.DataFrame) -> pd.DataFrame:
    """The submissions in force from the store tables, one row per OPD × periode × file part:
    ``kode_opd, periode, diterima, kosong``. A blank or near-blank file is recorded in
    ``berkas`` with its ``kosong`` finding in ``temuan_muat`` (docs/data-model.md), matched by
    content hash."""
    if berkas.empty:
        return kiriman_kosong()
    pesan = temuan_muat["pesan"].astype(str)
    kosong_sha = set(temuan_muat.loc[pesan.str.startswith(KOSONG_AWAL), "sha256"])
    out = pd.DataFrame(
        {
            "kode_opd": berkas["kode_opd"].astype(object).to_numpy(),
            "periode": berkas["periode"].astype(object).to_numpy(),
            "diterima": pd.to_datetime(berkas["diterima"]).astype("datetime64[us]").to_numpy(),
            "kosong": berkas["sha256"].isin(kosong_sha).to_numpy(),
        }
    )
    return out[KOLOM_KIRIMAN].sort_values(["periode", "kode_opd"], ignore_index=True)


def laporan(
    opd: np.ndarray,
    bulan_idx: np.ndarray,
    periode_label: np.ndarray,
    kiriman: pd.DataFrame | None,
    baris_realisasi: np.ndarray,
    harap: np.ndarray,
    terima: np.ndarray,
    settings: Settings,
) -> pd.DataFrame:
    """One row per OPD × month: ``opd`` the OPD codes (in the order of ``harap``'s rows),
    ``bulan_idx`` the months (tahun × 12 + bulan − 1, ascending, contiguous), ``periode_label``
    their ``YYYY-MM``; ``baris_realisasi`` the positions (OPD index × months + month index) of
    the OPD-months with a realisasi row;
    ``harap`` / ``terima`` (OPD × month int arrays) the values due and the due values received.
    """
    no, nm = len(opd), len(bulan_idx)
    awal = int(bulan_idx[0]) if nm else 0
    opd_idx = pd.Index(opd)
    per_idx = pd.Index(periode_label)

    def posisi(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        o = opd_idx.get_indexer(frame["kode_opd"].astype(str))
        m = per_idx.get_indexer(frame["periode"].astype(str))
        ok = (o >= 0) & (m >= 0)
        return (o * nm + m)[ok], ok

    ada_baris = np.zeros(no * nm, dtype=bool)
    ada_baris[np.asarray(baris_realisasi, dtype=np.int64)] = True
    ada_kirim = np.zeros(no * nm, dtype=bool)
    isi_kirim = np.zeros(no * nm, dtype=bool)  # a part that is not blank
    diterima = np.full(no * nm, np.datetime64("NaT"), dtype="datetime64[us]")
    if kiriman is not None and len(kiriman):
        pos, ok = posisi(kiriman)
        ada_kirim[pos] = True
        kos = kiriman["kosong"].fillna(False).astype(bool).to_numpy()[ok]
        np.logical_or.at(isi_kirim, pos, ~kos)
        t = pd.to_datetime(kiriman["diterima"]).to_numpy().astype("datetime64[us]")[ok]
        tt = t.astype(np.int64)
        tt = np.where(np.isnat(t), np.iinfo(np.int64).min, tt)
        latest = np.full(no * nm, np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(latest, pos, tt)
        has = latest != np.iinfo(np.int64).min
        diterima[has] = latest[has].astype("datetime64[us]")
    elif kiriman is None:
        ada_kirim = ada_baris.copy()
        isi_kirim = ada_baris.copy()
    lapor = isi_kirim | ada_baris
    harap_f, terima_f = harap.ravel(), terima.ravel()
    kode = np.where(
        lapor,
        np.where(terima_f >= harap_f, 0, 1),
        np.where(ada_kirim, 2, 3),
    )
    # deadline: day ``deadline_day`` of the following month, the whole day counts
    m_abs = np.tile(np.arange(awal, awal + nm), no) + 1  # the following month
    batas = (
        pd.to_datetime(
            {"year": m_abs // 12, "month": m_abs % 12 + 1, "day": settings.deadline_day}
        ).to_numpy()
        if len(m_abs)
        else np.array([], dtype="datetime64[ns]")
    ).astype("datetime64[us]")
    tahu = ~np.isnat(diterima)
    telat_hari = (diterima.astype("datetime64[D]") - batas.astype("datetime64[D]")).astype(np.int64)
    terlambat = tahu & (telat_hari >= 1)
    hari = pd.array(np.where(tahu, np.maximum(telat_hari, 0), 0), dtype="Int64")
    hari[~tahu] = pd.NA
    return pd.DataFrame(
        {
            "kode_opd": np.repeat(np.asarray(opd, dtype=object), nm),
            "periode": np.tile(np.asarray(periode_label, dtype=object), no),
            "status_laporan": pd.Categorical.from_codes(kode, categories=list(STATUS)),
            "terlambat": terlambat,
            "hari_terlambat": hari,
            "diterima": pd.Series(diterima).astype("datetime64[us]"),
            "nilai_diharapkan": harap_f.astype(np.int64),
            "nilai_diterima": terima_f.astype(np.int64),
        }
    )
