"""Official evaluation tables (methods.md §8, Permendagri 86/2017) for one year, as DataFrames.

``tabel_rkpd(ref, riwayat, keuangan, tahun, settings)`` → ``TabelResmi`` whose ``tabel`` has the
16 numbered columns of *Evaluasi terhadap hasil RKPD* (headers ``"1"`` … ``"16"`` prefixed to the
regulation's wording; columns 8–13 have a kinerja (K) and an anggaran (Rp) column each).
``tabel_renja(ref, riwayat, keuangan, tahun, kode_opd, settings)`` → the 15 columns of
*Evaluasi terhadap hasil Renja PD* for one OPD.

``riwayat`` is the long frame of ``evaluasi`` (any period in or after the year; months of the
year and earlier years are used). Reading of the columns (assumptions marked in the reports):
- year value of an indicator: its period value (sifat) at the last month of the year with a
  value; quarter value: the same at the last month of the quarter with a value.
- TW columns: ``kumulatif`` → what was realised in that quarter (difference of cumulative values);
  ``terakhir`` / ``rata-rata`` → the value at the quarter.
Column numbers below are the RKPD table's; the Renja table has no Sasaran, so its numbers are one
lower from Kode on (RKPD 7 = Renja 6, …, RKPD 15 = Renja 14). ``_table_columns`` computes every
column once, under names that say what each holds, for both tables.
- 7 (Realisasi s.d. tahun lalu; the regulation's "n−2" counts from the year the evaluation is
  written, i.e. the years before the evaluated one): ``kumulatif`` → sum of the earlier years'
  values in the data; else the latest earlier value.
- 14 = 7 + 13 for ``kumulatif``, else the latest value (13, or 7 when the year has none).
- 15 = capaian of 14 against the end-of-plan target (6), polarity-aware (``hitung_capaian``).
- Sasaran: the IKU the indicator supports (``kode_iku``); Kode: ``kode_nomenklatur`` (else the
  indicator code); Urusan/Program/Kegiatan: the DPA name of the matching budget lines.
- Rp: budget lines whose code starts with the indicator's ``kode_nomenklatur`` in its OPD:
  8 = pagu, 9–12 = realisasi keuangan within each quarter, 13 = realisasi of the year.
- Target akhir (6 / Renstra 5): the ``akhir_rpjmd`` target with the latest ``tahun``.
Range targets print as text ``80–90`` in the target columns; all other cells are numbers.
The footer (rata-rata capaian of column 15 and its predikat) is on ``TabelResmi``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from monev.engine.capaian import hitung_capaian, predikat
from monev.model.angka import format_angka_id
from monev.model.settings import Settings

_DEFAULT = Settings()
_TW = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class TabelResmi:
    tabel: pd.DataFrame
    rata_capaian: float
    predikat: str | None
    catatan: str


def _teks_target(t: pd.Series, lo: pd.Series, hi: pd.Series) -> pd.Series:
    out = t.astype(object).where(t.notna(), None)
    rng = lo.notna() & hi.notna()
    out[rng] = [
        f"{format_angka_id(a, 2)}–{format_angka_id(b, 2)}"
        for a, b in zip(lo[rng], hi[rng], strict=True)
    ]
    return out


def _nilai_akhir(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Last non-null period value per group (rows sorted by month)."""
    ada = df[df["realisasi"].notna()]
    return ada.groupby(keys, observed=True, sort=False)["realisasi"].last()


@dataclass(frozen=True)
class _TableColumns:
    """The values of both official tables, one entry per OPD × indicator of the year; the
    comments give the RKPD / Renja column numbers ((K) kinerja, (Rp) anggaran)."""

    indikator: pd.DataFrame  # the OPD × indicator rows with their reference attributes
    sasaran: pd.Series  # RKPD 2: the IKU the indicator supports
    kode: pd.Series  # RKPD 3 / Renja 2
    uraian: np.ndarray  # RKPD 4 / Renja 3: DPA name of the budget line, else the level
    nama_indikator: pd.Series  # RKPD 5 / Renja 4
    target_akhir: pd.Series  # RKPD 6 / Renja 5 (text for range targets)
    realisasi_sd_tahun_lalu: np.ndarray  # RKPD 7 / Renja 6
    target_tahun: pd.Series  # RKPD 8 / Renja 7 (K)
    pagu: np.ndarray  # RKPD 8 / Renja 7 (Rp)
    realisasi_triwulan: np.ndarray  # RKPD 9–12 / Renja 8–11 (K), one column per quarter
    realisasi_keuangan_triwulan: np.ndarray  # RKPD 9–12 / Renja 8–11 (Rp), within each quarter
    realisasi_tahun: np.ndarray  # RKPD 13 / Renja 12 (K)
    realisasi_keuangan_tahun: np.ndarray  # RKPD 13 / Renja 12 (Rp)
    realisasi_sd_tahun: np.ndarray  # RKPD 14 / Renja 13
    capaian_sd_tahun: np.ndarray  # RKPD 15 / Renja 14 (%), against target_akhir
    nama_opd: pd.Series  # RKPD 16


