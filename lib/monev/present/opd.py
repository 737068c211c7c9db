"""The sections of one OPD's report (``notebooks/opd.ipynb``), one function per cell: its
indicators, budget, obstacles, data quality, follow-ups and contribution to the IKU. Every figure
is the OPD's row or rows of the engine's result."""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from monev.model.periode import Periode
from monev.present import charts, sections, status
from monev.present import format as fmt
from monev.present.escape import judul, paragraf
from monev.present.kualitas import temuan_opd
from monev.present.labels import kolom
from monev.present.sections import html
from monev.present.tables import dengan_target, tabel_html


def satu_opd(ctx, kode_opd: str) -> pd.Series:
    """The OPD's row of ``Evaluasi.opd``."""
    opd = ctx.evaluasi.opd
    baris = opd[opd["kode_opd"] == kode_opd]
    if baris.empty:
        raise ValueError(f"OPD {kode_opd!r} tidak ada di data referensi opd.csv.")
    return baris.iloc[0]


def nama_opd(ctx, kode_opd: str) -> str:
    return str(satu_opd(ctx, kode_opd)["nama_opd"])


def kepala(ctx, kode_opd: str, judul_rapat: str = "", tanggal_rapat: str = "") -> HTML:
    return sections.kepala(
        ctx, nama_opd(ctx, kode_opd), sections.judul_rapat(ctx, judul_rapat), tanggal_rapat
    )


def ringkas_kinerja(ctx, kode_opd: str) -> str:
    """The OPD's mean capaian, predikat and uncomputable count, as a sentence."""
    r = satu_opd(ctx, kode_opd)
    bulan = Periode.parse(ctx.periode).label
    lapor = f"Status laporan {bulan}: {status.teks_status(r)}."
    if status.belum(r):
        return (
            f"{lapor} Belum lapor: tidak diperingkat dan tidak ada rata-rata capaian bulan ini; "
            "nilai yang tampil di bawah adalah nilai terakhir yang pernah dilaporkan."
        )
    predikat = r["predikat"] if pd.notna(r["predikat"]) else "belum ada"
    ditandai = int(r["nilai_ditandai"]) if pd.notna(r["nilai_ditandai"]) else 0
    tanda = (
        f" {ditandai} nilai perlu verifikasi dan tidak ikut dirata-rata."
        if ditandai and not ctx.settings.include_flagged_in_mean
        else f" {ditandai} nilai perlu verifikasi."
        if ditandai
        else ""
    )
    return (
        f"{lapor} Rata-rata capaian {fmt.persen(r['rata_capaian'], 2)} ({predikat}); "
        f"{int(r['tidak_dapat_dihitung'])} indikator tidak dapat dihitung.{tanda}"
    )


def status_kiriman(ctx, kode_opd: str) -> str:
    """When the submission in force was loaded, and whether it revised an earlier one."""
    rev = ctx.revisi[ctx.revisi["kode_opd"] == kode_opd]
    bulan = Periode.parse(ctx.periode).label
    if rev.empty:
        return f"Belum ada kiriman {bulan} yang dimuat."
    r = rev.iloc[0]
    dimuat = fmt.tanggal(r["dimuat"])
    if bool(r["direvisi"]):
        return f"Kiriman {bulan} direvisi pada {dimuat} (revisi {int(r['revisi'])})."
    return f"Kiriman {bulan} dimuat pada {dimuat}."


def kinerja(ctx, kode_opd: str) -> HTML:
    s = ctx.settings
    ind = ctx.evaluasi.indikator
    ind = status.dengan_asal(dengan_target(ind[ind["kode_opd"] == kode_opd]))
    riw = ctx.evaluasi.riwayat
    riw = riw[(riw["kode_opd"] == kode_opd) & (riw["tahun"] == Periode.parse(ctx.periode).tahun)]
    r = satu_opd(ctx, kode_opd)
    return html(
        judul("Capaian kinerja per indikator"),
        paragraf(f"{ringkas_kinerja(ctx, kode_opd)} {status_kiriman(ctx, kode_opd)}"),
        tabel_html(
            ind,
            kolom(
                s,
                "kode_indikator",
                "nama_indikator",
                "satuan",
                "target",
                "realisasi",
                "capaian",
                "predikat",
                "arah_tren",
                "alasan",
                "asal_nilai",
            ),
            settings=s,
        ),
        charts.gambar_html(
            charts.tren_capaian(
                sections.capaian_per_bulan(ctx, riw, ["level"]),
                kelompok="level",
                judul="Rata-rata capaian bulanan per level indikator",
            ),
            charts.caption_tren(r, str(r["singkatan"]), s),
        ),
    )


def tonggak(ctx, r: pd.Series) -> str:
    """The absorption milestone in force and whether the OPD meets it (the engine's)."""
    if pd.isna(r.get("milestone_target")):
        return ""
    status = "tercapai" if r["memenuhi_milestone"] else "belum tercapai"
    bulan = Periode(Periode.parse(ctx.periode).tahun, int(r["milestone_bulan"])).label
    return f" Tonggak {fmt.persen(r['milestone_target'], 0)} akhir {bulan}: {status}."


