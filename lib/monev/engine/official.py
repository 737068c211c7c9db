"""Official evaluation tables (methods.md §8, Permendagri 86/2017) at a month, as row frames.

``tabel_rkpd(ref, riwayat, keuangan, periode, settings, tindak_lanjut=, realisasi=)`` →
``TabelResmi`` for *Evaluasi terhadap hasil RKPD* (16 columns); ``tabel_renja(..., kode_opd)``
for *Evaluasi terhadap hasil Renja Perangkat Daerah* of one OPD (15 columns). Pure: the writer
(``data.resmi_xlsx``) lays them out.

Rows follow the nomenclature (``nomenklatur.csv``): urusan, bidang urusan, then per OPD its
programs, kegiatan and sub kegiatan, each with code and name; a program or kegiatan row carries
its first indicator, further indicators follow on rows of their own (K only). Indicators and
budget lines that do not attach (``engine.nomenklatur``) follow in closing sections, so nothing is
dropped silently. ``baris`` holds the values under the RKPD column numbers: ``k6`` … ``k15``
(kinerja) and ``rp6`` … ``rp15`` (anggaran); the Renja table numbers the same values one lower
from Kode on (RKPD 7 = Renja 6 …).

Columns (docs/data-model.md, "Official tables", says the same for the analyst):
- 6 (K) end-of-plan target (``akhir_rpjmd``, latest); (Rp) ``target.anggaran`` of that row.
- 7 realised in the plan's earlier years in the data: ``kumulatif`` K → sum of the year values;
  levels → the latest earlier value; Rp → sum of each earlier year's final realisasi keuangan.
- 8 (K) the year's target (range targets as text "a–b"); (Rp) pagu of the budget lines under the
  node (anggaran.csv).
- 9–12 quarters closed at ``periode``, and the quarter in progress "s.d. <bulan>"; quarters not
  begun are empty. K: ``kumulatif`` → realised within the quarter; levels → the value at its
  end. Rp: realisasi keuangan within the quarter (cumulative at its end minus at the previous).
- 13 the year to ``periode``: K the period value, Rp the cumulative realisasi keuangan.
- 14 = 7 + 13 for Rp and for ``kumulatif`` indicators whose end-of-plan target is a total
  (``akhir_periode`` ``jumlah``, the default of ``kumulatif``); the latest value (13, else 7) for
  levels and for cumulative indicators whose end-of-plan target is one year's level.
- 15 = capaian of 14 against 6, polarity-aware for K (``hitung_capaian``); 14 / 6 × 100 for Rp.
A budget sum is empty (unknown, never 0) when any line under the node lacks the month's report.
Footer: mean of column 15 over the rows that have it, for K and for Rp, and their predikat; the
four text rows drafted from the store (``faktor``), for the analyst to edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from monev.engine.capaian import hitung_capaian, predikat
from monev.engine.nomenklatur import simpul_indikator
from monev.model.angka import SATUAN_CACAH, bulat, format_angka_id
from monev.model.nomenklatur import LABEL_LEVEL, LEVEL_NOMENKLATUR, leluhur
from monev.model.periode import NAMA_BULAN, Periode
from monev.model.settings import Settings

_DEFAULT = Settings()
TRIWULAN = ("I", "II", "III", "IV")
K = [f"k{n}" for n in range(6, 16)]
RP = [f"rp{n}" for n in range(6, 16)]
KOLOM_BARIS = [
    "tingkat", "no", "sasaran", "kode", "uraian", "indikator", "satuan", "desimal",
    *(c for pair in zip(K, RP, strict=True) for c in pair),
    "penanggung_jawab", "kode_opd", "kode_indikator", "perlu_verifikasi",
]  # fmt: skip
FAKTOR = (
    "Faktor pendorong keberhasilan pencapaian",
    "Faktor penghambat pencapaian kinerja",
    "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
    "Tindak lanjut yang diperlukan dalam {jenis} berikutnya",
)
SEKSI_TANPA_SIMPUL = "Indikator belum terpetakan ke nomenklatur (lihat daftar periksa)"
SEKSI_SASARAN = "Indikator sasaran (tanpa kode nomenklatur)"
SEKSI_ANGGARAN = "Sub kegiatan belum terpetakan ke nomenklatur (lihat daftar periksa)"


@dataclass(frozen=True)
class TabelResmi:
    jenis: str  # "RKPD" or "Renja"
    tahun: int
    periode: str
    judul: tuple[str, ...]
    baris: pd.DataFrame  # KOLOM_BARIS, in print order
    triwulan: tuple[str, ...]  # header of columns 9–12: "Triwulan I", …, "Triwulan IV s.d. Oktober"
    rata_k: float
    rata_rp: float
    predikat_k: str | None
    predikat_rp: str | None
    faktor: tuple[tuple[str, str], ...]  # the four footer rows: (label, drafted text)
    catatan: tuple[str, ...] = field(default=())
    kode_opd: str | None = None
    nama_opd: str | None = None
    daerah: str = ""  # the regency, as daerah.yaml names it

    @property
    def tabel(self) -> pd.DataFrame:
        """The rows under the regulation's numbered headers (for checks and CSV)."""
        return tabel_bernomor(self)