def _table_columns(
    ref, riwayat: pd.DataFrame, keuangan: pd.DataFrame | None, tahun: int, settings
) -> _TableColumns:
    key = ["kode_opd", "kode_indikator"]
    r = riwayat[riwayat["tahun"] <= tahun].copy()
    for c in key:
        r[c] = r[c].astype(str)
    r = r.sort_values([*key, "tahun", "bulan"])
    base = (
        r[r["tahun"] == tahun][key]
        .drop_duplicates()
        .merge(ref.indikator.drop(columns="kode_opd"), on="kode_indikator", how="left")
    )
    kum = base["sifat"] == "kumulatif"
    idx = pd.MultiIndex.from_frame(base[key])

    ini = r[r["tahun"] == tahun]
    tw = ini.assign(tw=(ini["bulan"] - 1) // 3 + 1)
    vq = _nilai_akhir(tw, [*key, "tw"]).unstack("tw").reindex(idx)
    vq = vq.reindex(columns=[1, 2, 3, 4])
    prev = vq.shift(1, axis=1)
    prev[1] = 0.0
    inc = vq - prev
    realisasi_tw = np.where(kum.to_numpy()[:, None], inc.to_numpy(), vq.to_numpy())
    realisasi_tahun = _nilai_akhir(ini, key).reindex(idx).to_numpy()

    lalu = r[r["tahun"] < tahun]
    per_tahun = _nilai_akhir(lalu, [*key, "tahun"])
    jumlah = per_tahun.groupby(level=[0, 1]).sum().reindex(idx).to_numpy()
    terakhir = per_tahun.groupby(level=[0, 1]).last().reindex(idx).to_numpy()
    sd_lalu = np.where(kum, jumlah, terakhir)
    sd_tahun = np.where(
        kum,
        np.where(np.isnan(sd_lalu), 0.0, sd_lalu) + realisasi_tahun,
        np.where(np.isnan(realisasi_tahun), sd_lalu, realisasi_tahun),
    )
    sd_tahun = np.where(np.isnan(realisasi_tahun) & np.isnan(sd_lalu), np.nan, sd_tahun)

    t = ref.target
    akhir = (
        t[t["jenis"] == "akhir_rpjmd"]
        .sort_values("tahun")
        .drop_duplicates("kode_indikator", keep="last")
        .set_index("kode_indikator")
    )
    th = t[(t["jenis"] == "tahunan") & (t["tahun"].astype(int) == tahun)].set_index(
        "kode_indikator"
    )
    ki = base["kode_indikator"]
    a_t, a_lo, a_hi = (
        ki.map(akhir[c]).astype(float) for c in ("target", "target_bawah", "target_atas")
    )
    y_t, y_lo, y_hi = (
        ki.map(th[c]).astype(float) for c in ("target", "target_bawah", "target_atas")
    )
    cap = hitung_capaian(
        a_t.to_numpy(), sd_tahun, base["polaritas"].to_numpy(),
        target_bawah=a_lo.to_numpy(), target_atas=a_hi.to_numpy(),
        arah_rentang=base["arah_rentang"].astype(object).to_numpy(), settings=settings,
    )  # fmt: skip

    # Rp: budget lines under the indicator's nomenclature code, in its OPD
    ang = ref.anggaran[ref.anggaran["tahun"].astype(int) == tahun]
    nom = base["kode_nomenklatur"]
    pagu = np.full(len(base), np.nan)
    keuangan_tw = np.full((len(base), 4), np.nan)
    nama_keg = pd.Series([None] * len(base), dtype=object)
    if len(ang) and nom.notna().any():
        cum_q = None
        if keuangan is not None and len(keuangan):
            k = keuangan[keuangan["periode"].astype(str).str.slice(0, 4) == str(tahun)]
            k = k.assign(bulan=k["periode"].astype(str).str.slice(5, 7).astype(int))
            k = k.assign(tw=(k["bulan"] - 1) // 3 + 1).sort_values("bulan")
            cum_q = (
                k[k["bulan"] % 3 == 0]
                .groupby(["kode_opd", "kode_kegiatan", "tw"])["realisasi_keuangan"]
                .last()
                .unstack("tw")
                .reindex(columns=[1, 2, 3, 4])
            )
        for i in np.flatnonzero(nom.notna().to_numpy()):
            code = str(nom.iloc[i])
            lines = ang[
                (ang["kode_opd"] == base["kode_opd"].iloc[i])
                & (ang["kode_kegiatan"].astype(str).str.startswith(code))
            ]
            if lines.empty:
                continue
            pagu[i] = lines["pagu"].sum()
            nama_keg.iloc[i] = lines["nama_kegiatan"].iloc[0] if len(lines) == 1 else None
            if cum_q is not None:
                sel = cum_q.reindex(
                    pd.MultiIndex.from_arrays([lines["kode_opd"], lines["kode_kegiatan"]])
                )
                q = sel.sum(axis=0, min_count=1).to_numpy(dtype=float)
                keuangan_tw[i] = q - np.concatenate([[0.0], q[:-1]])
    keuangan_tahun = np.nansum(keuangan_tw, axis=1)
    keuangan_tahun[np.all(np.isnan(keuangan_tw), axis=1)] = np.nan

    iku_nama = ref.indikator.set_index("kode_indikator")["nama_indikator"]
    opd_nama = ref.opd.set_index("kode_opd")["nama_opd"]
    level = base["level"].astype(str).str.capitalize()
    return _TableColumns(
        indikator=base,
        sasaran=base["kode_iku"].map(iku_nama),
        kode=base["kode_nomenklatur"].fillna(base["kode_indikator"]),
        uraian=nama_keg.where(nama_keg.notna(), level).to_numpy(),
        nama_indikator=base["nama_indikator"],
        target_akhir=_teks_target(a_t, a_lo, a_hi),
        realisasi_sd_tahun_lalu=sd_lalu,
        target_tahun=_teks_target(y_t, y_lo, y_hi),
        pagu=pagu,
        realisasi_triwulan=realisasi_tw,
        realisasi_keuangan_triwulan=keuangan_tw,
        realisasi_tahun=realisasi_tahun,
        realisasi_keuangan_tahun=keuangan_tahun,
        realisasi_sd_tahun=sd_tahun,
        capaian_sd_tahun=cap["capaian"].to_numpy(),
        nama_opd=base["kode_opd"].map(opd_nama).fillna(base["kode_opd"]),
    )


def _with_footer(tabel: pd.DataFrame, kolom: str, settings: Settings, catatan: str) -> TabelResmi:
    x = pd.to_numeric(tabel[kolom], errors="coerce")
    rata = float(x.mean()) if x.notna().any() else float("nan")
    label = predikat(pd.Series([rata]), settings).iloc[0]
    return TabelResmi(tabel, rata, None if pd.isna(label) else str(label), catatan)


_CATATAN = (
    "Kolom triwulan indikator kumulatif berisi realisasi dalam triwulan itu; indikator tingkat "
    "(terakhir) berisi nilai pada triwulan itu. Tingkat capaian dihitung sesuai polaritas "
    "terhadap target akhir periode."
)


def tabel_rkpd(
    ref, riwayat: pd.DataFrame, keuangan: pd.DataFrame | None, tahun: int,
    settings: Settings = _DEFAULT,
) -> TabelResmi:  # fmt: skip
    c = _table_columns(ref, riwayat, keuangan, tahun, settings)
    cols: dict[str, object] = {
        "1 No": np.arange(1, len(c.indikator) + 1),
        "2 Sasaran": c.sasaran.to_numpy(),
        "3 Kode": c.kode.to_numpy(),
        "4 Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan": c.uraian,
        "5 Indikator Kinerja Program (outcome)/Kegiatan (output)": c.nama_indikator.to_numpy(),
        "6 Target RPJMD pada Akhir Periode RPJMD (K)": c.target_akhir.to_numpy(),
        f"7 Realisasi Capaian Kinerja RPJMD s.d. RKPD Tahun Lalu ({tahun - 1}) (K)": (
            c.realisasi_sd_tahun_lalu
        ),
        f"8 Target Kinerja RKPD Tahun {tahun} (K)": c.target_tahun.to_numpy(),
        f"8 Anggaran RKPD Tahun {tahun} (Rp)": c.pagu,
    }
    for q in range(4):
        cols[f"{9 + q} Realisasi Kinerja Triwulan {_TW[q]} (K)"] = c.realisasi_triwulan[:, q]
        cols[f"{9 + q} Realisasi Anggaran Triwulan {_TW[q]} (Rp)"] = c.realisasi_keuangan_triwulan[
            :, q
        ]
    cols[f"13 Realisasi Capaian Kinerja RKPD Tahun {tahun} (K)"] = c.realisasi_tahun
    cols[f"13 Realisasi Anggaran RKPD Tahun {tahun} (Rp)"] = c.realisasi_keuangan_tahun
    cols[f"14 Realisasi Kinerja RPJMD s.d. Tahun {tahun} (K)"] = c.realisasi_sd_tahun
    kolom_capaian = f"15 Tingkat Capaian Kinerja RPJMD s.d. Tahun {tahun} (%)"
    cols[kolom_capaian] = c.capaian_sd_tahun
    cols["16 Perangkat Daerah Penanggung Jawab"] = c.nama_opd.to_numpy()
    return _with_footer(pd.DataFrame(cols), kolom_capaian, settings, _CATATAN)


def tabel_renja(
    ref, riwayat: pd.DataFrame, keuangan: pd.DataFrame | None, tahun: int, kode_opd: str,
    settings: Settings = _DEFAULT,
) -> TabelResmi:  # fmt: skip
    r = riwayat[riwayat["kode_opd"].astype(str) == kode_opd]
    c = _table_columns(ref, r, keuangan, tahun, settings)
    n = len(c.indikator)
    nama = ref.opd.set_index("kode_opd")["nama_opd"].get(kode_opd, kode_opd)
    cols: dict[str, object] = {
        "1 No": np.arange(1, n + 1),
        "2 Kode": c.kode.to_numpy(),
        "3 Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan": c.uraian,
        "4 Indikator Kinerja Program (outcome)/Kegiatan (output)": c.nama_indikator.to_numpy(),
        "5 Target Renstra Perangkat Daerah pada Akhir Periode Renstra (K)": (
            c.target_akhir.to_numpy()
        ),
        f"6 Realisasi Capaian Kinerja Renstra s.d. Renja Tahun Lalu ({tahun - 1}) (K)": (
            c.realisasi_sd_tahun_lalu
        ),
        f"7 Target Kinerja Renja Tahun {tahun} (K)": c.target_tahun.to_numpy(),
        f"7 Anggaran Renja Tahun {tahun} (Rp)": c.pagu,
    }
    for q in range(4):
        cols[f"{8 + q} Realisasi Kinerja Triwulan {_TW[q]} (K)"] = c.realisasi_triwulan[:, q]
        cols[f"{8 + q} Realisasi Anggaran Triwulan {_TW[q]} (Rp)"] = c.realisasi_keuangan_triwulan[
            :, q
        ]
    cols[f"12 Realisasi Capaian Kinerja Renja Tahun {tahun} (K)"] = c.realisasi_tahun
    cols[f"12 Realisasi Anggaran Renja Tahun {tahun} (Rp)"] = c.realisasi_keuangan_tahun
    cols[f"13 Realisasi Kinerja Renstra s.d. Tahun {tahun} (K)"] = c.realisasi_sd_tahun
    kolom_capaian = f"14 Tingkat Capaian Kinerja Renstra s.d. Tahun {tahun} (%)"
    cols[kolom_capaian] = c.capaian_sd_tahun
    cols["15 Unit Perangkat Daerah Penanggung Jawab"] = [nama] * n
    return _with_footer(pd.DataFrame(cols), kolom_capaian, settings, _CATATAN)


def nomor_kolom(tabel: pd.DataFrame) -> list[int]:
    """The regulation's column numbers present in a table (for checks and headers)."""
    return sorted({int(str(c).split(" ", 1)[0]) for c in tabel.columns})
