"""What every report shares: the title block, the footnote, the scope of a page, and the
selections of the engine's result the report modules (``rakor``, ``opd``, ``iku``,
``kualitas``) build on.

Every section function takes the period context ``ctx`` (``monev.app.context.Context``) and
returns an ``IPython.display.HTML``; a notebook cell is one call. Figures are columns of the
engine's result (``ctx.evaluasi``, ``ctx.kualitas``, ``ctx.skor_kualitas``), never recomputed
here; names come from ``ctx.daerah``; thresholds, band labels and windows from ``ctx.settings``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from IPython.display import HTML

from monev.engine.rollup import rollup_bulanan
from monev.engine.trends import awal_tren as _awal_tren
from monev.model.periode import Periode
from monev.present import format as fmt
from monev.present.escape import paragraf, teks
from monev.present.labels import kolom
from monev.present.tables import tabel_html
from monev.present.theme import terapkan_tema


def html(*parts: str) -> HTML:
    return HTML("\n".join(parts))


def kepala(ctx, judul_laporan: str, sub: str = "", tanggal_rapat: str = "") -> HTML:
    """Title block; also applies the chart theme (first cell of every report)."""
    terapkan_tema()
    rapat = ""
    if tanggal_rapat:
        rapat = f"Rapat: {fmt.tanggal(dt.date.fromisoformat(tanggal_rapat))}. "
    return html(
        f'<header class="kepala"><h1>{teks(judul_laporan)}</h1>',
        paragraf(sub) if sub else "",
        paragraf(f"Periode {Periode.parse(ctx.periode).label}. {rapat}{ctx.daerah.pemerintah}."),
        "</header>",
    )


def judul_rapat(ctx, judul: str = "") -> str:
    """The meeting's title: the month's own (params ``judul``), else the regency's."""
    return judul or ctx.daerah.judul_rakor


def catatan_kaki(ctx) -> HTML:
    """Footnote: the settings in force (methods.md requires it in every report)."""
    return html(
        '<footer class="catatan">',
        *(paragraf(t) for t in uraian_pengaturan(ctx.settings)),
        paragraf(
            "Capaian negatif digambar mulai 0 pada grafik; angka pada tabel tetap apa adanya."
        ),
        "</footer>",
    )


def uraian_pengaturan(settings) -> list[str]:
    """Every setting a page's figures depend on, as sentences (the footnote): the engine's own
    statement (``Settings.uraian``: formulas, rounding, trend basis, deadlines, plausibility and
    whether flagged values count), then the bands, the traffic lights and the milestones."""
    s = settings
    tonggak = ", ".join(
        f"{fmt.angka(p, 0)} % akhir {Periode(2000, b).label.split()[0]}" for b, p in s.milestones
    )
    merah, kuning = fmt.angka(s.lampu_merah_below, 1), fmt.angka(s.lampu_kuning_below, 1)
    return [
        "Pengaturan yang berlaku: " + s.uraian(),
        uraian_band(s),
        f"Lampu anggaran (deviasi realisasi terhadap rencana, poin): merah di bawah {merah}, "
        f"kuning di bawah {kuning}, selain itu hijau.",
        f"Tonggak serapan anggaran: {tonggak or 'tidak ada'}.",
        "OPD yang belum lapor (kosong atau tidak lapor) tidak diperingkat dan tidak "
        "dirata-rata; realisasi anggarannya belum diketahui, bukan 0.",
    ]


def uraian_band(settings) -> str:
    """The predikat bands in force, as a sentence: "Predikat: Sangat Tinggi di atas 90; …"."""

    def batas(x: float) -> str:
        return fmt.angka(x, 0 if float(x).is_integer() else 2)

    bagian = [
        f"{b.label} di atas {batas(b.batas_bawah)}"
        for b in settings.bands
        if b.batas_bawah != float("-inf")
    ]
    terendah = settings.bands[-1].label
    if len(settings.bands) > 1:
        bagian.append(f"{terendah} {batas(settings.bands[-2].batas_bawah)} ke bawah")
    else:
        bagian.append(f"{terendah} untuk semua nilai")
    return "Predikat (rata-rata capaian dan capaian, %): " + "; ".join(bagian) + "."


# ------------------------------------------------------------------------------ scope


def opd_dalam_cakupan(ctx, asisten: str = "") -> pd.DataFrame:
    """The OPD frame of the evaluation, limited to one Asisten's line when given."""
    opd = ctx.evaluasi.opd
    if asisten:
        opd = opd[opd["asisten"] == asisten]
    return opd.reset_index(drop=True)


def ringkasan_cakupan(ctx, asisten: str = "") -> pd.Series:
    """The engine's roll-up row of the scope: ``Evaluasi.asisten`` for one Asisten, else
    ``Evaluasi.kabupaten`` (methods.md §3: the Asisten and the regency are rolled up from their
    indicators, not from OPD means; budget totals are the engine's too)."""
    if not asisten:
        return ctx.evaluasi.kabupaten.iloc[0]
    baris = ctx.evaluasi.asisten
    baris = baris[baris["asisten"].astype(str) == asisten]
    if baris.empty:
        ctx.daerah.cari_asisten(asisten)  # names the Asisten the regency has
        raise ValueError(f"Asisten {asisten} tidak membawahi OPD mana pun di opd.csv.")
    return baris.iloc[0]


def nama_cakupan(ctx, asisten: str = "") -> str:
    """How a caption names the scope: "Asisten II", or the regency."""
    return ctx.daerah.cari_asisten(asisten).label if asisten else ctx.daerah.nama


def tindak_lanjut_terbuka(ctx, kode_opd: list[str] | None = None) -> pd.DataFrame:
    """The engine's follow-ups not yet done (of the OPDs given): open, then overdue, each by
    deadline."""
    tl = ctx.evaluasi.tindak_lanjut
    if tl.empty:
        return tl
    if kode_opd is not None:
        tl = tl[tl["kode_opd"].isin(kode_opd)]
    return tl[tl["keadaan"].astype(str) != "selesai"].sort_values(["keadaan", "batas_waktu"])


def tabel_tindak_lanjut(ctx, kode_opd: list[str]) -> str:
    """The open follow-ups of these OPDs as a table (the rakor's and each OPD page's)."""
    names = ("kode_tl", "singkatan", "masalah", "tindak_lanjut", "penanggung_jawab")
    from monev.present.keputusan import bagian  # the rakor's decisions (register)

    return tabel_html(
        tindak_lanjut_terbuka(ctx, kode_opd),
        kolom(ctx.settings, *names, "batas_waktu", "keadaan", "keterangan"),
        kosong="Tidak ada tindak lanjut terbuka.",
    ) + bagian(ctx, kode_opd)


# ------------------------------------------------------------------------------ months


def awal_tren(ctx) -> str:
    """The first month of the trend window (``settings.trend_window`` months up to the period)."""
    return _awal_tren(ctx.periode, ctx.settings)


def capaian_per_bulan(
    ctx, riwayat: pd.DataFrame, by: list[str], dari: str | None = None
) -> pd.DataFrame:
    """The engine's monthly roll-up (``monev.engine.rollup.rollup_bulanan``, under the settings in
    force: weights, clipping) of ``riwayat`` rows per ``by`` and month from ``dari``: columns
    ``by``, ``periode``, ``rata_capaian``, ``predikat``, counts. At the period, a group's row is
    the engine's own row of it (an OPD's in ``Evaluasi.opd``, an Asisten's in
    ``Evaluasi.asisten``)."""
    return rollup_bulanan(riwayat, by, ctx.settings, dari=dari, sampai=ctx.periode)
