"""Budget and physical progress for one month (methods.md §5).

``keuangan_kegiatan(anggaran, keuangan, periode)`` — one row per budget line (DPA) of the year:
tahun, kode_opd, kode_kegiatan, nama_kegiatan, pagu, rencana_kumulatif (Σ kas_01..kas_m, Rp),
realisasi_keuangan (Rp, cumulative as reported for the month; NaN when the line was not
reported), realisasi_fisik (%, as reported), fisik_dipakai (fisik capped at 100), bobot
(pagu / OPD pagu × 100), realisasi_keuangan_pct, target_keuangan_pct.

``keuangan_opd(anggaran, keuangan, periode, settings)`` — one row per OPD with budget lines:
kode_opd, pagu, rencana_kumulatif, realisasi_keuangan (Rp), realisasi_keuangan_pct,
target_keuangan_pct, deviasi_keuangan (points), realisasi_fisik (Σ fisik × bobot / 100),
target_fisik, deviasi_fisik, lampu_keuangan, lampu_fisik (merah / kuning / hijau),
milestone_bulan, milestone_target (the latest milestone at or before the month, NA before the
first), memenuhi_milestone (realisasi_keuangan_pct ≥ milestone_target), proyeksi_keuangan_pct
(year-end absorption at the pace so far), peringatan_serapan (projection below 100 %),
kegiatan_dilaporkan, kegiatan_tanpa_laporan, keuangan_sebagian (some lines not reported),
peringkat_tepra (1 = best; ``settings.tepra_order``: fisik then keuangan by default, descending).

Settings (each stated in the footnote): a budget line without a report for the month is counted
in ``kegiatan_tanpa_laporan`` and, by default (``anggaran_tanpa_laporan="tidak_diketahui"``),
left out: the OPD's realisasi (Rp, %, fisik) and the targets it is compared with are over the
reported lines only, and ``keuangan_sebagian`` says so (no line reported: realisasi unknown, the
target that of the whole DPA); with ``"nol"`` it counts 0 Rp and 0 % fisik. No value is carried
from last month. The physical plan (``rencana_fisik``) is the anggaran kas curve by default
(target fisik = target keuangan, since DPA carries no separate physical plan) or linear
(month / 12 × 100).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monev.engine.trends import proyeksi_akhir_tahun
from monev.model.kode import KAS_COLUMNS
from monev.model.periode import Periode
from monev.model.settings import Settings

_DEFAULT = Settings()

MERAH, KUNING, HIJAU = "merah", "kuning", "hijau"


def lampu(deviasi, settings: Settings = _DEFAULT) -> pd.Categorical:
    """Traffic light of a deviasi (points): < merah_below red, < kuning_below yellow, else green."""
    d = np.asarray(deviasi, dtype=float)
    out = np.where(
        d < settings.lampu_merah_below,
        MERAH,
        np.where(d < settings.lampu_kuning_below, KUNING, HIJAU),
    ).astype(object)
    out[np.isnan(d)] = None
    return pd.Categorical(out, categories=[MERAH, KUNING, HIJAU], ordered=True)


def milestone(bulan: int, settings: Settings = _DEFAULT) -> tuple[int, float] | None:
    """The milestone in force at the end of ``bulan``: the latest one at or before it."""
    berlaku = [(m, v) for m, v in settings.milestones if m <= bulan]
    return max(berlaku) if berlaku else None


def peringkat_tepra(fisik, keuangan, settings: Settings = _DEFAULT) -> np.ndarray:
    """TEPRA rank: by realisasi fisik, then realisasi keuangan, both descending (1 = best);
    ``settings.tepra_order="keuangan,fisik"`` the other way round.

    Rows without figures rank last; ties share the order they arrive in."""
    f = np.nan_to_num(np.asarray(fisik, dtype=float), nan=-np.inf)
    k = np.nan_to_num(np.asarray(keuangan, dtype=float), nan=-np.inf)
    # lexsort sorts by the last key first
    order = np.lexsort((-k, -f) if settings.tepra_order == "fisik,keuangan" else (-f, -k))
    rank = np.empty(len(f), dtype=np.int64)
    rank[order] = np.arange(1, len(f) + 1)
    return rank


def keuangan_kegiatan(
    anggaran: pd.DataFrame, keuangan: pd.DataFrame, periode: Periode | str
) -> pd.DataFrame:
    p = Periode.parse(periode)
    ang = anggaran[anggaran["tahun"].astype(int) == p.tahun]
    kas = list(KAS_COLUMNS[: p.bulan])
    out = ang[["tahun", "kode_opd", "kode_kegiatan", "nama_kegiatan", "pagu"]].copy()
    out["pagu"] = out["pagu"].astype(float)
    out["rencana_kumulatif"] = ang[kas].astype(float).sum(axis=1)
    bulan_ini = keuangan[keuangan["periode"].astype(str) == str(p)]
    bulan_ini = bulan_ini[["kode_opd", "kode_kegiatan", "realisasi_keuangan", "realisasi_fisik"]]
    out = out.merge(bulan_ini, on=["kode_opd", "kode_kegiatan"], how="left")
    out["realisasi_keuangan"] = out["realisasi_keuangan"].astype(float)
    out["realisasi_fisik"] = out["realisasi_fisik"].astype(float)
    out["fisik_dipakai"] = out["realisasi_fisik"].clip(upper=100.0)
    total = out.groupby("kode_opd")["pagu"].transform("sum")
    pagu = out["pagu"].where(out["pagu"] > 0)
    out["bobot"] = (out["pagu"] / total.where(total > 0)) * 100.0
    out["realisasi_keuangan_pct"] = out["realisasi_keuangan"] / pagu * 100.0
    out["target_keuangan_pct"] = out["rencana_kumulatif"] / pagu * 100.0
    return out


def keuangan_opd(
    anggaran: pd.DataFrame,
    keuangan: pd.DataFrame,
    periode: Periode | str,
    settings: Settings = _DEFAULT,
    *,
    by: str = "kode_opd",
    kegiatan: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per OPD (or another column ``by`` present in ``kegiatan``) budget figures for the month."""
    p = Periode.parse(periode)
    keg = keuangan_kegiatan(anggaran, keuangan, p) if kegiatan is None else kegiatan
    dilaporkan = keg["realisasi_keuangan"].notna() | keg["realisasi_fisik"].notna()
    # the lines whose realisasi counts: the reported ones, or all ("nol": unreported = 0)
    tidak_diketahui = settings.anggaran_tanpa_laporan == "tidak_diketahui"
    dihitung = dilaporkan if tidak_diketahui else pd.Series(True, index=keg.index)
    keg = keg.assign(
        _dilaporkan=dilaporkan,
        _rk=keg["realisasi_keuangan"].fillna(0.0),
        _fp=keg["fisik_dipakai"].fillna(0.0) * keg["pagu"],
        _pagu_h=keg["pagu"].where(dihitung, 0.0),
        _rencana_h=keg["rencana_kumulatif"].where(dihitung, 0.0),
    )
    g = keg.groupby(by, sort=True, observed=True).agg(
        pagu=("pagu", "sum"),
        rencana_kumulatif=("rencana_kumulatif", "sum"),
        realisasi_keuangan=("_rk", "sum"),
        _fp=("_fp", "sum"),
        _pagu_h=("_pagu_h", "sum"),
        _rencana_h=("_rencana_h", "sum"),
        kegiatan_dilaporkan=("_dilaporkan", "sum"),
        _n=("pagu", "size"),
    )
    tanpa = g["_n"] - g["kegiatan_dilaporkan"]
    # the OPDs whose realisasi is known: a line reported, or every line counted ("nol")
    ada = (g["kegiatan_dilaporkan"] > 0) | (not tidak_diketahui)
    pagu = g["pagu"].where(g["pagu"] > 0)
    pagu_h = g["_pagu_h"].where(g["_pagu_h"] > 0)  # of the lines counted
    out = pd.DataFrame(index=g.index)
    out["pagu"] = g["pagu"]
    out["rencana_kumulatif"] = g["rencana_kumulatif"]
    # a partial sum when lines are missing (keuangan_sebagian); unknown when none is reported
    out["realisasi_keuangan"] = g["realisasi_keuangan"].where(ada)
    out["realisasi_keuangan_pct"] = out["realisasi_keuangan"] / pagu_h * 100.0
    # compared with the plan of the same lines; nothing reported: the plan of the whole DPA
    out["target_keuangan_pct"] = (g["_rencana_h"] / pagu_h * 100.0).where(
        ada, g["rencana_kumulatif"] / pagu * 100.0
    )
    out["deviasi_keuangan"] = out["realisasi_keuangan_pct"] - out["target_keuangan_pct"]
    # Σ fisik × bobot / 100 with bobot = pagu / Σ pagu × 100 is Σ fisik × pagu / Σ pagu
    out["realisasi_fisik"] = g["_fp"] / pagu_h
    if settings.rencana_fisik == "linear":
        out["target_fisik"] = p.bulan / 12.0 * 100.0
    else:
        out["target_fisik"] = out["target_keuangan_pct"]
    out["deviasi_fisik"] = out["realisasi_fisik"] - out["target_fisik"]
    out["lampu_keuangan"] = lampu(out["deviasi_keuangan"], settings)
    out["lampu_fisik"] = lampu(out["deviasi_fisik"], settings)
    ms = milestone(p.bulan, settings)
    out["milestone_bulan"] = pd.array([ms[0] if ms else pd.NA] * len(out), dtype="Int64")
    out["milestone_target"] = ms[1] if ms else np.nan
    out["memenuhi_milestone"] = pd.array(
        [pd.NA] * len(out) if ms is None else (out["realisasi_keuangan_pct"] >= ms[1]).to_list(),
        dtype="boolean",
    )
    out["proyeksi_keuangan_pct"] = proyeksi_akhir_tahun(out["realisasi_keuangan_pct"], p.bulan)
    out["peringatan_serapan"] = out["proyeksi_keuangan_pct"] < 100.0
    out["kegiatan_dilaporkan"] = g["kegiatan_dilaporkan"].astype(np.int64)
    out["kegiatan_tanpa_laporan"] = tanpa.astype(np.int64)
    out["keuangan_sebagian"] = (tanpa > 0).to_numpy(dtype=bool)
    out["peringkat_tepra"] = peringkat_tepra(
        out["realisasi_fisik"], out["realisasi_keuangan_pct"], settings
    )
    return out.reset_index()


