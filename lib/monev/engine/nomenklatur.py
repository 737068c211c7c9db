"""Attach check: every OPD program/kegiatan indicator to its program or kegiatan, every budget
line of the year to its sub kegiatan, in ``nomenklatur.csv`` (methods.md §9).

``periksa_keterkaitan(ref, tahun)`` → one row per indicator or budget line that does not attach,
with the file, row, codes and an Indonesian reason the analyst can act on; empty when everything
attaches. The official tables (``engine.official``) use the same rules (``simpul_indikator``), so
what the check names is exactly what lacks a hierarchy row or rupiah in them.
"""

from __future__ import annotations

import pandas as pd

from monev.model.nomenklatur import LABEL_LEVEL, LEVEL_INDIKATOR, leluhur, level_kode

KOLOM = ["jenis", "berkas", "baris", "kode_opd", "singkatan", "kode", "kode_nomenklatur", "masalah"]


def _nama_level(level: str | None) -> str:
    return LABEL_LEVEL.get(level or "", "tidak dikenal").lower()


def masalah_kode(kode: object, level_harus: str, nomen: set[str]) -> str | None:
    """Why ``kode`` cannot stand for a node of level ``level_harus``, or None when it can."""
    if not isinstance(kode, str) or not kode.strip():
        return f"kode_nomenklatur kosong: isi kode {_nama_level(level_harus)}"
    level = level_kode(kode)
    if level is None:
        return f"kode {kode!r} tidak sesuai pola nomenklatur"
    if level != level_harus:
        contoh = dict(leluhur(kode)).get(level_harus)
        saran = f" ({contoh})" if contoh else ""
        return (
            f"kode {kode} adalah kode {_nama_level(level)}; indikator ini perlu kode "
            f"{_nama_level(level_harus)}{saran}"
        )
    hilang = [k for _, k in leluhur(kode) if k not in nomen]
    if hilang:
        return f"kode {', '.join(hilang)} tidak ada di nomenklatur.csv"
    return None


def simpul_indikator(ref) -> pd.DataFrame:
    """OPD indicators of level program/kegiatan with the node they attach to (``simpul``, NA when
    they do not) and the reason (``masalah``)."""
    ind = ref.indikator
    nomen = set(ref.nomenklatur["kode"].astype(str)) if len(ref.nomenklatur) else set()
    sel = ind[ind["level"].astype(str).isin(LEVEL_INDIKATOR) & ind["kode_opd"].notna()].copy()
    masalah = [
        masalah_kode(k, LEVEL_INDIKATOR[str(lv)], nomen)
        for k, lv in zip(sel["kode_nomenklatur"], sel["level"], strict=True)
    ]
    sel["masalah"] = pd.Series(masalah, index=sel.index, dtype=object)
    sel["simpul"] = sel["kode_nomenklatur"].where(sel["masalah"].isna())
    return sel


def periksa_keterkaitan(ref, tahun: int) -> pd.DataFrame:
    """Indicators and budget lines of ``tahun`` that do not attach (see module docstring)."""
    singkatan = ref.opd.set_index("kode_opd")["singkatan"]
    nomen = set(ref.nomenklatur["kode"].astype(str)) if len(ref.nomenklatur) else set()
    rows = []
    ang = ref.anggaran[ref.anggaran["tahun"].astype(int) == int(tahun)]
    sim = simpul_indikator(ref)
    # only lines that attach fund a node (the tables sum those alone)
    terpasang = ang[[masalah_kode(k, "sub_kegiatan", nomen) is None for k in ang["kode_kegiatan"]]]
    for idx, r in sim.iterrows():
        masalah = r["masalah"]
        if masalah is None or pd.isna(masalah):
            punya = terpasang[
                (terpasang["kode_opd"] == r["kode_opd"])
                & terpasang["kode_kegiatan"].astype(str).str.startswith(str(r["simpul"]) + ".")
            ]
            if len(punya):
                continue
            masalah = (
                f"tidak ada baris anggaran {tahun} OPD ini di bawah kode {r['simpul']}: "
                "kolom Rp-nya kosong"
            )
        rows.append(
            ("indikator", "indikator.csv", idx + 2, r["kode_opd"], singkatan.get(r["kode_opd"]),
             r["kode_indikator"], r["kode_nomenklatur"], masalah)
        )  # fmt: skip
    for idx, r in ang.iterrows():
        masalah = masalah_kode(r["kode_kegiatan"], "sub_kegiatan", nomen)
        if masalah:
            rows.append(
                ("anggaran", "anggaran.csv", idx + 2, r["kode_opd"],
                 singkatan.get(r["kode_opd"]), r["kode_kegiatan"], r["kode_kegiatan"], masalah)
            )  # fmt: skip
    out = pd.DataFrame(rows, columns=KOLOM)
    return out.astype({"baris": "int64"})


def uraian_keterkaitan(temuan: pd.DataFrame) -> list[str]:
    """One line per finding, as the export prints it."""
    return [
        f"- {r.berkas} baris {r.baris}: {r.jenis} {r.kode} ({r.singkatan or r.kode_opd}): "
        f"{r.masalah}"
        for r in temuan.itertuples()
    ]
