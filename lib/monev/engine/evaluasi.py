"""The one entry point reports and the explorer call: ``evaluasi(...) -> Evaluasi``.

    from monev.engine.evaluasi import evaluasi
    ev = evaluasi(ref, realisasi, keuangan, tindak_lanjut, "2026-02", settings)

Inputs: ``ref`` a ``monev.data.reference.Referensi`` (opd, indikator, target, anggaran,
iku_riwayat) and the store tables ``realisasi``, ``keuangan``, ``tindak_lanjut`` as DataFrames
(schemas in ``monev.model.schemas``; extra columns are ignored, ``sha256``/``kendala`` not needed).
Pure: no file is read. Rules and assumptions: ``capaian`` (formulas), ``periode_target`` (period
targets and values by sifat), ``budget``, ``trends``, ``lintas``, ``tindak_lanjut`` modules.

Frames of ``Evaluasi`` (names are stable; new columns may be added):

``riwayat`` — one row per (kode_opd, kode_indikator) key × month, from January of the earliest
year with realisasi (at least January of the period's year) to ``periode``; keys are the
indicators with a responsible OPD plus every (OPD, indicator) pair found in realisasi.
Columns: kode_opd, kode_indikator, periode (``YYYY-MM``), tahun, bulan, singkatan, nama_opd,
asisten, nama_indikator, satuan, level, polaritas, arah_rentang, sifat, kode_iku, bobot,
sumber_data (source of the value used), realisasi_laporan (the month's own reported value),
realisasi (the period value by sifat, used for capaian), target, target_bawah, target_atas (the
month's target; bounds for range targets), target_tahunan, target_tahunan_bawah,
target_tahunan_atas, sumber_target, capaian (float, NaN = not computable), alasan (why not, else
NA), predikat (ordered categorical of band labels), perubahan_mom, perubahan_yoy (capaian points
against the previous month / the same month a year earlier), kemiringan (capaian points per
month over the last ``trend_window`` months), arah_tren (naik / turun / stabil / NA).
String columns are categoricals (cheap at 10^7 rows).

``indikator`` — the rows of ``riwayat`` at ``periode`` (one per key), plus: proyeksi_akhir_tahun
(kumulatif only: realisasi × 12 / bulan), capaian_proyeksi (against target_tahunan),
peringatan_dini (kumulatif whose projection misses the annual target: capaian_proyeksi < 100),
beda_band (negatif only: 2T−R and T/R give different predikat).

``opd`` — one row per OPD (master list plus OPDs met in the data): kode_opd, singkatan,
nama_opd, asisten, rata_capaian, predikat, jumlah_indikator, jumlah_dihitung,
tidak_dapat_dihitung, jumlah_ST … jumlah_SR (one per band ``singkat``), perubahan_mom,
kemiringan, arah_tren (of the OPD's monthly mean capaian), budget columns of
``budget.keuangan_opd`` (pagu, rencana_kumulatif, realisasi_keuangan, realisasi_keuangan_pct,
target_keuangan_pct, deviasi_keuangan, realisasi_fisik, target_fisik, deviasi_fisik,
lampu_keuangan, lampu_fisik, milestone_bulan, milestone_target, memenuhi_milestone,
proyeksi_keuangan_pct, peringatan_serapan, kegiatan_dilaporkan, kegiatan_tanpa_laporan,
peringkat_tepra), kuadran (capaian kinerja × serapan), tl_jumlah, tl_terbuka, tl_terlambat,
tl_selesai, tl_dibawa.

``asisten`` — one row per Asisten (I, II, III): the roll-up columns (rata_capaian … jumlah_SR),
perubahan_mom, kemiringan, arah_tren, and budget totals (pagu, rencana_kumulatif,
realisasi_keuangan, realisasi_keuangan_pct, target_keuangan_pct, deviasi_keuangan,
realisasi_fisik, target_fisik, deviasi_fisik, lampu_keuangan, lampu_fisik), jumlah_opd.
``kabupaten`` — one row, same columns as ``asisten`` without ``asisten``, plus milestone_bulan,
milestone_target, memenuhi_milestone, proyeksi_keuangan_pct, peringatan_serapan.

``iku`` — one row per IKU (``lintas.ringkas_iku``); ``iku_seri`` — the IKU yearly series
(``lintas.seri_iku``); ``lintas`` — supporting indicators of every IKU (``lintas.pendukung``).
``kegiatan`` — budget lines of the year (``budget.keuangan_kegiatan``).
``tindak_lanjut`` — follow-up items (``tindak_lanjut.status_tindak_lanjut``).
``periode`` (``YYYY-MM``) and ``settings`` are kept on the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from monev.engine import budget as bud
from monev.engine import lintas as lin
from monev.engine import tindak_lanjut as tl_mod
from monev.engine.capaian import ALASAN_TANPA_REALISASI, hitung_capaian, predikat, tahu_beda_band
from monev.engine.periode_target import bulan_ke, nilai_periode, periode_teks, target_periode
from monev.engine.rollup import rata_per_grup, rollup
from monev.engine.trends import arah_tren, kemiringan, perubahan, proyeksi_akhir_tahun
from monev.model.periode import Periode
from monev.model.settings import Settings

_DEFAULT = Settings()

KEY = ["kode_opd", "kode_indikator"]
_ATRIBUT_INDIKATOR = [
    "nama_indikator", "satuan", "level", "polaritas", "arah_rentang", "sifat", "kode_iku",
    "bobot", "sumber_utama",
]  # fmt: skip
_ATRIBUT_OPD = ["singkatan", "nama_opd", "asisten"]


@dataclass(frozen=True)
class Evaluasi:
    periode: str
    settings: Settings
    indikator: pd.DataFrame
    riwayat: pd.DataFrame
    opd: pd.DataFrame
    asisten: pd.DataFrame
    kabupaten: pd.DataFrame
    iku: pd.DataFrame
    iku_seri: pd.DataFrame
    lintas: pd.DataFrame
    kegiatan: pd.DataFrame
    tindak_lanjut: pd.DataFrame
    catatan: tuple[str, ...] = field(default=())


def _kunci(ref_indikator: pd.DataFrame, realisasi: pd.DataFrame) -> pd.DataFrame:
    """The (OPD, indicator) keys: responsible OPDs plus pairs seen in realisasi."""
    a = ref_indikator.loc[ref_indikator["kode_opd"].notna(), KEY]
    known = set(ref_indikator["kode_indikator"])
    b = realisasi[KEY].drop_duplicates()
    b = b[b["kode_indikator"].isin(known)]
    keys = pd.concat([a, b], ignore_index=True).astype(str).drop_duplicates()
    return keys.sort_values(KEY).reset_index(drop=True)


def _pilih_realisasi(r: pd.DataFrame, pos: np.ndarray, utama: pd.Series) -> np.ndarray:
    """Indices (into r) of the row to use for each grid position with several sources.

    sumber_utama set → only that source counts; else non-empty values first, then the source
    name alphabetically."""
    src = r["sumber_data"].astype(str).str.strip().str.casefold()
    u = utama.astype(str).str.strip().str.casefold()
    pakai = utama.isna().to_numpy() | (src.to_numpy() == u.to_numpy())
    kosong = r["realisasi"].isna().to_numpy()
    order = np.lexsort((src.to_numpy(), kosong, pos))
    order = order[pakai[order]]
    sp = pos[order]
    first = np.ones(len(sp), dtype=bool)
    first[1:] = sp[1:] != sp[:-1]
    return order[first]


def susun_riwayat(
    ref, realisasi: pd.DataFrame, periode: Periode | str, settings: Settings = _DEFAULT
) -> pd.DataFrame:
    """The long key × month frame (see module docstring, ``riwayat``)."""
    p = Periode.parse(periode)
    akhir = p.tahun * 12 + p.bulan - 1
    ind_ref = ref.indikator.drop_duplicates("kode_indikator").set_index("kode_indikator")
    r = realisasi
    rb = bulan_ke(r["periode"])
    r = r[(rb <= akhir) & (rb >= 0)]
    rb = rb[(rb <= akhir) & (rb >= 0)]
    awal = min(p.tahun, int(rb.min() // 12) if len(rb) else p.tahun) * 12
    M = akhir - awal + 1

    keys = _kunci(ref.indikator, r)
    nk = len(keys)
    opd_cat = pd.Categorical(keys["kode_opd"])
    ind_cat = pd.Categorical(keys["kode_indikator"])
    # each realisasi row → key number, through integer codes (no string merge)
    k_code = opd_cat.codes.astype(np.int64) * len(ind_cat.categories) + ind_cat.codes
    ro = opd_cat.categories.get_indexer(r["kode_opd"].astype(str))
    ri = ind_cat.categories.get_indexer(r["kode_indikator"].astype(str))
    rcode = ro.astype(np.int64) * len(ind_cat.categories) + ri
    rkey = np.searchsorted(k_code, rcode)  # keys are sorted, so k_code is too
    ok = (ro >= 0) & (ri >= 0) & (nk > 0)
    if nk:
        ok &= k_code[np.minimum(rkey, nk - 1)] == rcode
    r = r[ok]
    rpos = rkey[ok] * M + (rb[ok] - awal)

    utama = r["kode_indikator"].map(ind_ref["sumber_utama"])
    if len(np.unique(rpos)) != len(rpos) or utama.notna().any():
        pilih = _pilih_realisasi(r, rpos, utama)
        r = r.iloc[pilih]
        rpos = rpos[pilih]

    N = nk * M
    key_idx = np.repeat(np.arange(nk), M)
    bulan_idx = np.tile(np.arange(awal, akhir + 1), nk)
    nilai_lapor = np.full(N, np.nan)
    nilai_lapor[rpos] = r["realisasi"].to_numpy(dtype=float, na_value=np.nan)
    alasan_kosong = np.full(N, None, dtype=object)
    if "alasan_kosong" in r:
        alasan_kosong[rpos] = (
            r["alasan_kosong"].astype(object).where(r["alasan_kosong"].notna(), None).to_numpy()
        )
    sumber_kode = np.full(N, -1, dtype=np.int64)
    sumber_cat = pd.Categorical(r["sumber_data"].astype(str))
    sumber_kode[rpos] = sumber_cat.codes

    def per_key(values) -> pd.Categorical | np.ndarray:
        arr = pd.Categorical(values)
        return pd.Categorical.from_codes(arr.codes[key_idx], categories=arr.categories)

    attrs = ind_ref.reindex(keys["kode_indikator"])
    opd_ref = ref.opd.drop_duplicates("kode_opd").set_index("kode_opd").reindex(keys["kode_opd"])
    out = pd.DataFrame(
        {
            "kode_opd": pd.Categorical.from_codes(opd_cat.codes[key_idx], opd_cat.categories),
            "kode_indikator": pd.Categorical.from_codes(ind_cat.codes[key_idx], ind_cat.categories),
            "periode": pd.Categorical(periode_teks(bulan_idx)),
            "tahun": (bulan_idx // 12).astype(np.int64),
            "bulan": (bulan_idx % 12 + 1).astype(np.int64),
        }
    )
    for c in _ATRIBUT_OPD:
        out[c] = per_key(opd_ref[c].to_numpy())
    for c in _ATRIBUT_INDIKATOR:
        if c == "bobot":
            out[c] = attrs[c].to_numpy(dtype=float, na_value=np.nan)[key_idx]
        elif c != "sumber_utama":
            out[c] = per_key(attrs[c].to_numpy())
    out["sumber_data"] = pd.Categorical.from_codes(sumber_kode, sumber_cat.categories)
    out["realisasi_laporan"] = nilai_lapor

    sifat = attrs["sifat"].astype(str).to_numpy()[key_idx]
    key_awal = key_idx * M
    grup_awal = key_awal + np.maximum((bulan_idx // 12) * 12 - awal, 0)
    out["realisasi"] = nilai_periode(nilai_lapor, grup_awal, sifat)

    tgt = target_periode(
        out["kode_indikator"], out["kode_opd"], bulan_idx, sifat == "kumulatif",
        ref.target, ref.anggaran, settings,
    )  # fmt: skip
    for c in tgt.columns:
        out[c] = tgt[c].to_numpy()

    pol = attrs["polaritas"].astype(str).to_numpy()[key_idx]
    arah = attrs["arah_rentang"].astype(object).to_numpy()[key_idx]
    cap = hitung_capaian(
        out["target"].to_numpy(), out["realisasi"].to_numpy(), pol,
        target_bawah=out["target_bawah"].to_numpy(), target_atas=out["target_atas"].to_numpy(),
        arah_rentang=arah, settings=settings,
    )  # fmt: skip
    alasan = cap["alasan"].to_numpy(dtype=object)
    kosong = (alasan == ALASAN_TANPA_REALISASI) & pd.notna(alasan_kosong)
    if kosong.any():
        alasan = alasan.copy()
        alasan[kosong] = [
            f"tidak dapat dihitung: realisasi kosong ({a})" for a in alasan_kosong[kosong]
        ]
    capaian = cap["capaian"].to_numpy()
    out["capaian"] = capaian
    out["alasan"] = pd.Categorical(alasan)
    out["predikat"] = predikat(capaian, settings).to_numpy()
    out["perubahan_mom"] = perubahan(capaian, key_awal, 1)
    out["perubahan_yoy"] = perubahan(capaian, key_awal, 12)
    slope, _ = kemiringan(capaian, key_awal, settings.trend_window)
    out["kemiringan"] = slope
    out["arah_tren"] = arah_tren(slope, settings.trend_tolerance)
    return out


def _tren_grup(
    riwayat: pd.DataFrame, kolom: str | None, periode: Periode, settings: Settings
) -> pd.DataFrame:
    """Monthly mean capaian per group (or the regency when kolom is None): the value at the
    period, its month-on-month change, slope and direction over the last trend_window months."""
    b = (riwayat["tahun"].to_numpy() * 12 + riwayat["bulan"].to_numpy() - 1).astype(np.int64)
    awal = int(b.min()) if len(b) else 0
    M = int(b.max()) - awal + 1 if len(b) else 1
    if kolom is None:
        kat = pd.Categorical(np.zeros(len(riwayat), dtype=np.int64))
    else:
        kat = pd.Categorical(riwayat[kolom])
    codes = kat.codes.astype(np.int64)
    valid = codes >= 0
    ng = len(kat.categories)
    grup = codes[valid] * M + (b[valid] - awal)
    rata = rata_per_grup(
        riwayat["capaian"].to_numpy()[valid], riwayat["bobot"].to_numpy()[valid], grup,
        ng * M, settings,
    )  # fmt: skip
    g_awal = np.repeat(np.arange(ng) * M, M)
    mom = perubahan(rata, g_awal, 1)
    slope, _ = kemiringan(rata, g_awal, settings.trend_window)
    last = np.arange(ng) * M + (M - 1)
    out = pd.DataFrame(
        {
            "perubahan_mom": mom[last],
            "kemiringan": slope[last],
            "arah_tren": arah_tren(slope[last], settings.trend_tolerance),
        }
    )
    if kolom is not None:
        out.insert(0, kolom, np.asarray(kat.categories, dtype=object))
    return out


_BUDGET_TOTAL = [
    "pagu", "rencana_kumulatif", "realisasi_keuangan", "realisasi_keuangan_pct",
    "target_keuangan_pct", "deviasi_keuangan", "realisasi_fisik", "target_fisik",
    "deviasi_fisik", "lampu_keuangan", "lampu_fisik",
]  # fmt: skip


def evaluasi(
    ref,
    realisasi: pd.DataFrame,
    keuangan: pd.DataFrame,
    tindak_lanjut: pd.DataFrame,
    periode: Periode | str,
    settings: Settings = _DEFAULT,
) -> Evaluasi:
    """Evaluate every indicator, OPD, Asisten and the regency at ``periode`` (pure)."""
    p = Periode.parse(periode)
    riwayat = susun_riwayat(ref, realisasi, p, settings)

    # -- indicators at the period
    ind = riwayat[riwayat["periode"] == str(p)].reset_index(drop=True)
    for c in ind.columns:
        if isinstance(ind[c].dtype, pd.CategoricalDtype) and c not in ("predikat", "arah_tren"):
            ind[c] = ind[c].cat.remove_unused_categories()
    kum = (ind["sifat"].astype(str) == "kumulatif").to_numpy()
    proj = np.where(kum, proyeksi_akhir_tahun(ind["realisasi"], p.bulan), np.nan)
    ind["proyeksi_akhir_tahun"] = proj
    cp = hitung_capaian(
        ind["target_tahunan"].to_numpy(), proj, ind["polaritas"].astype(str).to_numpy(),
        target_bawah=ind["target_tahunan_bawah"].to_numpy(),
        target_atas=ind["target_tahunan_atas"].to_numpy(),
        arah_rentang=ind["arah_rentang"].astype(object).to_numpy(), settings=settings,
    )  # fmt: skip
    ind["capaian_proyeksi"] = cp["capaian"].to_numpy()
    ind["peringatan_dini"] = kum & (ind["capaian_proyeksi"] < 100.0).to_numpy()
    negatif = (ind["polaritas"].astype(str) == "negatif").to_numpy()
    beda = tahu_beda_band(ind["target"].to_numpy(), ind["realisasi"].to_numpy(), settings)
    ind["beda_band"] = negatif & beda.to_numpy()

    # -- OPD
    opd_master = ref.opd[["kode_opd", *_ATRIBUT_OPD]].astype(str)
    seen = pd.DataFrame({"kode_opd": np.asarray(ind["kode_opd"].cat.categories, dtype=object)})
    base = pd.concat([opd_master, seen[~seen["kode_opd"].isin(opd_master["kode_opd"])]])
    r_opd = rollup(ind.assign(kode_opd=ind["kode_opd"].astype(str)), ["kode_opd"], settings)
    opd = base.merge(r_opd, on="kode_opd", how="left")
    opd = opd.merge(
        _tren_grup(riwayat, "kode_opd", p, settings).astype({"kode_opd": str}),
        on="kode_opd",
        how="left",
    )
    kegiatan = bud.keuangan_kegiatan(ref.anggaran, keuangan, p)
    k_opd = bud.keuangan_opd(ref.anggaran, keuangan, p, settings, kegiatan=kegiatan)
    opd = opd.merge(k_opd, on="kode_opd", how="left")
    opd["kuadran"] = bud.kuadran(opd["rata_capaian"], opd["deviasi_keuangan"], settings)
    tl = tl_mod.status_tindak_lanjut(tindak_lanjut, p)
    tl_sum = tl_mod.ringkas_tindak_lanjut(tl)
    opd = opd.merge(tl_sum, on="kode_opd", how="left")
    for c in ("tl_jumlah", "tl_terbuka", "tl_terlambat", "tl_selesai", "tl_dibawa",
              "jumlah_indikator", "jumlah_dihitung", "tidak_dapat_dihitung"):  # fmt: skip
        if c in opd:
            opd[c] = opd[c].fillna(0).astype(np.int64)
    opd = opd.sort_values("kode_opd").reset_index(drop=True)

    # -- Asisten and regency: roll-up of indicators, budget totals of their OPDs
    asis_of = opd_master.set_index("kode_opd")["asisten"]
    keg_as = kegiatan.assign(asisten=kegiatan["kode_opd"].map(asis_of))
    asisten = rollup(ind.assign(asisten=ind["asisten"].astype(object)), ["asisten"], settings)
    asisten = asisten.merge(_tren_grup(riwayat, "asisten", p, settings), on="asisten", how="left")
    b_as = bud.keuangan_opd(ref.anggaran, keuangan, p, settings, by="asisten", kegiatan=keg_as)
    asisten = asisten.merge(b_as[["asisten", *_BUDGET_TOTAL]], on="asisten", how="outer")
    jumlah_opd = opd_master.groupby("asisten").size().rename("jumlah_opd")
    asisten = asisten.merge(jumlah_opd, left_on="asisten", right_index=True, how="left")
    asisten = asisten.sort_values("asisten").reset_index(drop=True)

    kab = rollup(ind, None, settings)
    t = _tren_grup(riwayat, None, p, settings)
    for c in t.columns:
        kab[c] = t[c].to_numpy()
    b_kab = bud.keuangan_opd(
        ref.anggaran, keuangan, p, settings, by="_semua", kegiatan=kegiatan.assign(_semua="Kab")
    )
    for c in [*_BUDGET_TOTAL, "milestone_bulan", "milestone_target", "memenuhi_milestone",
              "proyeksi_keuangan_pct", "peringatan_serapan"]:  # fmt: skip
        kab[c] = b_kab[c].to_numpy()[:1] if len(b_kab) else np.nan
    kab["jumlah_opd"] = len(opd)
    opd = opd.astype(
        {c: "Int64" for c in ("kegiatan_dilaporkan", "kegiatan_tanpa_laporan", "peringkat_tepra")}
    )

    # -- IKU and cross-sector
    seri = lin.seri_iku(ref.indikator, ref.target, ref.iku_riwayat, riwayat, p, settings)
    iku = lin.ringkas_iku(ref.indikator, ref.target, seri, ind, p, settings)
    lintas = lin.pendukung(ind, ref.indikator)

    return Evaluasi(
        periode=str(p),
        settings=settings,
        indikator=ind,
        riwayat=riwayat,
        opd=opd,
        asisten=asisten,
        kabupaten=kab,
        iku=iku,
        iku_seri=seri,
        lintas=lintas,
        kegiatan=kegiatan,
        tindak_lanjut=tl,
        catatan=(settings.uraian(),),
    )
