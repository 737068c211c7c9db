"""Data validity (IKD) checks over what is stored, for one period (data-quality.md §1).

Every check is one rule: a small pure function of the period's ``Inputs`` that returns its
findings, registered in the ordered registry ``RULES`` with a key, an Indonesian label and the
kind (``jenis``) of finding it gives. Adding a check means writing one function under
``@rule(...)`` and a test for it.

``periksa_kualitas(ref, berkas, realisasi, keuangan, temuan_muat, periode, settings)`` runs every
rule and returns one row per finding: kode_opd, periode, jenis (kelengkapan / ketepatan_waktu /
validitas / konsistensi / pencilan / duplikat / sumber_ganda), tingkat (galat / peringatan),
kode_indikator, kode_kegiatan, sumber_data, nilai, nilai_sebelumnya, skor (the outlier score),
pesan (Indonesian), sorted by OPD, kind and indicator.
``skor_kualitas(ref, berkas, realisasi, kualitas, periode, settings)`` gives per OPD the share of
expected values that arrived on time and passed every rule, and the rank. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from monev.engine.status import bulan_frekuensi, jatuh_tempo, kiriman_berlaku
from monev.model.angka import format_angka_id
from monev.model.nomenklatur import level_kode
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


def _angka(x: float) -> str:
    return format_angka_id(x, 2)


# ------------------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class Seri:
    """One series (OPD × indicator × source) whose value of the period is filled."""

    kode_opd: str
    kode_indikator: str
    sumber_data: str
    kumulatif: bool
    nilai: float  # the value of the period
    sebelum: float  # the previous month's value; NaN when that month is missing
    sama_tahun: bool  # the previous row lies in the same year
    perubahan: np.ndarray  # month-on-month changes, the period's last (kumulatif: within a year)


@dataclass(frozen=True, eq=False)
class Inputs:
    """What every rule reads: the reference data, the store tables, the period, the settings.

    The period's slices are computed once and shared by the rules (``cached_property``)."""

    ref: Any
    berkas: pd.DataFrame
    realisasi: pd.DataFrame
    keuangan: pd.DataFrame
    temuan_muat: pd.DataFrame
    periode: Periode
    settings: Settings = _DEFAULT
    ev: Any = None  # the period's ``Evaluasi`` when the caller has it (status, plausibility)

    @classmethod
    def of(
        cls, ref, berkas, realisasi, keuangan, temuan_muat, periode, settings=_DEFAULT, ev=None
    ) -> Inputs:
        p = Periode.parse(periode)
        return cls(ref, berkas, realisasi, keuangan, temuan_muat, p, settings, ev)

    @cached_property
    def evaluasi(self):
        """The period's evaluation (computed here, with the submissions of ``berkas``, when the
        caller gave none); None for a reference without the engine's tables (a test of one
        rule on a few columns), whose per-value plausibility is then not checked."""
        if self.ev is not None:
            return self.ev
        if not hasattr(self.ref, "iku_riwayat"):
            return None
        from monev.engine.evaluasi import evaluasi

        kosong = pd.DataFrame(columns=["kode_opd", "periode", "kode_kegiatan",
                                       "realisasi_keuangan", "realisasi_fisik"])  # fmt: skip
        tl = pd.DataFrame(columns=["kode_opd", "periode", "kode_tl", "status", "batas_waktu"])
        kiriman = kiriman_berlaku(self.berkas, self.temuan_muat)
        return evaluasi(
            self.ref, self.realisasi, kosong, tl, self.periode, self.settings, kiriman=kiriman
        )

    @cached_property
    def kosong(self) -> set:
        """OPDs whose files in force this month are all blank and left no realisasi row."""
        k = kiriman_berlaku(self.berkas_periode, self.temuan_muat)
        semua_kosong = k.groupby("kode_opd")["kosong"].all()
        return set(semua_kosong[semua_kosong].index) - set(self.realisasi_periode["kode_opd"])

    @cached_property
    def jatuh_tempo(self) -> set:
        """Indicators whose value is due this month (reporting frequency, methods.md §4)."""
        ind = self.ref.indikator
        frek = ind["frekuensi"] if "frekuensi" in ind else pd.Series(None, index=ind.index)
        due = jatuh_tempo(self.periode.bulan, bulan_frekuensi(frek.to_numpy()))
        return set(ind.loc[due, "kode_indikator"])

    @property
    def periode_teks(self) -> str:
        """The period as ``YYYY-MM``, as the store writes it."""
        return str(self.periode)

    @cached_property
    def berkas_periode(self) -> pd.DataFrame:
        return self.berkas[self.berkas["periode"].astype(str) == self.periode_teks]

    @cached_property
    def realisasi_periode(self) -> pd.DataFrame:
        return self.realisasi[self.realisasi["periode"].astype(str) == self.periode_teks]

    @cached_property
    def keuangan_periode(self) -> pd.DataFrame:
        return self.keuangan[self.keuangan["periode"].astype(str) == self.periode_teks]

    @cached_property
    def dikirim(self) -> set:
        """OPDs with at least one file for the period."""
        return set(self.berkas_periode["kode_opd"])

    @cached_property
    def level(self) -> pd.Series:
        """Indicator code → level (IKU, ...)."""
        return self.ref.indikator.set_index("kode_indikator")["level"]

    @cached_property
    def target_tahunan(self) -> pd.DataFrame:
        t = self.ref.target
        return t[(t["tahun"] == self.periode.tahun) & (t["jenis"] == "tahunan")]

    @cached_property
    def seri(self) -> list[Seri]:
        """Every series with a filled value at the period, in OPD, indicator, source order."""
        return list(_seri_periode(self.realisasi, self.ref.indikator, self.periode))


