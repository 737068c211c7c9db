"""The sections of the data-quality report (``notebooks/kualitas_data.ipynb``), and the quality
tables the overview and the OPD pages show. Findings are the engine's (``ctx.kualitas``, from
``monev.engine.quality``), scores too (``ctx.skor_kualitas``)."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from monev.present import sections
from monev.present.escape import judul, paragraf
from monev.present.labels import kolom
from monev.present.sections import html
from monev.present.tables import tabel_html

JUDUL = "Laporan kualitas data (IKD)"


def kepala(ctx, judul_rapat: str = "", tanggal_rapat: str = "") -> HTML:
    return sections.kepala(ctx, JUDUL, sections.judul_rapat(ctx, judul_rapat), tanggal_rapat)


def ringkas(ctx) -> HTML:
    """How many findings of each kind and level (a tally of the rows listed below)."""
    k = ctx.kualitas
    if k.empty:
        return html(judul("Ringkasan temuan"), paragraf("Tidak ada temuan kualitas data."))
    hitung = k.groupby(["jenis", "tingkat"], observed=True).size().reset_index(name="jumlah")
    return html(
        judul("Ringkasan temuan"),
        tabel_html(hitung, kolom(ctx.settings, "jenis", "tingkat", "jumlah")),
    )


# the score and its three parts (data-quality.md §1): completeness, timeliness, validity
KOLOM_SKOR = (
    "singkatan", "status_laporan", "diharapkan", "diterima", "hari_terlambat", "temuan",
    "skor_kelengkapan", "skor_ketepatan", "skor_validitas", "skor", "peringkat",
)  # fmt: skip


# the overview's shorter table (it prints on A4 without spilling over)
KOLOM_SKOR_RINGKAS = (
    "singkatan", "status_laporan", "skor_kelengkapan", "skor_ketepatan", "skor_validitas",
    "skor", "peringkat",
)  # fmt: skip


def tabel_skor(ctx, kode_opd: list[str] | None = None, ringkas: bool = False) -> str:
    """The engine's data-quality score per OPD (of the OPDs given), best first: the score and
    its three parts, and (not ``ringkas``) what they count."""
    skor = ctx.skor_kualitas
    if kode_opd is not None and "kode_opd" in skor:
        skor = skor[skor["kode_opd"].isin(kode_opd)]
    nama = KOLOM_SKOR_RINGKAS if ringkas else KOLOM_SKOR
    return tabel_html(skor, kolom(ctx.settings, *nama))


def skor(ctx) -> HTML:
    return html(judul("Disiplin data: skor kualitas per OPD"), tabel_skor(ctx))


def nilai_ditandai(ctx, kode_opd: list[str] | None = None) -> pd.DataFrame:
    """The values of the period the engine flagged ``perlu_verifikasi``, with its reason."""
    ind = ctx.evaluasi.indikator
    ind = ind[ind["perlu_verifikasi"].astype("boolean").fillna(False).astype(bool)]
    if kode_opd is not None:
        ind = ind[ind["kode_opd"].isin(kode_opd)]
    return ind.sort_values(["singkatan", "kode_indikator"])


KOLOM_VERIFIKASI = (
    "singkatan", "kode_indikator", "nama_indikator", "realisasi", "periode_nilai",
    "alasan_verifikasi",
)  # fmt: skip


def verifikasi(ctx) -> HTML:
    """Flagged values: listed with the reason, and whether they count in the means."""
    masuk = "ikut" if ctx.settings.include_flagged_in_mean else "tidak ikut"
    return html(
        judul("Nilai perlu verifikasi"),
        paragraf(
            f"Nilai yang jauh dari riwayatnya atau dari targetnya {masuk} dirata-rata sampai "
            "OPD memastikannya (pengaturan include_flagged_in_mean)."
        ),
        tabel_html(
            nilai_ditandai(ctx),
            kolom(ctx.settings, *KOLOM_VERIFIKASI),
            kosong="Tidak ada nilai yang perlu verifikasi.",
        ),
    )


def rinci(ctx) -> HTML:
    """Every finding, with the OPD's short name."""
    k = ctx.kualitas
    singkat = ctx.ref.opd.set_index("kode_opd")["singkatan"]
    k = k.assign(singkatan=k["kode_opd"].map(singkat)) if "kode_opd" in k else k
    nama = ["singkatan", "jenis", "tingkat", "kode_indikator", "kode_kegiatan", "nilai",
            "nilai_sebelumnya", "pesan"]  # fmt: skip
    return html(
        judul("Semua temuan"),
        tabel_html(
            k, kolom(ctx.settings, *[c for c in nama if c in k]), kosong="Tidak ada temuan."
        ),
    )


def temuan_opd(ctx, kode_opd: str) -> str:
    """The findings of one OPD, as a table."""
    k = ctx.kualitas
    k = k[k["kode_opd"] == kode_opd] if "kode_opd" in k else k
    nama = [c for c in ("jenis", "tingkat", "kode_indikator", "nilai", "pesan") if c in k]
    return tabel_html(k, kolom(ctx.settings, *nama), kosong="Tidak ada temuan kualitas data.")