# ----------------------------------------------------------------------------------- values K


def _nilai_akhir(df: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Last non-null period value per group (rows sorted by month)."""
    ada = df[df["realisasi"].notna()]
    return ada.groupby(keys, observed=True, sort=False)["realisasi"].last()


def _kinerja(ref, riwayat: pd.DataFrame, p: Periode, base: pd.DataFrame, settings) -> pd.DataFrame:
    """K columns 6–15 for each (kode_opd, kode_indikator) row of ``base``."""
    key = ["kode_opd", "kode_indikator"]
    r = riwayat[riwayat["tahun"] <= p.tahun].copy()
    for c in key:
        r[c] = r[c].astype(str)
    r = r[(r["tahun"] < p.tahun) | (r["bulan"] <= p.bulan)].sort_values([*key, "tahun", "bulan"])
    if "periode_nilai" in r:
        # a value carried across a year end (a tahunan value of last December standing for this
        # year's months) is not a realisasi of this year: each year counts its own values only
        asal = r["periode_nilai"].astype("string").str[:4]
        r = r[asal.isna().to_numpy() | (asal == r["tahun"].astype(str)).fillna(False).to_numpy()]
    idx = pd.MultiIndex.from_frame(base[key].astype(str))
    sifat = base["sifat"].astype(str).to_numpy()
    kum = sifat == "kumulatif"
    jumlah = kum & (base["akhir_periode"].fillna("jumlah").astype(str).to_numpy() == "jumlah")

    ini = r[r["tahun"] == p.tahun]
    tw = ini.assign(tw=(ini["bulan"] - 1) // 3 + 1)
    vq = _nilai_akhir(tw, [*key, "tw"]).unstack("tw").reindex(idx).reindex(columns=[1, 2, 3, 4])
    prev = vq.shift(1, axis=1)
    prev[1] = 0.0
    k_tw = np.where(kum[:, None], (vq - prev).to_numpy(), vq.to_numpy())
    k_tw[:, p.triwulan :] = np.nan  # quarters not begun
    k13 = _nilai_akhir(ini, key).reindex(idx).to_numpy(dtype=float)

    per_tahun = _nilai_akhir(r[r["tahun"] < p.tahun], [*key, "tahun"])
    sum_lalu = per_tahun.groupby(level=[0, 1]).sum().reindex(idx).to_numpy(dtype=float)
    akhir_lalu = per_tahun.groupby(level=[0, 1]).last().reindex(idx).to_numpy(dtype=float)
    k7 = np.where(kum, sum_lalu, akhir_lalu)
    k14 = np.where(
        jumlah,
        np.where(np.isnan(k7), 0.0, k7) + k13,
        np.where(np.isnan(k13), k7, k13),
    )
    k14 = np.where(np.isnan(k13) & np.isnan(k7), np.nan, k14)

    t = ref.target
    akhir = (
        t[t["jenis"] == "akhir_rpjmd"]
        .sort_values("tahun")
        .drop_duplicates("kode_indikator", keep="last")
        .set_index("kode_indikator")
    )
    th = t[(t["jenis"] == "tahunan") & (t["tahun"].astype(int) == p.tahun)]
    th = th.drop_duplicates("kode_indikator", keep="last").set_index("kode_indikator")
    ki = base["kode_indikator"]
    a_t, a_lo, a_hi = (ki.map(akhir[c]).astype(float) for c in ("target", "target_bawah", "target_atas"))  # fmt: skip
    y_t, y_lo, y_hi = (ki.map(th[c]).astype(float) for c in ("target", "target_bawah", "target_atas"))  # fmt: skip
    cap = hitung_capaian(
        a_t.to_numpy(), k14, base["polaritas"].astype(str).to_numpy(),
        target_bawah=a_lo.to_numpy(), target_atas=a_hi.to_numpy(),
        arah_rentang=base["arah_rentang"].astype(object).to_numpy(), settings=settings,
    )  # fmt: skip
    desimal = np.where(base["satuan"].astype(str).isin(SATUAN_CACAH), 0, 2)
    out = pd.DataFrame(index=base.index)
    out["desimal"] = desimal
    out["k6"] = _teks_target(a_t, a_lo, a_hi, desimal)
    out["k7"] = _bulat(k7, desimal)
    out["k8"] = _teks_target(y_t, y_lo, y_hi, desimal)
    for q in range(4):
        out[f"k{9 + q}"] = _bulat(k_tw[:, q], desimal)
    out["k13"] = _bulat(k13, desimal)
    out["k14"] = _bulat(k14, desimal)
    out["k15"] = bulat(cap["capaian"].to_numpy(dtype=float), 2)
    out["rp6"] = ki.map(akhir["anggaran"]).astype(float) if "anggaran" in akhir else np.nan
    flag = np.zeros(len(base), dtype=bool)
    if "perlu_verifikasi" in r:  # issue 13's flags, when the engine has them
        kini = r[(r["tahun"] == p.tahun) & (r["bulan"] == p.bulan)]
        ditandai = kini.loc[kini["perlu_verifikasi"].astype(bool), key]
        flag = idx.isin(pd.MultiIndex.from_frame(ditandai)) if len(ditandai) else flag
    out["perlu_verifikasi"] = flag
    return out


def _bulat(x: np.ndarray, desimal: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=float)
    return np.where(desimal == 0, bulat(x, 0), bulat(x, 2))


def _teks_target(t: pd.Series, lo: pd.Series, hi: pd.Series, desimal: np.ndarray) -> np.ndarray:
    """A point target as a number, a range target as text "a–b"; NaN when none."""
    out = np.array(_bulat(t.to_numpy(dtype=float), desimal), dtype=object)
    rng = (lo.notna() & hi.notna()).to_numpy()
    for i in np.flatnonzero(rng):
        d = int(desimal[i])
        out[i] = f"{format_angka_id(lo.iloc[i], d)}–{format_angka_id(hi.iloc[i], d)}"
    return out


# ---------------------------------------------------------------------------------- values Rp


def _anggaran_baris(ref, keuangan: pd.DataFrame | None, p: Periode, opd: set[str]) -> pd.DataFrame:
    """Per budget line of the year: rp7, rp8 (pagu), rp9–12, rp13 (see module docstring)."""
    ang = ref.anggaran[
        (ref.anggaran["tahun"].astype(int) == p.tahun) & ref.anggaran["kode_opd"].isin(opd)
    ]
    ang = ang[["kode_opd", "kode_kegiatan", "nama_kegiatan", "pagu"]].reset_index(drop=True)
    ang["kode_kegiatan"] = ang["kode_kegiatan"].astype(str)
    out = ang.rename(columns={"pagu": "rp8"})
    for c in ("rp7", "rp9", "rp10", "rp11", "rp12", "rp13"):
        out[c] = np.nan
    if keuangan is None or not len(keuangan):
        return out
    k = keuangan[keuangan["kode_opd"].isin(opd)]
    per = k["periode"].astype(str)
    k = k.assign(tahun=per.str.slice(0, 4).astype(int), bulan=per.str.slice(5, 7).astype(int))
    key = pd.MultiIndex.from_frame(out[["kode_opd", "kode_kegiatan"]])
    ini = k[(k["tahun"] == p.tahun) & (k["bulan"] <= p.bulan)]
    cum = ini.pivot_table(
        index=["kode_opd", "kode_kegiatan"], columns="bulan", values="realisasi_keuangan",
        aggfunc="last",
    ).reindex(key)  # fmt: skip
    akhir_q = [min(3 * q, p.bulan) for q in range(1, p.triwulan + 1)]
    sebelum = 0.0
    for q, m in enumerate(akhir_q):
        nilai = cum[m].to_numpy(dtype=float) if m in cum else np.full(len(out), np.nan)
        out[f"rp{9 + q}"] = nilai - sebelum
        sebelum = nilai
    out["rp13"] = cum[p.bulan].to_numpy(dtype=float) if p.bulan in cum else np.nan
    lalu = k[k["tahun"] < p.tahun].sort_values(["tahun", "bulan"])
    if len(lalu):
        akhir_th = lalu.groupby(["kode_opd", "kode_kegiatan", "tahun"])["realisasi_keuangan"].last()
        out["rp7"] = akhir_th.groupby(level=[0, 1]).sum(min_count=1).reindex(key).to_numpy()
    return out


def _jumlah(lines: pd.DataFrame, cols: list[str]) -> dict[str, float]:
    """Sums over budget lines; unknown (NaN) when a line lacks the value."""
    return {c: float(lines[c].sum(skipna=False)) if len(lines) else np.nan for c in cols}


# --------------------------------------------------------------------------------------- rows


def _urut(kode: str) -> tuple[int, ...]:
    return tuple(int(x) for x in kode.split("."))


def _susun(ref, riwayat, keuangan, p: Periode, opd: list[str], settings, rkpd: bool):
    nama_nom = dict(zip(ref.nomenklatur["kode"].astype(str), ref.nomenklatur["nama"], strict=True))
    opd_ref = ref.opd.set_index("kode_opd")
    ind = ref.indikator
    base = ind[ind["kode_opd"].isin(opd) & (ind["level"].astype(str) != "IKU")].copy()
    for c in ("akhir_periode",):
        if c not in base:
            base[c] = pd.NA
    base = base.reset_index(drop=True)
    nilai = _kinerja(ref, riwayat, p, base, settings)
    base = pd.concat([base, nilai], axis=1)
    simpul = simpul_indikator(ref).set_index("kode_indikator")["simpul"]
    base["simpul"] = base["kode_indikator"].map(simpul)
    iku_nama = ind.set_index("kode_indikator")["nama_indikator"]

    lines = _anggaran_baris(ref, keuangan, p, set(opd))
    lines["ada"] = lines["kode_kegiatan"].isin(nama_nom)
    rp_cols = ["rp7", "rp8", "rp9", "rp10", "rp11", "rp12", "rp13"]

    # nodes: (urusan, bidang) shared; program and below per OPD
    nodes: dict[tuple, dict] = {}

    def simpul_baru(level: str, kode: str, kode_opd: str | None) -> None:
        kunci = (_urut(kode)[:2], kode_opd if level not in ("urusan", "bidang_urusan") else "",
                 _urut(kode), level)  # fmt: skip
        nodes.setdefault(kunci, dict(level=level, kode=kode, kode_opd=kode_opd))

    def daftar(kode: str, kode_opd: str) -> None:
        for level, k in leluhur(kode):
            simpul_baru(level, k, None if level in ("urusan", "bidang_urusan") else kode_opd)

    for r in lines[lines["ada"]].itertuples():
        daftar(r.kode_kegiatan, r.kode_opd)
    for r in base[base["simpul"].notna()].itertuples():
        daftar(str(r.simpul), r.kode_opd)

    def urutan(kunci):
        ub, kode_opd, kode, _ = kunci
        # urusan/bidang rows (no OPD) first within their bidang, then each OPD's programs
        singkatan = str(opd_ref["singkatan"].get(kode_opd, "")) if kode_opd else ""
        return (ub, 0 if not kode_opd else 1, singkatan, kode)

    rows: list[dict] = []
    for no, kunci in enumerate(sorted(nodes, key=urutan), 1):
        nd = nodes[kunci]
        level, kode, kode_opd = nd["level"], nd["kode"], nd["kode_opd"]
        if kode_opd is None:
            under = lines[lines["ada"] & (lines["kode_kegiatan"] + ".").str.startswith(kode + ".")]
        else:
            under = lines[
                lines["ada"]
                & (lines["kode_opd"] == kode_opd)
                & (lines["kode_kegiatan"] + ".").str.startswith(kode + ".")
            ]
        rp = _jumlah(under, rp_cols)
        mine = base[(base["simpul"] == kode) & (base["kode_opd"] == kode_opd)] if kode_opd else []
        first = dict(
            tingkat=level, no=no, kode=kode,
            uraian=nama_nom.get(kode, f"(nama kode {kode} tidak ada di nomenklatur.csv)"),
            kode_opd=kode_opd, **rp,
        )  # fmt: skip
        if kode_opd and level == "program":  # once per program: its rows below are its own
            first["penanggung_jawab"] = opd_ref["nama_opd"].get(kode_opd, kode_opd)
        if level == "program" and rkpd:
            sup = base[
                (base["kode_opd"] == kode_opd)
                & base["simpul"].fillna("").str.startswith(kode)
                & base["kode_iku"].notna()
            ]["kode_iku"]
            names = [
                str(iku_nama.get(c.strip(), c.strip()))
                for v in sup
                for c in str(v).split(";")
                if c.strip()
            ]
            first["sasaran"] = "; ".join(dict.fromkeys(names)) or None
        if len(mine):
            rp6 = mine["rp6"].dropna()
            first["rp6"] = float(rp6.iloc[0]) if len(rp6) else np.nan
            for j, (_, m) in enumerate(mine.iterrows()):
                row = first if j == 0 else dict(tingkat="indikator", kode_opd=kode_opd)
                _isi_indikator(row, m)
                if j:
                    rows.append(row)
                else:
                    rows.append(first)
        else:
            rows.append(first)

    def seksi(judul: str, sel: pd.DataFrame) -> None:
        if not len(sel):
            return
        rows.append(dict(tingkat="seksi", uraian=judul))
        for _, m in sel.iterrows():
            row = dict(tingkat="indikator", kode=m["kode_nomenklatur"], kode_opd=m["kode_opd"],
                       penanggung_jawab=opd_ref["nama_opd"].get(m["kode_opd"], m["kode_opd"]))  # fmt: skip
            _isi_indikator(row, m)
            rows.append(row)

    lepas = base[base["simpul"].isna()]
    seksi(SEKSI_SASARAN, lepas[lepas["level"].astype(str) == "sasaran"])
    seksi(SEKSI_TANPA_SIMPUL, lepas[lepas["level"].astype(str) != "sasaran"])
    asing = lines[~lines["ada"]]
    if len(asing):
        rows.append(dict(tingkat="seksi", uraian=SEKSI_ANGGARAN))
        for r in asing.itertuples():
            rows.append(
                dict(tingkat="sub_kegiatan", kode=r.kode_kegiatan, uraian=r.nama_kegiatan,
                     kode_opd=r.kode_opd, penanggung_jawab=opd_ref["nama_opd"].get(r.kode_opd),
                     **{c: getattr(r, c) for c in rp_cols})
            )  # fmt: skip
    out = pd.DataFrame(rows).reindex(columns=KOLOM_BARIS)
    out["rp14"] = np.where(out["rp13"].notna(), out["rp7"].fillna(0) + out["rp13"], np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        rp15 = out["rp14"].to_numpy(dtype=float) / out["rp6"].to_numpy(dtype=float) * 100
    out["rp15"] = bulat(np.where(np.isfinite(rp15), rp15, np.nan), 2)
    for c in RP[:-1]:
        out[c] = bulat(out[c].to_numpy(dtype=float), 0)  # whole rupiah
    out["perlu_verifikasi"] = out["perlu_verifikasi"].fillna(False).astype(bool)
    return out, base


def _isi_indikator(row: dict, m: pd.Series) -> None:
    row["indikator"] = m["nama_indikator"]
    row["satuan"] = m["satuan"]
    row["desimal"] = int(m["desimal"])
    row["kode_indikator"] = m["kode_indikator"]
    row["perlu_verifikasi"] = bool(m["perlu_verifikasi"])
    for c in K:
        row[c] = m[c]


# ------------------------------------------------------------------------------------- footer


def _daftar(items: list[str], maks: int = 8) -> str:
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) > maks:
        return "; ".join(items[:maks]) + f"; dan {len(items) - maks} lainnya"
    return "; ".join(items)


def _faktor(
    ref, riwayat, base, p: Periode, opd: list[str], tindak_lanjut, realisasi, keuangan, settings,
    jenis: str,
) -> tuple[tuple[str, str], ...]:  # fmt: skip
    """The four footer rows, drafted from the store (the analyst edits them)."""
    singkatan = ref.opd.set_index("kode_opd")["singkatan"]
    awal_tw = (p.triwulan - 1) * 3 + 1
    bulan_tw = [f"{p.tahun}-{m:02d}" for m in range(awal_tw, p.bulan + 1)]
    kini = riwayat[(riwayat["periode"].astype(str) == str(p))]
    kini = kini[kini["kode_opd"].astype(str).isin(opd) & (kini["level"].astype(str) != "IKU")]
    kini = kini[kini["capaian"].notna()]
    if "dalam_rata" in kini:
        kini = kini[kini["dalam_rata"].astype(bool)]
    bagus = kini[kini["capaian"] >= 100].sort_values("capaian", ascending=False)

    def nama(frame: pd.DataFrame, kolom: str) -> list[str]:
        return [
            f"{getattr(r, kolom)} ({singkatan.get(r.kode_opd, r.kode_opd)})"
            for r in frame.itertuples()
        ]

    if len(bagus):
        pendorong = (
            "Indikator yang mencapai atau melampaui target tahunan: "
            f"{_daftar(nama(bagus, 'nama_indikator'), 6)} ({len(bagus)} dari {len(kini)} indikator)."
        )
    else:
        pendorong = "Belum ada indikator yang mencapai target tahunan."
    kendala = []
    for src in (realisasi, keuangan):
        if src is None or "kendala" not in src:
            continue
        s = src[src["kode_opd"].astype(str).isin(opd) & src["periode"].astype(str).isin(bulan_tw)]
        s = s[s["kendala"].notna()]
        for teks, grp in s.groupby(s["kendala"].astype(str).str.strip(), sort=False):
            siapa = ", ".join(sorted({str(singkatan.get(k, k)) for k in grp["kode_opd"]}))
            kendala.append((len(grp), f"{teks} ({siapa})"))
    kendala.sort(key=lambda x: -x[0])
    penghambat = (
        _daftar([t for _, t in kendala]) + "."
        if kendala
        else "Tidak ada kendala yang dilaporkan OPD pada triwulan ini."
    )
    tl_teks = "Tidak ada tindak lanjut terbuka."
    if tindak_lanjut is not None and len(tindak_lanjut):
        tl = tindak_lanjut[tindak_lanjut["kode_opd"].astype(str).isin(opd)]
        if "keadaan" in tl:
            tl = tl[tl["keadaan"].astype(str) != "selesai"]
        if len(tl):
            tl_teks = _daftar(nama(tl, "tindak_lanjut")) + "."
    rendah = kini[predikat(kini["capaian"], settings, singkat=True).astype(str).isin(["R", "SR"])]
    if len(rendah):
        lanjut = (
            "Tinjau ulang target, program/kegiatan dan anggaran indikator berpredikat rendah: "
            + _daftar(nama(rendah, "nama_indikator"))
            + "."
        )
    else:
        lanjut = (
            "Pertahankan program/kegiatan yang berjalan; tidak ada indikator berpredikat rendah."
        )
    teks = (pendorong, penghambat, tl_teks, lanjut)
    return tuple((label.format(jenis=jenis), t) for label, t in zip(FAKTOR, teks, strict=True))


def _rata(x: pd.Series, settings) -> tuple[float, str | None]:
    x = pd.to_numeric(x, errors="coerce").dropna()
    if not len(x):
        return float("nan"), None
    rata = float(bulat(float(x.mean()), 2))
    label = predikat(pd.Series([rata]), settings).iloc[0]
    return rata, (None if pd.isna(label) else str(label))


def _triwulan(p: Periode) -> tuple[str, ...]:
    out = []
    for q in range(1, 5):
        if q < p.triwulan or (q == p.triwulan and p.bulan % 3 == 0):
            out.append(f"Triwulan {TRIWULAN[q - 1]}")
        elif q == p.triwulan:
            out.append(f"Triwulan {TRIWULAN[q - 1]} s.d. {NAMA_BULAN[p.bulan - 1]}")
        else:
            out.append(f"Triwulan {TRIWULAN[q - 1]} (belum berjalan)")
    return tuple(out)


def _catatan(baris: pd.DataFrame, p: Periode) -> tuple[str, ...]:
    out = [
        f"Keadaan s.d. {p.label}: kolom triwulan yang belum selesai berisi nilai s.d. bulan itu; "
        "triwulan yang belum berjalan dikosongkan.",
        "Triwulan indikator kumulatif = realisasi dalam triwulan itu; indikator tingkat = nilai "
        "pada akhir triwulan. Kolom 14 = 7 + 13 untuk anggaran dan indikator kumulatif yang "
        "target akhirnya jumlah seluruh tahun rencana; nilai terakhir untuk indikator tingkat. "
        "Tingkat capaian K dihitung sesuai polaritas terhadap target akhir periode.",
        "Sel kosong: data belum ada atau belum dilaporkan (bukan nol).",
    ]
    ditandai = baris.loc[baris["perlu_verifikasi"], "kode_indikator"].dropna().astype(str)
    if len(ditandai):
        out.append(
            f"{len(ditandai)} nilai bulan ini perlu verifikasi (ditandai *): " + _daftar(list(ditandai), 12) + "."
        )  # fmt: skip
    return tuple(out)


def _tabel(
    jenis, ref, riwayat, keuangan, periode, settings, opd, tindak_lanjut, realisasi, judul,
    kode_opd=None, nama_opd=None,
) -> TabelResmi:  # fmt: skip
    p = Periode.parse(periode)
    baris, base = _susun(ref, riwayat, keuangan, p, opd, settings, rkpd=jenis == "RKPD")
    rata_k, pred_k = _rata(baris["k15"], settings)
    rata_rp, pred_rp = _rata(baris["rp15"], settings)
    faktor = _faktor(
        ref, riwayat, base, p, opd, tindak_lanjut, realisasi, keuangan, settings, jenis
    )
    return TabelResmi(
        jenis=jenis, tahun=p.tahun, periode=str(p), judul=judul, baris=baris,
        triwulan=_triwulan(p), rata_k=rata_k, rata_rp=rata_rp, predikat_k=pred_k,
        predikat_rp=pred_rp, faktor=faktor, catatan=_catatan(baris, p), kode_opd=kode_opd,
        nama_opd=nama_opd, daerah=ref.daerah.nama,
    )  # fmt: skip


def tabel_rkpd(
    ref, riwayat: pd.DataFrame, keuangan: pd.DataFrame | None, periode: str,
    settings: Settings = _DEFAULT, *, tindak_lanjut: pd.DataFrame | None = None,
    realisasi: pd.DataFrame | None = None, opd: list[str] | None = None,
) -> TabelResmi:  # fmt: skip
    """``opd``: only these OPDs' rows (a rakor scope, one Asisten's line); default all."""
    p = Periode.parse(periode)
    semua = list(ref.opd["kode_opd"].astype(str))
    opd = semua if opd is None else [k for k in semua if k in set(opd)]
    iku = ref.indikator[ref.indikator["level"].astype(str) == "IKU"]["nama_indikator"]
    nama = ref.daerah.nama
    judul = (
        f"Evaluasi terhadap Hasil RKPD {nama} Tahun {p.tahun}",
        f"Keadaan s.d. {p.label}",
        f"Sasaran pembangunan tahunan {nama}: " + ("; ".join(iku) if len(iku) else "–"),
    )
    return _tabel("RKPD", ref, riwayat, keuangan, periode, settings, opd, tindak_lanjut,
                  realisasi, judul)  # fmt: skip


def tabel_renja(
    ref, riwayat: pd.DataFrame, keuangan: pd.DataFrame | None, periode: str, kode_opd: str,
    settings: Settings = _DEFAULT, *, tindak_lanjut: pd.DataFrame | None = None,
    realisasi: pd.DataFrame | None = None,
) -> TabelResmi:  # fmt: skip
    p = Periode.parse(periode)
    riwayat = riwayat[riwayat["kode_opd"] == kode_opd]  # one OPD: the rest is never read
    nama_opd = str(ref.opd.set_index("kode_opd")["nama_opd"].get(kode_opd, kode_opd))
    ind = ref.indikator
    mine = ind[(ind["kode_opd"] == kode_opd) & ind["kode_iku"].notna()]["kode_iku"]
    iku_nama = ind.set_index("kode_indikator")["nama_indikator"]
    iku = [str(iku_nama.get(c.strip(), c.strip())) for v in mine for c in str(v).split(";")]
    judul = (
        f"Evaluasi terhadap Hasil Renja Perangkat Daerah {nama_opd}",
        f"{ref.daerah.nama} Tahun {p.tahun} — keadaan s.d. {p.label}",
        "Indikator kinerja utama daerah yang didukung: " + (_daftar(iku, 12) or "–"),
    )
    return _tabel("Renja", ref, riwayat, keuangan, periode, settings, [kode_opd], tindak_lanjut,
                  realisasi, judul, kode_opd, nama_opd)  # fmt: skip


# ------------------------------------------------------------------------------------ headers


def judul_kolom(jenis: str, tahun: int, triwulan: tuple[str, ...]) -> list[tuple[int, str, bool]]:
    """(number, title, has K/Rp pair) of every column of the table, in order."""
    rkpd = jenis == "RKPD"
    dok, rencana = (
        ("RKPD", "RPJMD") if rkpd else ("Renja Perangkat Daerah", "Renstra Perangkat Daerah")
    )
    judul = [("No", False)]
    if rkpd:
        judul.append(("Sasaran", False))
    judul += [
        ("Kode", False),
        ("Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan", False),
        ("Indikator Kinerja Program (outcome)/Kegiatan (output)", False),
        (f"Target {rencana} pada Akhir Periode {rencana.split()[0]}", True),
        (f"Realisasi Capaian Kinerja dan Anggaran {rencana.split()[0]} s.d. {dok.split()[0]} Tahun Lalu ({tahun - 1})", True),
        (f"Target Kinerja dan Anggaran {dok} Tahun Berjalan ({tahun})", True),
        *((f"Realisasi Kinerja dan Anggaran {t}", True) for t in triwulan),
        (f"Realisasi Capaian Kinerja dan Anggaran {dok} yang Dievaluasi ({tahun})", True),
        (f"Realisasi Kinerja dan Anggaran {rencana.split()[0]} s.d. Tahun {tahun}", True),
        (f"Tingkat Capaian Kinerja dan Realisasi Anggaran {rencana.split()[0]} s.d. Tahun {tahun} (%)", True),
        ("Perangkat Daerah Penanggung Jawab" if rkpd else "Unit Perangkat Daerah Penanggung Jawab", False),
    ]  # fmt: skip
    return [(i + 1, t, pair) for i, (t, pair) in enumerate(judul)]


def nomor_bawah(jenis: str) -> list[str]:
    """The numbering row's text per column number ("14 = 7 + 13", "15 = 14 / 6 × 100 %")."""
    n = 16 if jenis == "RKPD" else 15
    geser = 0 if jenis == "RKPD" else 1
    out = [str(i) for i in range(1, n + 1)]
    out[13 - geser] = f"{14 - geser} = {7 - geser} + {13 - geser}"
    out[14 - geser] = f"{15 - geser} = {14 - geser} / {6 - geser} × 100 %"
    return out