def _seri_periode(realisasi: pd.DataFrame, ind: pd.DataFrame, p: Periode) -> Iterable[Seri]:
    ps = str(p)
    r = realisasi[realisasi["periode"].astype(str) <= ps].copy()
    r = r.merge(ind[["kode_indikator", "sifat", "level"]], on="kode_indikator", how="left")
    # one series per source only for IKU (two publishers); an OPD's own source text may vary
    r["sumber_data"] = r["sumber_data"].where(r["level"] == "IKU", "")
    r = r.sort_values(["kode_opd", "kode_indikator", "sumber_data", "periode"])
    for (kode_opd, kode, sumber), g in r.groupby(
        ["kode_opd", "kode_indikator", "sumber_data"], sort=False
    ):
        if g["periode"].iloc[-1] != ps or pd.isna(g["realisasi"].iloc[-1]):
            continue
        kum = g["sifat"].iloc[0] == "kumulatif"
        per = g["periode"].map(Periode.parse)
        v = g["realisasi"].to_numpy(dtype=float)
        thn = np.array([q.tahun for q in per])
        idx = np.array([q.tahun * 12 + q.bulan for q in per])
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
        yield Seri(
            kode_opd=kode_opd,
            kode_indikator=kode,
            sumber_data=sumber,
            kumulatif=bool(kum),
            nilai=float(v[-1]),
            sebelum=float(prev[-1]) if berurut[-1] else np.nan,
            sama_tahun=bool(sama_thn[-1]),
            perubahan=d,
        )


# ------------------------------------------------------------------------------ registry


Finding = dict[str, Any]


@dataclass(frozen=True)
class Rule:
    key: str
    label: str  # Indonesian, for reports and docs
    jenis: str  # the kind of finding: the ``jenis`` column
    check: Callable[[Inputs], Iterable[Finding]]


RULES: dict[str, Rule] = {}  # in the order the checks run (and findings are listed before sorting)


def rule(label: str, jenis: str, key: str | None = None):
    """Register a check: ``@rule("Laporan terlambat", jenis="ketepatan_waktu")``."""

    def register(check: Callable[[Inputs], Iterable[Finding]]):
        k = key or check.__name__
        if k in RULES:
            raise ValueError(f"data-quality rule {k!r} registered twice")
        RULES[k] = Rule(k, label, jenis, check)
        return check

    return register


