"""The sections of one IKU's cross-sector report (``notebooks/iku.ipynb``): the IKU's own
series against its targets, and every OPD indicator that supports it (``Evaluasi.iku``,
``Evaluasi.iku_seri``, ``Evaluasi.lintas``)."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from monev.engine import lintas as engine_lintas
from monev.present import charts, sections
from monev.present import format as fmt
from monev.present.escape import judul
from monev.present.labels import kolom
from monev.present.sections import html
from monev.present.status import dengan_asal
from monev.present.tables import dengan_target, tabel_html

JUDUL = "IKU lintas sektor"


def kepala(ctx, judul_rapat: str = "", tanggal_rapat: str = "") -> HTML:
    return sections.kepala(ctx, JUDUL, sections.judul_rapat(ctx, judul_rapat), tanggal_rapat)


def tabel_iku(iku: pd.DataFrame) -> pd.DataFrame:
    """The IKU rows as printed: the target is the one of the statistic's own reference year
    (``tahun_data``, ``target_tahun_data``), a range as "a–b"."""
    return dengan_target(iku.assign(target=iku["target_tahun_data"]))


def satu_iku(ctx, kode_iku: str) -> pd.Series:
    iku = ctx.evaluasi.iku
    baris = iku[iku["kode_indikator"] == kode_iku]
    if baris.empty:
        raise ValueError(f"IKU {kode_iku!r} tidak ada di indikator.csv (level IKU).")
    return baris.iloc[0]


def caption_seri(b: pd.Series) -> str:
    if pd.isna(b["nilai"]):
        return "Belum ada nilai IKU."
    arah = b["arah_tren"] if pd.notna(b["arah_tren"]) else "belum dapat ditentukan"
    b = tabel_iku(b.to_frame().T).iloc[0]
    tahun = b["tahun_data"]
    tahun = fmt.KOSONG if pd.isna(tahun) else f"{int(tahun)}"
    target = b["target"]
    return (
        f"Nilai terakhir {fmt.angka(b['nilai'])} {b['satuan']} (tahun data {tahun}) "
        f"terhadap target {tahun} {target}: capaian {fmt.persen(b['capaian'])}; "
        f"tren {arah}."
    )


def seri(ctx, kode_iku: str) -> HTML:
    b = satu_iku(ctx, kode_iku)
    s = ctx.evaluasi.iku_seri
    s = s[s["kode_indikator"] == kode_iku]
    sumber = sumber_iku(ctx, kode_iku)
    jalur = lintasan(ctx, kode_iku)
    if sumber.empty and jalur.empty:  # nothing beyond the headline series: the plain chart
        gambar = charts.seri_iku(s, nama=str(b["nama_indikator"]), satuan=str(b["satuan"]))
    else:
        gambar = charts.lintasan_iku(
            sumber, jalur, nama=str(b["nama_indikator"]), satuan=str(b["satuan"])
        )
    return html(
        judul(f"{b['nama_indikator']}"),
        charts.gambar_html(gambar, " ".join([caption_seri(b), caption_lintasan(sumber, jalur)])),
    )


# ---------------------------------------------------------------- RPJMD path and data sources

SUMBER_ASAL = {"riwayat": "terbitan", "laporan": "laporan bulanan"}
JENIS_TARGET = {"tahunan": "target tahunan", "akhir_rpjmd": "target akhir RPJMD"}


def sumber_iku(ctx, kode_iku: str) -> pd.DataFrame:
    """Every data source of the IKU year by year (``engine.lintas.seri_iku_sumber``)."""
    ref = ctx.ref
    s = engine_lintas.seri_iku_sumber(
        ref.indikator, ref.target, ref.iku_riwayat, ctx.evaluasi.riwayat, ctx.periode,
        ctx.settings,
    )  # fmt: skip
    return s[s["kode_indikator"] == kode_iku].reset_index(drop=True)


def lintasan(ctx, kode_iku: str) -> pd.DataFrame:
    """The IKU's RPJMD target path to the end of the plan (``engine.lintas.lintasan_rpjmd``)."""
    j = engine_lintas.lintasan_rpjmd(ctx.ref.indikator, ctx.ref.target)
    return j[j["kode_indikator"] == kode_iku].reset_index(drop=True)


