"""The sections of one IKU's cross-sector report (``notebooks/iku.ipynb``): the IKU's own
series against its targets, and every OPD indicator that supports it (``Evaluasi.iku``,
``Evaluasi.iku_seri``, ``Evaluasi.lintas``)."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

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
    return html(
        judul(f"{b['nama_indikator']}"),
        charts.gambar_html(
            charts.seri_iku(s, nama=str(b["nama_indikator"]), satuan=str(b["satuan"])),
            caption_seri(b),
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