def temuan(kode_opd, pesan: str, tingkat: str = "peringatan", **kolom) -> Finding:
    """One finding of a rule; ``kolom``: kode_indikator, kode_kegiatan, sumber_data, nilai,
    nilai_sebelumnya, skor. The runner adds periode and jenis."""
    return dict(kode_opd=kode_opd, tingkat=tingkat, pesan=pesan, **kolom)


def _frame(rows: list[Finding]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=KOLOM)


def temuan_aturan(r: Rule, x: Inputs) -> list[Finding]:
    """The findings of one rule, with periode and jenis filled in."""
    return [{**f, "periode": x.periode_teks, "jenis": r.jenis} for f in r.check(x)]


def periksa_aturan(key: str, x: Inputs) -> pd.DataFrame:
    """The findings of the rule ``key`` alone, as a frame with the columns of ``KOLOM``."""
    return _frame(temuan_aturan(RULES[key], x))


# ------------------------------------------------------------------------------ rules
# Completeness


@rule("Kelengkapan: OPD tidak mengirim laporan", jenis="kelengkapan")
def opd_tidak_mengirim(x: Inputs) -> Iterable[Finding]:
    for row in x.ref.opd.itertuples():
        if row.kode_opd not in x.dikirim:
            yield temuan(row.kode_opd, f"{row.singkatan} tidak mengirim laporan {x.periode.label}.")


@rule("Kelengkapan: realisasi indikator tidak diisi", jenis="kelengkapan")
def realisasi_tidak_diisi(x: Inputs) -> Iterable[Finding]:
    ind, r = x.ref.indikator, x.realisasi_periode
    for kode_opd in x.ref.opd["kode_opd"]:
        if kode_opd not in x.dikirim or kode_opd in x.kosong:  # a blank file: one finding
            continue
        harap = ind[(ind["kode_opd"] == kode_opd) & ind["kode_indikator"].isin(x.jatuh_tempo)]
        ada = r[(r["kode_opd"] == kode_opd) & r["realisasi"].notna()]
        for i in harap[~harap["kode_indikator"].isin(ada["kode_indikator"])].itertuples():
            alasan = r.loc[
                (r["kode_opd"] == kode_opd) & (r["kode_indikator"] == i.kode_indikator),
                "alasan_kosong",
            ].dropna()
            sebab = f" (tertulis: {alasan.iloc[0]!r})" if len(alasan) else ""
            yield temuan(
                kode_opd,
                f"Realisasi {i.kode_indikator} ({i.nama_indikator}) tidak diisi{sebab}.",
                kode_indikator=i.kode_indikator,
            )


@rule("Kelengkapan: realisasi anggaran tidak dilaporkan", jenis="kelengkapan")
def anggaran_tidak_dilaporkan(x: Inputs) -> Iterable[Finding]:
    ang, k = x.ref.anggaran, x.keuangan_periode
    for kode_opd in x.ref.opd["kode_opd"]:
        if kode_opd not in x.dikirim or kode_opd in x.kosong:
            continue
        baris = ang[(ang["kode_opd"] == kode_opd) & (ang["tahun"] == x.periode.tahun)]
        dilapor = set(
            k.loc[(k["kode_opd"] == kode_opd) & k["realisasi_keuangan"].notna(), "kode_kegiatan"]
        )
        for g in baris[~baris["kode_kegiatan"].isin(dilapor)].itertuples():
            yield temuan(
                kode_opd,
                f"Realisasi anggaran {g.kode_kegiatan} tidak dilaporkan.",
                kode_kegiatan=g.kode_kegiatan,
            )


# Timeliness


@rule("Ketepatan waktu: laporan terlambat", jenis="ketepatan_waktu")
def laporan_terlambat(x: Inputs) -> Iterable[Finding]:
    """The latest file of the OPD-period counts."""
    hari_batas = x.settings.deadline_day
    batas = pd.Timestamp(x.periode.batas_kirim(hari_batas))
    for kode_opd, grp in x.berkas_periode.groupby("kode_opd"):
        terima = pd.Timestamp(grp["diterima"].max())
        if terima >= batas + pd.Timedelta(days=1):
            hari = (terima.normalize() - batas).days
            yield temuan(
                kode_opd,
                f"Laporan diterima {terima:%d/%m/%Y}, terlambat {hari} hari "
                f"dari batas tanggal {hari_batas}.",
                nilai=float(hari),
            )