def caption_lintasan(sumber: pd.DataFrame, jalur: pd.DataFrame) -> str:
    bagian = []
    nama = sorted(sumber.loc[sumber["nilai"].notna(), "sumber"].dropna().astype(str).unique())
    if len(nama) > 1:
        utama = sumber.loc[sumber["utama"], "sumber"].dropna().astype(str)
        kepala = f" ({utama.iloc[-1]} sumber utama)" if len(utama) else ""
        bagian.append(f"{len(nama)} sumber data digambar: {', '.join(nama)}{kepala}.")
    ada = jalur[jalur["target"].notna() | jalur["target_bawah"].notna()]
    if len(ada):
        akhir = int(jalur["tahun"].max())
        bagian.append(f"Lintasan target RPJMD sampai {akhir}")
        tanpa = jalur.loc[~jalur.index.isin(ada.index), "tahun"].astype(int).astype(str)
        if len(tanpa):
            bagian[-1] += f"; target.csv belum memuat target tahun {', '.join(tanpa)}"
        bagian[-1] += "."
    return " ".join(bagian)


def tabel_lintasan(ctx, kode_iku: str) -> pd.DataFrame:
    """One row per plan year: the target (a range as "a–b"), its kind, and the realised
    headline value of that year with its capaian where there is one (empty otherwise)."""
    jalur = lintasan(ctx, kode_iku)
    if jalur.empty:
        return jalur
    s = ctx.evaluasi.iku_seri
    s = s[s["kode_indikator"] == kode_iku][["tahun", "nilai", "sumber", "capaian", "predikat"]]
    out = dengan_target(jalur).merge(s, on="tahun", how="left")
    out["jenis_target"] = out["jenis_target"].map(JENIS_TARGET).fillna("belum ada target")
    return out


def lintasan_rpjmd(ctx, kode_iku: str) -> HTML:
    t = tabel_lintasan(ctx, kode_iku)
    return html(
        judul("Lintasan target RPJMD"),
        tabel_html(
            t,
            {
                "tahun": "Tahun",
                "target": "Target",
                "jenis_target": "Jenis target",
                "nilai": "Realisasi",
                "sumber": "Sumber",
                "capaian": "Capaian (%)",
                "predikat": "Predikat",
            },
            settings=ctx.settings,
            kosong="target.csv belum memuat target tahunan atau akhir RPJMD untuk IKU ini.",
        ),
    )


def tabel_sumber(ctx, kode_iku: str) -> pd.DataFrame:
    """Each source's value of each year, labelled with its source and origin."""
    s = sumber_iku(ctx, kode_iku)
    s = s[s["nilai"].notna()]
    if s.empty:
        return s
    s = dengan_target(s)
    asal = s["asal"].map(SUMBER_ASAL)
    bulan = s["periode_nilai"].map(lambda p: fmt.bulan_atau_teks(p) if pd.notna(p) else "")
    s["asal"] = asal.where(bulan == "", asal + " " + bulan)
    s["utama"] = s["utama"].map({True: "Ya", False: "Tidak"})
    return s.sort_values(["tahun", "sumber"]).reset_index(drop=True)


def sumber_data(ctx, kode_iku: str) -> HTML:
    t = tabel_sumber(ctx, kode_iku)
    return html(
        judul("Nilai menurut sumber data"),
        tabel_html(
            t,
            {
                "tahun": "Tahun",
                "sumber": "Sumber",
                "nilai": "Nilai",
                "asal": "Asal nilai",
                "utama": "Sumber utama",
                "target": "Target",
                "capaian": "Capaian (%)",
                "predikat": "Predikat",
            },
            settings=ctx.settings,
            kosong="Belum ada nilai IKU dari sumber mana pun.",
        ),
    )


def pendukung(ctx, kode_iku: str) -> HTML:
    lin = ctx.evaluasi.lintas
    lin = lin[lin["kode_iku"] == kode_iku].sort_values("capaian")
    lin = dengan_asal(dengan_target(lin))
    nama = ["singkatan", "nama_indikator", "target", "realisasi", "capaian", "predikat",
            "arah_tren", "capaian_proyeksi", "peringatan_dini", "asal_nilai"]  # fmt: skip
    return html(
        judul("Indikator pendukung dari semua OPD"),
        tabel_html(
            lin,
            kolom(ctx.settings, *nama),
            settings=ctx.settings,
            kosong="Belum ada indikator pendukung.",
        ),
    )
