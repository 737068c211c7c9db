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
month over the last ``trend_window`` months), arah_tren (membaik / memburuk / stabil / NA, ``trends``).
Issue 13 columns: periode_nilai (``YYYY-MM`` of the value used, NA when none), dibawa (a value of
an earlier month: by the indicator's ``frekuensi``, or a level the OPD did not update in a month
it reported), jatuh_tempo (a value is due this month), perlu_verifikasi and alasan_verifikasi
(plausibility, ``kewajaran``), dalam_rata (counts in the means: a capaian, the OPD reported the
month, not flagged unless ``include_flagged_in_mean``). Module ``status`` and ``periode_target.
sumber_nilai`` state the rules.
String columns are categoricals (cheap at 10^7 rows).

``indikator`` — the rows of ``riwayat`` at ``periode`` (one per key), plus: proyeksi_akhir_tahun
(kumulatif only: realisasi × 12 / bulan), capaian_proyeksi (against target_tahunan),
peringatan_dini (kumulatif whose projection misses the annual target: capaian_proyeksi < 100),
beda_band (negatif only: 2T−R and T/R give different predikat), kendala (the obstacles noted
with the value used, from realisasi.kendala; NA when none).

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

The OPD frame also has status_laporan, terlambat, hari_terlambat (of the month, ``laporan``),
diperingkat (reported and a mean: the OPDs a ranking may show), nilai_ditandai, nilai_dibawa.
An OPD whose month is kosong or tidak lapor has rata_capaian NaN, predikat / trend / budget
realisasi columns (realisasi_keuangan*, realisasi_fisik, deviasi_*, lampu_*, peringkat_tepra,
memenuhi_milestone, proyeksi_keuangan_pct, peringatan_serapan) NA; pagu stays.

``laporan`` — one row per OPD × month of ``riwayat``'s range (``status.laporan``): kode_opd,
periode, status_laporan (lengkap / sebagian / kosong / tidak lapor), terlambat, hari_terlambat,
diterima, nilai_diharapkan, nilai_diterima.

``asisten`` — one row per Asisten (I, II, III), over the OPDs that reported the month
(jumlah_opd_lapor, jumlah_opd_belum_lapor): the roll-up columns (rata_capaian … jumlah_SR),
perubahan_mom, kemiringan, arah_tren, and budget totals (pagu, rencana_kumulatif,
realisasi_keuangan, realisasi_keuangan_pct, target_keuangan_pct, deviasi_keuangan,
realisasi_fisik, target_fisik, deviasi_fisik, lampu_keuangan, lampu_fisik), jumlah_opd.
``kabupaten`` — one row, same columns as ``asisten`` without ``asisten``, plus milestone_bulan,
milestone_target, memenuhi_milestone, proyeksi_keuangan_pct, peringatan_serapan.

``iku`` — one row per IKU (``lintas.ringkas_iku``); ``iku_seri`` — the IKU yearly series
(``lintas.seri_iku``); ``lintas`` — supporting indicators of every IKU (``lintas.pendukung``).
``kegiatan`` — budget lines of the year (``budget.keuangan_kegiatan``).
``tindak_lanjut`` — follow-up items (``tindak_lanjut.status_tindak_lanjut``) with singkatan and
nama_opd after kode_opd.
``triwulan`` — the quarterly view of ``riwayat`` (``periode_target.tampilan_triwulan``): the rows
of each quarter's last month (and of ``periode`` for the quarter in progress) with ``triwulan``.
``catatan`` — notes for the report footnote (the settings in force, ``Settings.uraian()``).
``periode`` (``YYYY-MM``) and ``settings`` are kept on the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from monev.engine import budget as bud
from monev.engine import lintas as lin
from monev.engine import status as st
from monev.engine import tindak_lanjut as tl_mod
from monev.engine.capaian import (
    ALASAN,
    ALASAN_TANPA_REALISASI,
    arah_negatif,
    band_differs_by_formula,
    bulatkan_target,
    hitung_capaian,
    hitung_kode,
    predikat,
    satuan_cacah,
)
from monev.engine.kewajaran import kewajaran
from monev.engine.periode_target import (
    bulan_ke,
    nilai_periode_kode,
    periode_teks,
    sumber_nilai,
    tampilan_triwulan,
    target_periode,
)
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
    triwulan: pd.DataFrame
    laporan: pd.DataFrame
    catatan: tuple[str, ...] = field(default=())