# Validity


@rule("Validitas: peringatan saat berkas dimuat", jenis="validitas")
def peringatan_muat(x: Inputs) -> Iterable[Finding]:
    if not len(x.temuan_muat):
        return
    tm = x.temuan_muat.merge(x.berkas_periode[["sha256", "kode_opd"]], on="sha256")
    for t in tm.itertuples():
        # a finding about the whole file (kosong) has no sheet, cell or column to name
        lembar_sel = " ".join(str(v) for v in (t.lembar, t.sel) if isinstance(v, str) and v)
        kolom = f" ({t.kolom})" if isinstance(t.kolom, str) and t.kolom else ""
        letak = f"{lembar_sel}{kolom}: " if lembar_sel or kolom else ""
        yield temuan(t.kode_opd, f"{letak}{t.pesan}", tingkat=t.tingkat)


def _indikator_pengirim(x: Inputs) -> pd.DataFrame:
    ind = x.ref.indikator
    return ind[ind["kode_opd"].isin(x.dikirim)]


@rule("Validitas: target tahunan belum ada", jenis="validitas")
def target_tidak_ada(x: Inputs) -> Iterable[Finding]:
    ada = set(x.target_tahunan["kode_indikator"])
    for i in _indikator_pengirim(x).itertuples():
        if i.kode_indikator not in ada:
            yield temuan(
                i.kode_opd,
                f"{i.kode_indikator} tidak punya target tahun {x.periode.tahun}.",
                kode_indikator=i.kode_indikator,
            )


@rule("Validitas: target tahunan bernilai 0", jenis="validitas")
def target_nol(x: Inputs) -> Iterable[Finding]:
    """A target of 0 makes capaian not computable, except for negatif indicators (0 is fine)."""
    t = x.target_tahunan
    nol = set(t.loc[t["target"] == 0, "kode_indikator"])
    for i in _indikator_pengirim(x).itertuples():
        if i.kode_indikator in nol and i.polaritas != "negatif":
            yield temuan(
                i.kode_opd,
                f"Target {i.kode_indikator} bernilai 0: capaian tak dapat dihitung.",
                kode_indikator=i.kode_indikator,
            )


@rule("Validitas: kode nomenklatur tidak sesuai pola", jenis="validitas")
def nomenklatur_salah(x: Inputs) -> Iterable[Finding]:
    for i in _indikator_pengirim(x).itertuples():
        kode = i.kode_nomenklatur
        # a program (U.BB.PP), kegiatan (U.BB.PP.K.KK) or sub kegiatan code (methods.md §9)
        if isinstance(kode, str) and level_kode(kode) in (None, "urusan", "bidang_urusan"):
            yield temuan(
                i.kode_opd,
                f"Kode nomenklatur {kode!r} tidak sesuai pola U.BB.PP (program), U.BB.PP.K.KK "
                "(kegiatan) atau U.BB.PP.K.KK.SSSS (sub kegiatan).",
                kode_indikator=i.kode_indikator,
            )


# Consistency over time, per series (OPD × indicator × source)


def _nilai_seri(s: Seri) -> Finding:
    return dict(
        kode_indikator=s.kode_indikator,
        sumber_data=s.sumber_data,
        nilai=s.nilai,
        nilai_sebelumnya=s.sebelum,
    )


@rule("Konsistensi: nilai kumulatif turun", jenis="konsistensi")
def kumulatif_turun(x: Inputs) -> Iterable[Finding]:
    for s in x.seri:
        if s.kumulatif and s.sama_tahun and s.nilai < s.sebelum:
            yield temuan(
                s.kode_opd,
                f"Nilai kumulatif {s.kode_indikator} turun dari {_angka(s.sebelum)} "
                f"ke {_angka(s.nilai)}.",
                **_nilai_seri(s),
            )