def anggaran(ctx, kode_opd: str) -> HTML:
    r = satu_opd(ctx, kode_opd)
    keg = kegiatan_dengan_kendala(ctx, kode_opd)
    if status.belum(r):
        keg = status.anggaran_belum_lapor(keg.assign(status_laporan=r["status_laporan"]))
        ringkas = (
            f"Realisasi keuangan dan fisik {Periode.parse(ctx.periode).label}: belum lapor "
            f"(pagu {fmt.rupiah(r['pagu'])}; rencana {fmt.persen(r['target_keuangan_pct'])})."
        )
    else:
        ringkas = (
            f"Realisasi keuangan {fmt.persen(r['realisasi_keuangan_pct'])} dari pagu "
            f"{fmt.rupiah(r['pagu'])} (rencana {fmt.persen(r['target_keuangan_pct'])}, "
            f"lampu {r['lampu_keuangan']}); fisik {fmt.persen(r['realisasi_fisik'])} "
            f"(lampu {r['lampu_fisik']}).{tonggak(ctx, r)}"
        )
        if not pd.isna(r.get("keuangan_sebagian")) and r.get("keuangan_sebagian"):
            # never a partial sum read as complete (settings.anggaran_tanpa_laporan)
            n = int(r["kegiatan_tanpa_laporan"])
            cara = (
                "dihitung Rp 0 dan fisik 0 %"
                if ctx.settings.anggaran_tanpa_laporan == "nol"
                else "tidak dihitung: realisasi dan rencana di atas hanya atas sub kegiatan yang melapor"
            )
            ringkas += f" Sebagian: {n} sub kegiatan belum dilaporkan bulan ini ({cara})."
    return html(
        judul("Anggaran dan kemajuan fisik"),
        paragraf(ringkas),
        tabel_html(
            keg,
            kolom(
                ctx.settings,
                "kode_kegiatan",
                "nama_kegiatan",
                "pagu",
                "realisasi_keuangan",
                "realisasi_keuangan_pct",
                "target_keuangan_pct",
                "realisasi_fisik",
                "kendala",
            ),
        ),
    )


def kegiatan_dengan_kendala(ctx, kode_opd: str) -> pd.DataFrame:
    """The OPD's budget lines (``Evaluasi.kegiatan``) with the obstacle its submission of the
    period noted for each line (``kendala`` of the realisasi keuangan)."""
    keg = ctx.evaluasi.kegiatan
    keg = keg[keg["kode_opd"] == kode_opd]
    ku = ctx.keuangan
    ku = ku[(ku["kode_opd"] == kode_opd) & (ku["periode"].astype(str) == ctx.periode)]
    kendala = ku.dropna(subset=["kendala"]).drop_duplicates("kode_kegiatan", keep="last")
    return keg.merge(kendala[["kode_kegiatan", "kendala"]], on="kode_kegiatan", how="left")


def kendala(ctx, kode_opd: str) -> HTML:
    """The obstacles noted with the values the evaluation used (``Evaluasi.indikator``) and
    with the budget lines (realisasi keuangan of the period)."""
    ind = ctx.evaluasi.indikator
    ind = ind[(ind["kode_opd"] == kode_opd) & ind["kendala"].notna()]
    keg = kegiatan_dengan_kendala(ctx, kode_opd)
    keg = keg[keg["kendala"].notna()]
    return html(
        judul("Kendala yang dilaporkan"),
        judul("Indikator kinerja", 3),
        tabel_html(
            ind,
            kolom(ctx.settings, "kode_indikator", "nama_indikator", "kendala"),
            kosong="Tidak ada kendala indikator yang dilaporkan.",
        ),
        judul("Sub kegiatan (anggaran)", 3),
        tabel_html(
            keg,
            kolom(ctx.settings, "kode_kegiatan", "nama_kegiatan", "kendala"),
            kosong="Tidak ada kendala anggaran yang dilaporkan.",
        ),
    )


def proyeksi(ctx, kode_opd: str) -> HTML:
    """Year-end projections of the kumulatif indicators and the early warnings (the engine's
    ``proyeksi_akhir_tahun``, ``capaian_proyeksi``, ``peringatan_dini``)."""
    ind = ctx.evaluasi.indikator
    ind = ind[(ind["kode_opd"] == kode_opd) & ind["proyeksi_akhir_tahun"].notna()]
    peringatan = int(ind["peringatan_dini"].astype("boolean").fillna(False).sum())
    ringkas = (
        f"{peringatan} indikator kumulatif diproyeksikan tidak mencapai target tahunan "
        "(peringatan dini)."
        if peringatan
        else "Tidak ada peringatan dini: proyeksi indikator kumulatif mencapai target tahunan."
    )
    return html(
        judul("Proyeksi akhir tahun dan peringatan dini"),
        paragraf(ringkas) if len(ind) else "",
        tabel_html(
            ind.sort_values("capaian_proyeksi"),
            kolom(
                ctx.settings,
                "kode_indikator",
                "nama_indikator",
                "realisasi",
                "proyeksi_akhir_tahun",
                "target_tahunan",
                "capaian_proyeksi",
                "peringatan_dini",
            ),
            settings=ctx.settings,
            kosong="Tidak ada indikator kumulatif untuk diproyeksikan.",
        ),
    )


def kualitas(ctx, kode_opd: str) -> HTML:
    return html(judul("Temuan kualitas data"), temuan_opd(ctx, kode_opd))


def tindak_lanjut(ctx, kode_opd: str) -> HTML:
    return html(judul("Tindak lanjut"), sections.tabel_tindak_lanjut(ctx, [kode_opd]))


def kontribusi_iku(ctx, kode_opd: str) -> HTML:
    lin = ctx.evaluasi.lintas
    lin = lin[lin["kode_opd"] == kode_opd]
    s = ctx.settings
    return html(
        judul("Kontribusi terhadap IKU"),
        tabel_html(
            lin,
            kolom(
                s,
                "nama_iku",
                "kode_indikator",
                "nama_indikator",
                "capaian",
                "predikat",
                "arah_tren",
            ),
            settings=s,
            kosong="Tidak ada indikator yang mendukung IKU.",
        ),
    )