KUADRAN = (
    "kinerja tinggi, serapan sesuai rencana",
    "kinerja tinggi, serapan rendah",
    "kinerja rendah, serapan sesuai rencana",
    "kinerja rendah, serapan rendah",
)


def batas_kinerja_tinggi(settings: Settings = _DEFAULT) -> float:
    """The mean capaian above which ``kuadran`` calls kinerja high: the second band's lower
    bound (Tinggi or better; 75 with the default bands), 0 with a one-band scale."""
    return settings.bands[1].batas_bawah if len(settings.bands) > 1 else 0.0


def kuadran(rata_capaian, deviasi_keuangan, settings: Settings = _DEFAULT) -> pd.Categorical:
    """Capaian kinerja against realisasi keuangan (methods.md §5, last point).

    Kinerja is high when the mean capaian is above the second band's lower bound (Tinggi or
    better: > 75 with the default bands); serapan is on plan when the keuangan deviasi is not
    below the yellow light (≥ −5 points by default). NA when either figure is missing.
    """
    c = np.asarray(rata_capaian, dtype=float)
    d = np.asarray(deviasi_keuangan, dtype=float)
    tinggi = c > batas_kinerja_tinggi(settings)
    sesuai = d >= settings.lampu_kuning_below
    idx = np.where(tinggi, 0, 2) + np.where(sesuai, 0, 1)
    out = np.array(KUADRAN, dtype=object)[idx]
    out[np.isnan(c) | np.isnan(d)] = None
    return pd.Categorical(out, categories=list(KUADRAN))