def kolom_nilai(jenis: str) -> list[tuple[int, str | None, str]]:
    """(column number, "K"/"Rp"/None, field of ``baris``) of every printed cell, in order."""
    rkpd = jenis == "RKPD"
    geser = 0 if rkpd else 1
    out: list[tuple[int, str | None, str]] = [(1, None, "no")]
    if rkpd:
        out.append((2, None, "sasaran"))
    out += [(3 - geser, None, "kode"), (4 - geser, None, "uraian"), (5 - geser, None, "indikator")]
    for n in range(6, 16):
        out += [(n - geser, "K", f"k{n}"), (n - geser, "Rp", f"rp{n}")]
    out.append((16 - geser, None, "penanggung_jawab"))
    return out


def tabel_bernomor(t: TabelResmi) -> pd.DataFrame:
    """``baris`` under numbered headers: "1 No", …, "8 Target … (K)", "8 Target … (Rp)"."""
    judul = {n: tt for n, tt, _ in judul_kolom(t.jenis, t.tahun, t.triwulan)}
    cols = {}
    for n, kr, f in kolom_nilai(t.jenis):
        cols[f"{n} {judul[n]}" + (f" ({kr})" if kr else "")] = t.baris[f].to_numpy()
    return pd.DataFrame(cols)


def nomor_kolom(tabel: pd.DataFrame) -> list[int]:
    """The regulation's column numbers present in a table (for checks and headers)."""
    return sorted({int(str(c).split(" ", 1)[0]) for c in tabel.columns})


__all__ = ["LABEL_LEVEL", "LEVEL_NOMENKLATUR", "TabelResmi", "tabel_renja", "tabel_rkpd"]