def _factorize(values) -> tuple[np.ndarray, np.ndarray]:
    """Codes and distinct values as text (each string column is hashed once)."""
    codes, uniq = pd.factorize(pd.Series(values), use_na_sentinel=True)
    return codes.astype(np.int64), np.asarray(uniq, dtype=object).astype(str)


def _pick_rows(pos: np.ndarray, kosong: np.ndarray, src_rank: np.ndarray, pakai: np.ndarray):
    """Index of the row to use for each grid position with several candidate rows: rows with
    pakai only; non-empty values first, then the source name alphabetically."""
    order = np.lexsort((src_rank, kosong, pos))
    order = order[pakai[order]]
    sp = pos[order]
    first = np.ones(len(sp), dtype=bool)
    first[1:] = sp[1:] != sp[:-1]
    return order[first]


def susun_riwayat(
    ref,
    realisasi: pd.DataFrame,
    periode: Periode | str,
    settings: Settings = _DEFAULT,
    kiriman: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The long key × month frame (see module docstring, ``riwayat``)."""
    return _susun(ref, realisasi, periode, settings, kiriman)[0]


def _susun(
    ref,
    realisasi: pd.DataFrame,
    periode: Periode | str,
    settings: Settings = _DEFAULT,
    kiriman: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``riwayat`` and ``laporan`` (the status of every OPD-month of its range)."""
    p = Periode.parse(periode)
    akhir = p.tahun * 12 + p.bulan - 1
    ind_ref = ref.indikator.drop_duplicates("kode_indikator").set_index("kode_indikator")
    ind_ref.index = ind_ref.index.astype(str)

    # realisasi: codes of every string column, computed once on the whole table
    rb = bulan_ke(realisasi["periode"])
    co, uo = _factorize(realisasi["kode_opd"])
    ci, ui = _factorize(realisasi["kode_indikator"])
    dikenal_i = pd.Index(ui).isin(ind_ref.index)
    valid = (rb >= 0) & (rb <= akhir) & (co >= 0) & (ci >= 0)
    valid &= np.append(dikenal_i, False)[ci]
    sel = np.flatnonzero(valid)
    rb, co, ci = rb[sel], co[sel], ci[sel]
    awal = min(p.tahun, int(rb.min()) // 12 if len(rb) else p.tahun) * 12
    M = akhir - awal + 1

    # keys: responsible OPD of each indicator, plus every pair met in realisasi
    pair = pd.unique(co * max(len(ui), 1) + ci)
    seen = pd.DataFrame({"kode_opd": uo[pair // max(len(ui), 1)],
                         "kode_indikator": ui[pair % max(len(ui), 1)]})  # fmt: skip
    own = ref.indikator.loc[ref.indikator["kode_opd"].notna(), KEY].astype(str)
    keys = pd.concat([own, seen], ignore_index=True).drop_duplicates()
    keys = keys.sort_values(KEY).reset_index(drop=True)
    nk = len(keys)
    opd_cat = pd.Categorical(keys["kode_opd"])
    ind_cat = pd.Categorical(keys["kode_indikator"])
    ni = max(len(ind_cat.categories), 1)
    k_code = opd_cat.codes.astype(np.int64) * ni + ind_cat.codes  # sorted, as keys are
    rcode = (
        opd_cat.categories.get_indexer(uo)[co].astype(np.int64) * ni
        + ind_cat.categories.get_indexer(ui)[ci]
    )
    rkey = np.searchsorted(k_code, rcode)
    rpos = rkey * M + (rb - awal)
    # OPDs of the status table: the master list and every OPD of the keys
    opd_all = pd.Index(
        sorted(set(ref.opd["kode_opd"].astype(str)) | set(opd_cat.categories.astype(str)))
    )
    no = len(opd_all)
    key_o = opd_all.get_indexer(opd_cat.categories.astype(str))[opd_cat.codes].astype(np.int64)
    baris_om = np.unique(opd_all.get_indexer(uo)[co].astype(np.int64) * M + (rb - awal))

    nilai_r = realisasi["realisasi"].to_numpy(dtype=float, na_value=np.nan)[sel]
    sumber = (
        realisasi["sumber_data"] if "sumber_data" in realisasi else pd.Series("", realisasi.index)
    )
    cs, us = _factorize(sumber.fillna(""))
    cs = cs[sel]
    utama_i = ind_ref["sumber_utama"].reindex(ui)
    dobel = len(rpos) > 0 and np.bincount(rpos).max() > 1
    if dobel or utama_i.notna().any():
        us_norm = pd.Series(us).str.strip().str.casefold()
        src_rank = np.append(us_norm.rank(method="dense").to_numpy(), 0)[cs]
        u_norm = utama_i.astype(object).where(utama_i.notna(), None)
        u_norm = np.array(
            [None if u is None else str(u).strip().casefold() for u in u_norm], dtype=object
        )
        utama_row = u_norm[ci]
        ada_utama = pd.notna(utama_row)
        src_row = np.append(us_norm.to_numpy(dtype=object), "")[cs]
        pakai = ~ada_utama | (src_row == utama_row)
        pilih = _pick_rows(rpos, np.isnan(nilai_r), src_rank, pakai)
        sel, rpos, nilai_r, cs = sel[pilih], rpos[pilih], nilai_r[pilih], cs[pilih]

    N = nk * M
    key_idx = np.repeat(np.arange(nk), M)
    bulan_idx = np.tile(np.arange(awal, akhir + 1), nk)
    nilai_lapor = np.full(N, np.nan)
    nilai_lapor[rpos] = nilai_r
    sumber_kode = np.full(N, -1, dtype=np.int64)
    sumber_kode[rpos] = cs
    # why a value is empty, only for the (few) empty rows
    kosong_pos = rpos[np.isnan(nilai_r)]
    kosong_teks = np.full(len(kosong_pos), None, dtype=object)
    if "alasan_kosong" in realisasi and len(kosong_pos):
        ak = realisasi["alasan_kosong"].iloc[sel[np.isnan(nilai_r)]]
        kosong_teks = ak.astype(object).where(ak.notna(), None).to_numpy()

    def per_key(values) -> pd.Categorical:
        arr = pd.Categorical(values)
        return pd.Categorical.from_codes(arr.codes[key_idx], categories=arr.categories)

    attrs = ind_ref.reindex(keys["kode_indikator"])
    opd_ref = ref.opd.drop_duplicates("kode_opd").set_index("kode_opd").reindex(keys["kode_opd"])
    out = pd.DataFrame(
        {
            "kode_opd": pd.Categorical.from_codes(opd_cat.codes[key_idx], opd_cat.categories),
            "kode_indikator": pd.Categorical.from_codes(ind_cat.codes[key_idx], ind_cat.categories),
            "periode": pd.Categorical.from_codes(
                bulan_idx - awal, categories=periode_teks(np.arange(awal, akhir + 1))
            ),
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
    out["sumber_data"] = pd.Categorical.from_codes(sumber_kode, categories=pd.Index(us))
    out["realisasi_laporan"] = nilai_lapor

    sifat_k = attrs["sifat"].astype(str).to_numpy()
    key_awal = key_idx * M
    grup_awal = key_awal + np.maximum((bulan_idx // 12) * 12 - awal, 0)
    sifat = pd.Categorical.from_codes(
        pd.Categorical(sifat_k, categories=["kumulatif", "terakhir", "rata-rata"]).codes[key_idx],
        categories=["kumulatif", "terakhir", "rata-rata"],
    )
    kode_sifat = sifat.codes

    # values due by the reporting frequency; the status of every OPD-month
    frek = attrs["frekuensi"] if "frekuensi" in attrs else pd.Series(None, index=attrs.index)
    panjang = st.bulan_frekuensi(frek.to_numpy())[key_idx]
    tempo = st.jatuh_tempo(bulan_idx % 12 + 1, panjang)
    ada = ~np.isnan(nilai_lapor)
    milik_k = attrs["kode_opd"].astype(object).to_numpy() == keys["kode_opd"].to_numpy()
    om = key_o[key_idx] * M + (bulan_idx - awal)
    harap = tempo & milik_k[key_idx]
    label_bulan = periode_teks(np.arange(awal, akhir + 1))
    laporan = st.laporan(
        np.asarray(opd_all, dtype=object), np.arange(awal, akhir + 1), label_bulan, kiriman,
        baris_om, np.bincount(om[harap], minlength=no * M).reshape(no, M),
        np.bincount(om[harap & ada], minlength=no * M).reshape(no, M), settings,
    )  # fmt: skip
    lapor_om = laporan["status_laporan"].isin([st.LENGKAP, st.SEBAGIAN]).to_numpy()
    lapor = lapor_om[om]

    # the value that stands for each month: its own, or a carried one (methods.md §1)
    src = sumber_nilai(ada, key_awal, bulan_idx, kode_sifat, panjang, lapor)
    ada_src = src >= 0
    src0 = np.where(ada_src, src, 0)
    dibawa = ada_src & (src != np.arange(N))
    nilai = np.where(ada_src, nilai_periode_kode(nilai_lapor, grup_awal, kode_sifat)[src0], np.nan)
    out["realisasi"] = nilai
    out["periode_nilai"] = pd.Categorical.from_codes(
        np.where(ada_src, bulan_idx[src0] - awal, -1), categories=label_bulan
    )
    out["dibawa"] = dibawa
    out["jatuh_tempo"] = tempo
    if dibawa.any():
        out["sumber_data"] = pd.Categorical.from_codes(
            np.where(ada_src, sumber_kode[src0], -1), categories=pd.Index(us)
        )

    tgt = target_periode(
        out["kode_indikator"], out["kode_opd"], bulan_idx, kode_sifat == 0,
        ref.target, ref.anggaran, settings,
    )  # fmt: skip
    # a count's pro-rated target is whole, as the template shows it (capaian.bulatkan_target)
    cacah = satuan_cacah(attrs["satuan"].to_numpy(), attrs["sifat"].to_numpy())[key_idx]
    for c in ("target", "target_bawah", "target_atas"):
        tgt[c] = bulatkan_target(tgt[c].to_numpy(), cacah, settings)
    for c in tgt.columns:
        v = tgt[c].to_numpy() if c != "sumber_target" else tgt[c].array
        out[c] = v
    # plausibility of each reported value against its own month's target
    flag, alasan_v = kewajaran(
        nilai_lapor, out["target"].to_numpy(), out["target_atas"].to_numpy(), kode_sifat == 0,
        key_awal, grup_awal, bulan_idx, lambda i: str(label_bulan[bulan_idx[i] - awal]), settings,
        dari=min(p.tahun * 12, akhir - settings.trend_window + 1),
    )  # fmt: skip
    # a carried value keeps its flags; a carried kumulatif value (a quarter's total standing
    # for the next months) is judged against the target of the month it is from
    if dibawa.any():
        kum_bawa = dibawa & (kode_sifat == 0)
        for c in ("target", "target_bawah", "target_atas"):
            t = out[c].to_numpy()
            out[c] = np.where(kum_bawa, t[src0], t)
        alasan_v[dibawa] = alasan_v[src0[dibawa]]
        flag = np.where(dibawa, flag[src0], flag)
    flag = flag & ada_src
    out["perlu_verifikasi"] = flag
    fi = np.flatnonzero(flag)
    ak, au = pd.factorize(pd.Series(alasan_v[fi], dtype=object), use_na_sentinel=True)
    kode_alasan = np.full(N, -1, dtype=np.int64)
    kode_alasan[fi] = ak
    out["alasan_verifikasi"] = pd.Categorical.from_codes(
        kode_alasan, categories=pd.Index(np.asarray(au, dtype=object))
    )

    neg_k, dikenal_k = arah_negatif(attrs["polaritas"].to_numpy(), attrs["arah_rentang"].to_numpy())
    capaian, kode = hitung_kode(
        out["target"].to_numpy(), nilai, out["target_bawah"].to_numpy(),
        out["target_atas"].to_numpy(), neg_k[key_idx], dikenal_k[key_idx], settings,
    )  # fmt: skip
    # reason codes → categorical; an empty value with its placeholder gets its own reason
    kode = kode.astype(np.int64) - 1
    kategori = [a for a in ALASAN[1:]]
    if len(kosong_pos):
        ada = pd.notna(kosong_teks) & (kode[kosong_pos] == ALASAN.index(ALASAN_TANPA_REALISASI) - 1)
        if ada.any():
            kc, ku = pd.factorize(pd.Series(kosong_teks[ada], dtype=object))
            kode[kosong_pos[ada]] = len(kategori) + kc
            kategori += [f"tidak dapat dihitung: realisasi kosong ({t})" for t in ku]
    out["capaian"] = capaian
    out["alasan"] = pd.Categorical.from_codes(kode, categories=pd.Index(kategori, dtype=object))
    out["predikat"] = predikat(capaian, settings).array
    out["dalam_rata"] = ~np.isnan(capaian) & lapor & (~flag | settings.include_flagged_in_mean)
    out["perubahan_mom"] = perubahan(capaian, key_awal, 1)
    out["perubahan_yoy"] = perubahan(capaian, key_awal, 12)
    slope, _ = kemiringan(capaian, key_awal, settings.trend_window)
    out["kemiringan"] = slope
    out["arah_tren"] = arah_tren(slope, settings.trend_tolerance)
    return out, laporan


def _group_trend(
    riwayat: pd.DataFrame, kolom: str | None, periode: Periode, settings: Settings
) -> pd.DataFrame:
    """Monthly mean capaian per group (or the regency when kolom is None): the value at the
    period, its month-on-month change, slope and direction over the last trend_window months."""
    b = (riwayat["tahun"].to_numpy() * 12 + riwayat["bulan"].to_numpy() - 1).astype(np.int64)
    awal = int(b.min()) if len(b) else 0
    M = int(b.max()) - awal + 1 if len(b) else 1
    if kolom is None:
        kat = pd.Categorical.from_codes(np.zeros(len(riwayat), dtype=np.int64), categories=[0])
    else:
        kat = pd.Categorical(riwayat[kolom])
    codes = kat.codes.astype(np.int64)
    valid = codes >= 0
    ng = len(kat.categories)
    grup = codes[valid] * M + (b[valid] - awal)
    cap = riwayat["capaian"].to_numpy()
    if "dalam_rata" in riwayat:
        cap = np.where(riwayat["dalam_rata"].to_numpy(), cap, np.nan)
    rata = rata_per_grup(cap[valid], riwayat["bobot"].to_numpy()[valid], grup, ng * M, settings)
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


def _kendala(realisasi: pd.DataFrame, ind: pd.DataFrame, p: Periode) -> np.ndarray:
    """The obstacles noted with the value used at the period (same OPD, indicator, source)."""
    out = np.full(len(ind), None, dtype=object)
    if "kendala" not in realisasi or ind.empty:
        return out
    now = realisasi.loc[realisasi["periode"].astype(str) == str(p)]
    now = now[now["kendala"].notna()]
    if now.empty:
        return out
    sumber = now["sumber_data"] if "sumber_data" in now else pd.Series("", now.index)
    lookup = pd.Series(
        now["kendala"].astype(object).to_numpy(),
        index=pd.MultiIndex.from_arrays(
            [now["kode_opd"].astype(str), now["kode_indikator"].astype(str),
             sumber.fillna("").astype(str)]
        ),
    )  # fmt: skip
    lookup = lookup[~lookup.index.duplicated()]
    key = pd.MultiIndex.from_arrays(
        [ind["kode_opd"].astype(str), ind["kode_indikator"].astype(str),
         ind["sumber_data"].astype(object).fillna("").astype(str)]
    )  # fmt: skip
    got = lookup.reindex(key).to_numpy(dtype=object)
    return np.where(pd.isna(got), None, got)


# budget figures of an OPD-month not reported: unknown (NA), never 0 (``pagu`` stays: reference)
_BUDGET_REALISASI = [
    "realisasi_keuangan", "realisasi_keuangan_pct", "deviasi_keuangan", "realisasi_fisik",
    "deviasi_fisik", "lampu_keuangan", "lampu_fisik", "peringkat_tepra", "memenuhi_milestone",
    "proyeksi_keuangan_pct", "peringatan_serapan", "keuangan_sebagian",
]  # fmt: skip


def _status_opd(
    opd: pd.DataFrame, laporan: pd.DataFrame, ind: pd.DataFrame, p, settings: Settings = _DEFAULT
) -> pd.DataFrame:
    """The month's status of each OPD (``Evaluasi.laporan``), its flagged and carried values;
    an OPD-month kosong or tidak lapor has no mean, no predikat, no trend, no budget realisasi
    and is not ranked (methods.md §1)."""
    now = laporan[laporan["periode"] == str(p)].set_index("kode_opd")
    k = opd["kode_opd"]
    opd["status_laporan"] = pd.Categorical(
        k.map(now["status_laporan"].astype(object)).fillna(st.TIDAK_LAPOR),
        categories=list(st.STATUS),
    )
    opd["terlambat"] = k.map(now["terlambat"]).fillna(False).astype(bool)
    opd["hari_terlambat"] = pd.array(k.map(now["hari_terlambat"]), dtype="Int64")
    lapor = opd["status_laporan"].isin([st.LENGKAP, st.SEBAGIAN]).to_numpy()
    kode = ind["kode_opd"].astype(str)
    opd["nilai_ditandai"] = (
        k.map(ind["perlu_verifikasi"].groupby(kode).sum()).fillna(0).astype(np.int64)
    )
    opd["nilai_dibawa"] = k.map(ind["dibawa"].groupby(kode).sum()).fillna(0).astype(np.int64)
    for c in ("rata_capaian", "perubahan_mom", "kemiringan"):
        if c in opd:
            opd[c] = opd[c].where(lapor)
    for c in ("predikat", "arah_tren"):
        if c in opd:
            opd[c] = opd[c].where(lapor)
    for c in _BUDGET_REALISASI:
        if c in opd:
            opd[c] = opd[c].where(lapor)
    if "peringkat_tepra" in opd:  # TEPRA ranks the reporting OPDs with budget lines only
        # … and a known realisasi (lines not reported are unknown by default, not Rp 0)
        ada = (
            lapor
            & opd["pagu"].notna().to_numpy()
            & opd["realisasi_keuangan_pct"].notna().to_numpy()
        )
        rank = pd.array([pd.NA] * len(opd), dtype="Int64")
        if ada.any():
            rank[ada] = bud.peringkat_tepra(
                opd.loc[ada, "realisasi_fisik"], opd.loc[ada, "realisasi_keuangan_pct"], settings
            )
        opd["peringkat_tepra"] = rank
    opd["diperingkat"] = lapor & opd["rata_capaian"].notna().to_numpy()
    opd["lapor"] = lapor
    return opd


_BUDGET_TOTAL = [
    "pagu", "rencana_kumulatif", "realisasi_keuangan", "realisasi_keuangan_pct",
    "target_keuangan_pct", "deviasi_keuangan", "realisasi_fisik", "target_fisik",
    "deviasi_fisik", "lampu_keuangan", "lampu_fisik", "kegiatan_tanpa_laporan", "keuangan_sebagian",
]  # fmt: skip


def evaluasi(
    ref,
    realisasi: pd.DataFrame,
    keuangan: pd.DataFrame,
    tindak_lanjut: pd.DataFrame,
    periode: Periode | str,
    settings: Settings = _DEFAULT,
    kiriman: pd.DataFrame | None = None,
) -> Evaluasi:
    """Evaluate every indicator, OPD, Asisten and the regency at ``periode`` (pure).

    ``kiriman``: the submissions in force (``monev.engine.status``); None = every OPD with a
    realisasi row in a month reported it on time."""
    p = Periode.parse(periode)
    riwayat, laporan = _susun(ref, realisasi, p, settings, kiriman)

    # -- indicators at the period
    ind = riwayat[riwayat["periode"] == str(p)].reset_index(drop=True)
    for c in ind.columns:
        if isinstance(ind[c].dtype, pd.CategoricalDtype) and c not in ("predikat", "arah_tren"):
            ind[c] = ind[c].cat.remove_unused_categories()
    kum = (ind["sifat"].astype(str) == "kumulatif").to_numpy()
    # a carried kumulatif value is projected from the month it is from
    bulan_nilai = pd.to_numeric(
        ind["periode_nilai"].astype(object).str.slice(5, 7), errors="coerce"
    ).to_numpy(dtype=float, na_value=np.nan)
    bulan_nilai = np.where(np.isnan(bulan_nilai), p.bulan, bulan_nilai)
    proj = np.where(kum, proyeksi_akhir_tahun(ind["realisasi"], bulan_nilai), np.nan)
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
    beda = band_differs_by_formula(ind["target"].to_numpy(), ind["realisasi"].to_numpy(), settings)
    ind["beda_band"] = negatif & beda.to_numpy()
    ind["kendala"] = _kendala(realisasi, ind, p)

    # -- OPD
    opd_master = ref.opd[["kode_opd", *_ATRIBUT_OPD]].astype(str)
    seen = pd.DataFrame({"kode_opd": np.asarray(ind["kode_opd"].cat.categories, dtype=object)})
    base = pd.concat([opd_master, seen[~seen["kode_opd"].isin(opd_master["kode_opd"])]])
    r_opd = rollup(ind.assign(kode_opd=ind["kode_opd"].astype(str)), ["kode_opd"], settings)
    opd = base.merge(r_opd, on="kode_opd", how="left")
    opd = opd.merge(
        _group_trend(riwayat, "kode_opd", p, settings).astype({"kode_opd": str}),
        on="kode_opd",
        how="left",
    )
    kegiatan = bud.keuangan_kegiatan(ref.anggaran, keuangan, p)
    k_opd = bud.keuangan_opd(ref.anggaran, keuangan, p, settings, kegiatan=kegiatan)
    opd = opd.merge(k_opd, on="kode_opd", how="left")
    opd = _status_opd(opd, laporan, ind, p, settings)
    opd["kuadran"] = bud.kuadran(opd["rata_capaian"], opd["deviasi_keuangan"], settings)
    tl = tl_mod.status_tindak_lanjut(tindak_lanjut, p, settings.tanggal_rapat or None)
    if len(tl):
        nama = opd_master.set_index("kode_opd")[["singkatan", "nama_opd"]]
        tl.insert(1, "singkatan", tl["kode_opd"].map(nama["singkatan"]))
        tl.insert(2, "nama_opd", tl["kode_opd"].map(nama["nama_opd"]))
    tl_sum = tl_mod.ringkas_tindak_lanjut(tl)
    opd = opd.merge(tl_sum, on="kode_opd", how="left")
    for c in ("tl_jumlah", "tl_terbuka", "tl_terlambat", "tl_selesai", "tl_dibawa",
              "jumlah_indikator", "jumlah_dihitung", "tidak_dapat_dihitung"):  # fmt: skip
        if c in opd:
            opd[c] = opd[c].fillna(0).astype(np.int64)
    opd = opd.sort_values("kode_opd").reset_index(drop=True)

    # -- Asisten and regency: roll-up of indicators, budget totals of their OPDs
    # over reporting OPDs only: a month not reported is unknown, never 0
    lapor_opd = set(opd.loc[opd["lapor"], "kode_opd"])
    opd = opd.drop(columns="lapor")
    ind_lapor = ind[ind["kode_opd"].astype(str).isin(lapor_opd)]
    keg_lapor = kegiatan[kegiatan["kode_opd"].isin(lapor_opd)]
    asis_of = opd_master.set_index("kode_opd")["asisten"]
    keg_as = keg_lapor.assign(asisten=keg_lapor["kode_opd"].map(asis_of))
    asisten = rollup(
        ind_lapor.assign(asisten=ind_lapor["asisten"].astype(object)), ["asisten"], settings
    )
    # every Asisten keeps its row, also when none of its OPDs reported (no mean: NaN)
    semua = set(opd_master["asisten"]) | set(ind["asisten"].dropna().astype(str))
    asisten = pd.DataFrame({"asisten": sorted(semua)}).merge(asisten, on="asisten", how="left")
    for c in asisten.columns:
        if c.startswith("jumlah_") or c == "tidak_dapat_dihitung":
            asisten[c] = asisten[c].fillna(0).astype(np.int64)
    asisten = asisten.merge(_group_trend(riwayat, "asisten", p, settings), on="asisten", how="left")
    b_as = bud.keuangan_opd(ref.anggaran, keuangan, p, settings, by="asisten", kegiatan=keg_as)
    asisten = asisten.merge(b_as[["asisten", *_BUDGET_TOTAL]], on="asisten", how="outer")
    jumlah_opd = opd_master.groupby("asisten").size().rename("jumlah_opd")
    asisten = asisten.merge(jumlah_opd, left_on="asisten", right_index=True, how="left")
    n_lapor = opd_master[opd_master["kode_opd"].isin(lapor_opd)].groupby("asisten").size()
    asisten["jumlah_opd_lapor"] = asisten["asisten"].map(n_lapor).fillna(0).astype(np.int64)
    asisten["jumlah_opd_belum_lapor"] = (
        asisten["jumlah_opd"].fillna(0).astype(np.int64) - asisten["jumlah_opd_lapor"]
    )
    asisten = asisten.sort_values("asisten").reset_index(drop=True)

    kab = rollup(ind_lapor, None, settings)
    t = _group_trend(riwayat, None, p, settings)
    for c in t.columns:
        kab[c] = t[c].to_numpy()
    b_kab = bud.keuangan_opd(
        ref.anggaran, keuangan, p, settings, by="_semua", kegiatan=keg_lapor.assign(_semua="Kab")
    )
    for c in [*_BUDGET_TOTAL, "milestone_bulan", "milestone_target", "memenuhi_milestone",
              "proyeksi_keuangan_pct", "peringatan_serapan"]:  # fmt: skip
        kab[c] = b_kab[c].to_numpy()[:1] if len(b_kab) else np.nan
    kab["jumlah_opd"] = len(opd)
    kab["jumlah_opd_lapor"] = int(opd["kode_opd"].isin(lapor_opd).sum())
    kab["jumlah_opd_belum_lapor"] = len(opd) - kab["jumlah_opd_lapor"]
    opd = opd.astype(
        {
            **{c: "Int64" for c in ("kegiatan_dilaporkan", "kegiatan_tanpa_laporan",
                                    "peringkat_tepra")},
            "peringatan_serapan": "boolean",
        }
    )  # fmt: skip

    # -- IKU and cross-sector
    seri = lin.seri_iku(ref.indikator, ref.target, ref.iku_riwayat, riwayat, p, settings)
    iku = lin.ringkas_iku(ref.indikator, ref.target, seri, ind, p, settings)
    ind = lin.samakan_tren_iku(ind, iku)  # an IKU's trend is its yearly one on every page
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
        triwulan=tampilan_triwulan(riwayat, str(p)),
        laporan=laporan,
        catatan=(settings.uraian(),),
    )