@rule("Konsistensi: lonjakan nilai indikator tingkat", jenis="konsistensi")
def lonjakan_tingkat(x: Inputs) -> Iterable[Finding]:
    """A non-cumulative value that moves more than ``level_jump_pct`` % in a month."""
    batas = x.settings.level_jump_pct
    for s in x.seri:
        if s.kumulatif or np.isnan(s.sebelum) or s.sebelum == 0:
            continue
        if abs(s.nilai - s.sebelum) / abs(s.sebelum) * 100 > batas:
            yield temuan(
                s.kode_opd,
                f"{s.kode_indikator} berubah lebih dari {batas:g} % dalam sebulan "
                f"({_angka(s.sebelum)} ke {_angka(s.nilai)}).",
                **_nilai_seri(s),
            )


def skor_pencilan(riwayat: np.ndarray, nilai: float, settings: Settings = _DEFAULT) -> float | None:
    """How far ``nilai`` (this month's change) lies from the indicator's own history of changes
    (``settings.outlier_method``); None when the history cannot tell."""
    h = riwayat[~np.isnan(riwayat)]
    if len(h) < 6:  # too short a history to call anything unusual
        return None
    if settings.outlier_method == "modified_z":
        med = np.median(h)
        # floors keep rounding noise of steady series quiet: 5 % of the typical change, and half
        # a unit for a count (whole changes only: one report more or less is no outlier)
        mad = max(np.median(np.abs(h - med)), settings.outlier_floor_relative * abs(med))
        if mad == 0:
            return None  # no spread to judge against (e.g. a yearly statistic repeated monthly)
        if np.all(h == np.round(h)) and nilai == round(nilai):
            mad = max(mad, settings.outlier_floor_count)
        return float(0.6745 * (nilai - med) / mad)
    if settings.outlier_method == "z":
        sd = h.std(ddof=1)
        return None if sd == 0 else float((nilai - h.mean()) / sd)
    lo, hi = h.min(), h.max()  # minmax: outside the range seen before
    span = hi - lo
    if span == 0:
        return None
    return float(max(lo - nilai, nilai - hi, 0) / span * settings.outlier_threshold * 2)


@rule("Pencilan: perubahan bulan ini jauh dari kebiasaan", jenis="pencilan")
def pencilan(x: Inputs) -> Iterable[Finding]:
    for s in x.seri:
        d = s.perubahan
        if np.isnan(d[-1]):
            continue
        z = skor_pencilan(d[:-1], d[-1], x.settings)
        if z is not None and abs(z) > x.settings.outlier_threshold:
            yield temuan(
                s.kode_opd,
                f"Perubahan {s.kode_indikator} bulan ini ({_angka(d[-1])}) jauh dari "
                f"kebiasaannya (skor {_angka(z)}).",
                **_nilai_seri(s),
                skor=z,
            )


@rule("Konsistensi: realisasi keuangan kumulatif turun", jenis="konsistensi")
def keuangan_turun(x: Inputs) -> Iterable[Finding]:
    p = x.periode
    if p.bulan == 1:
        return
    ini, lalu = x.periode_teks, str(p.tambah(-1))
    kk = x.keuangan[x.keuangan["periode"].astype(str).isin([ini, lalu])]
    if not len(kk):
        return
    piv = kk.pivot_table(
        index=["kode_opd", "kode_kegiatan"], columns="periode", values="realisasi_keuangan"
    )
    if ini not in piv or lalu not in piv:
        return
    for (kode_opd, keg), row in piv[piv[ini] < piv[lalu]].iterrows():
        yield temuan(
            kode_opd,
            f"Realisasi keuangan kumulatif {keg} turun.",
            kode_kegiatan=keg,
            nilai=row[ini],
            nilai_sebelumnya=row[lalu],
        )


@rule("Kelengkapan: berkas kosong", jenis="kelengkapan")
def berkas_kosong(x: Inputs) -> Iterable[Finding]:
    """An OPD whose file in force for the month is blank: sent, but no value was loaded."""
    singkat = x.ref.opd.set_index("kode_opd")["singkatan"]
    for kode_opd in sorted(x.kosong):
        nama = singkat.get(kode_opd, kode_opd)
        yield temuan(
            kode_opd,
            f"{nama} mengirim berkas kosong untuk {x.periode.label}: tidak ada nilai yang "
            "dimuat; dihitung belum lapor.",
        )


@rule("Validitas: nilai perlu verifikasi", jenis="validitas")
def nilai_perlu_verifikasi(x: Inputs) -> Iterable[Finding]:
    """A value of the month far outside its own history or its target (methods.md §1,
    plausibility): left out of the means unless ``include_flagged_in_mean``."""
    if x.evaluasi is None:
        return
    ind = x.evaluasi.indikator
    hit = ind[ind["perlu_verifikasi"] & ~ind["dibawa"]]
    masuk = "ikut" if x.settings.include_flagged_in_mean else "tidak ikut"
    for r in hit.itertuples():
        yield temuan(
            str(r.kode_opd),
            f"{r.kode_indikator} perlu verifikasi: {r.alasan_verifikasi}; {masuk} dirata-rata.",
            kode_indikator=str(r.kode_indikator),
            nilai=float(r.realisasi_laporan),
        )


# Duplicates and sources


@rule("Duplikat: indikator dilaporkan lebih dari sekali", jenis="duplikat")
def indikator_ganda(x: Inputs) -> Iterable[Finding]:
    """The same OPD × indicator × period more than once (IKU aside: they may have two sources)."""
    r = x.realisasi_periode
    bukan_iku = r[r["kode_indikator"].map(x.level) != "IKU"]
    for (kode_opd, kode), n in bukan_iku.groupby(["kode_opd", "kode_indikator"]).size().items():
        if n > 1:
            yield temuan(
                kode_opd, f"{kode} dilaporkan {n} kali.", tingkat="galat", kode_indikator=kode
            )


@rule("Sumber ganda: dua sumber satu IKU berbeda", jenis="sumber_ganda")
def sumber_berbeda(x: Inputs) -> Iterable[Finding]:
    r = x.realisasi_periode
    batas = x.settings.source_tolerance_pct
    iku = r[r["kode_indikator"].map(x.level) == "IKU"].dropna(subset=["realisasi"])
    for (kode_opd, kode), g in iku.groupby(["kode_opd", "kode_indikator"]):
        if g["sumber_data"].nunique() < 2:
            continue
        lo, hi = g["realisasi"].min(), g["realisasi"].max()
        if lo > 0 and (hi - lo) / lo * 100 > batas:
            rincian = ", ".join(
                f"{s} {_angka(v)}" for s, v in zip(g["sumber_data"], g["realisasi"], strict=True)
            )
            yield temuan(
                kode_opd,
                f"{kode}: sumber berbeda lebih dari {batas:g} % ({rincian}).",
                kode_indikator=kode,
                nilai=hi,
                nilai_sebelumnya=lo,
            )


# ------------------------------------------------------------------------------ entry points


def periksa_kualitas(
    ref,
    berkas: pd.DataFrame,
    realisasi: pd.DataFrame,
    keuangan: pd.DataFrame,
    temuan_muat: pd.DataFrame,
    periode,
    settings: Settings = _DEFAULT,
    ev=None,
) -> pd.DataFrame:
    """Run every registered rule; one row per finding (columns ``KOLOM``), sorted by OPD, kind
    and indicator (rules' own order within those). ``ev``: the period's ``Evaluasi`` (with the
    submissions' status) when the caller has it."""
    x = Inputs.of(ref, berkas, realisasi, keuangan, temuan_muat, periode, settings, ev)
    rows = [f for r in RULES.values() for f in temuan_aturan(r, x)]
    return (
        _frame(rows)
        .sort_values(["kode_opd", "jenis", "kode_indikator"], na_position="last")
        .reset_index(drop=True)
    )


def skor_kualitas(
    ref,
    berkas: pd.DataFrame,
    realisasi: pd.DataFrame,
    kualitas: pd.DataFrame,
    periode,
    settings: Settings = _DEFAULT,
    ev=None,
) -> pd.DataFrame:
    """Per OPD: the data-quality score and its parts (data-quality.md §1), and the rank.

    - ``skor_kelengkapan``: 100 × the values due this month that arrived / the values due
      (100 when none is due and a file came; 0 without a usable file);
    - ``skor_ketepatan``: 100 on time, less ``quality_points_per_day_late`` per day late, at
      least 0; 0 without a usable file;
    - ``skor_validitas``: 100 × the values received without a finding / the values received
      (100 when a file came with none due; 0 without a usable file);
    - ``skor``: their weighted mean (``quality_weights``: kelengkapan 50 %, ketepatan 25 %,
      validitas 25 % by default), so a complete file two days late scores 95, no file 0.
    Also diharapkan, diterima, tepat_waktu, lolos (received, on time, no finding), temuan,
    status_laporan, hari_terlambat."""
    p = Periode.parse(periode)
    r = realisasi[(realisasi["periode"].astype(str) == str(p)) & realisasi["realisasi"].notna()]
    ind = ref.indikator
    frek = ind["frekuensi"] if "frekuensi" in ind else pd.Series(None, index=ind.index)
    due = jatuh_tempo(p.bulan, bulan_frekuensi(frek.to_numpy()))
    if ev is not None:
        lap = ev.laporan[ev.laporan["periode"] == str(p)].set_index("kode_opd")
    else:  # every OPD with a file is taken as usable
        lap = None
    batas = pd.Timestamp(p.batas_kirim(settings.deadline_day))
    bp = berkas[berkas["periode"].astype(str) == str(p)]
    terima_file = bp.groupby("kode_opd")["diterima"].max() if len(bp) else pd.Series(dtype=object)
    w_leng, w_tepat, w_valid = settings.quality_weights
    rows = []
    for row in ref.opd.itertuples():
        harap = set(ind.loc[(ind["kode_opd"] == row.kode_opd) & due, "kode_indikator"])
        terima = harap & set(r.loc[r["kode_opd"] == row.kode_opd, "kode_indikator"])
        f = kualitas[kualitas["kode_opd"] == row.kode_opd]
        bermasalah = set(f["kode_indikator"].dropna())
        if lap is not None and row.kode_opd in lap.index:
            status = str(lap.loc[row.kode_opd, "status_laporan"])
        else:
            status = "lengkap" if row.kode_opd in terima_file.index else "tidak lapor"
        usable = status in ("lengkap", "sebagian")
        hari = np.nan
        if row.kode_opd in terima_file.index and pd.notna(terima_file[row.kode_opd]):
            hari = max((pd.Timestamp(terima_file[row.kode_opd]).normalize() - batas).days, 0)
        telat = bool(hari > 0) if not np.isnan(hari) else False
        if not usable:
            leng = tepat = valid = 0.0
        else:
            leng = 100.0 * len(terima) / len(harap) if harap else 100.0
            tepat = (
                100.0
                if not telat
                else max(0.0, 100.0 - settings.quality_points_per_day_late * hari)
            )
            valid = 100.0 * len(terima - bermasalah) / len(terima) if terima else 100.0
        skor = (w_leng * leng + w_tepat * tepat + w_valid * valid) / (w_leng + w_tepat + w_valid)
        rows.append(
            dict(
                kode_opd=row.kode_opd,
                singkatan=row.singkatan,
                status_laporan=status,
                diharapkan=len(harap),
                diterima=len(terima),
                tepat_waktu=usable and not telat,
                hari_terlambat=hari,
                lolos=len(terima - bermasalah) if usable and not telat else 0,
                temuan=len(f),
                skor_kelengkapan=leng,
                skor_ketepatan=tepat,
                skor_validitas=valid,
                skor=skor,
            )
        )
    out = pd.DataFrame(rows)
    out["hari_terlambat"] = pd.array(out["hari_terlambat"], dtype="Int64")
    out["peringkat"] = out["skor"].rank(ascending=False, method="min").astype("Int64")
    return out.sort_values(["peringkat", "singkatan"]).reset_index(drop=True)
