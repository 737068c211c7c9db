"""The sections of the rakor reports, one function per notebook cell.

Each function takes the report context (``monev.app.context.Context``) and returns an
``IPython.display.HTML``; the selection and wording live here (tested), the notebooks only call.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from IPython.display import HTML

from monev.engine.rollup import rollup
from monev.model.periode import Periode
from monev.present import charts
from monev.present import format as fmt
from monev.present.escape import judul, paragraf, teks
from monev.present.tables import tabel_html
from monev.present.theme import terapkan_tema

KOLOM_OPD = {
    "peringkat_capaian": "No",
    "singkatan": "OPD",
    "rata_capaian": "Rata-rata capaian (%)",
    "predikat": "Predikat",
    "jumlah_dihitung": "Indikator dihitung",
    "tidak_dapat_dihitung": "Tidak dapat dihitung",
    "arah_tren": "Tren",
}
KOLOM_SERAPAN = {
    "peringkat_tepra": "Peringkat TEPRA",
    "singkatan": "OPD",
    "pagu": "Pagu",
    "realisasi_keuangan_pct": "Keuangan (%)",
    "target_keuangan_pct": "Rencana (%)",
    "deviasi_keuangan": "Deviasi keuangan",
    "lampu_keuangan": "Lampu keuangan",
    "realisasi_fisik": "Fisik (%)",
    "deviasi_fisik": "Deviasi fisik",
    "lampu_fisik": "Lampu fisik",
}
KOLOM_INDIKATOR = {
    "kode_indikator": "Kode",
    "nama_indikator": "Indikator",
    "satuan": "Satuan",
    "target": "Target",
    "realisasi": "Realisasi",
    "capaian": "Capaian (%)",
    "predikat": "Predikat",
    "arah_tren": "Tren",
    "alasan": "Keterangan",
}
KOLOM_TL = {
    "kode_tl": "Kode",
    "singkatan": "OPD",
    "masalah": "Masalah",
    "tindak_lanjut": "Tindak lanjut",
    "penanggung_jawab": "Penanggung jawab",
    "batas_waktu": "Batas waktu",
    "keadaan": "Keadaan",
}


def _html(*parts: str) -> HTML:
    return HTML("\n".join(parts))


def opd_dalam_cakupan(ktx, asisten: str = "") -> pd.DataFrame:
    """The OPD frame of the evaluation, limited to one Asisten's line when given."""
    opd = ktx.evaluasi.opd
    if asisten:
        opd = opd[opd["asisten"] == asisten]
    return opd.reset_index(drop=True)


def peringkat_opd(opd: pd.DataFrame) -> pd.DataFrame:
    """OPDs by mean capaian, best first; those without a computable capaian last."""
    out = opd.sort_values("rata_capaian", ascending=False, na_position="last").reset_index(
        drop=True
    )
    out.insert(0, "peringkat_capaian", range(1, len(out) + 1))
    return out


def berubah(opd: pd.DataFrame, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who improved and who worsened most since last month (capaian points)."""
    data = opd[opd["perubahan_mom"].notna()]
    naik = data[data["perubahan_mom"] > 0].nlargest(n, "perubahan_mom")
    turun = data[data["perubahan_mom"] < 0].nsmallest(n, "perubahan_mom")
    return naik, turun


def tindak_lanjut_opd(ktx, kode_opd: list[str] | None = None) -> pd.DataFrame:
    tl = ktx.evaluasi.tindak_lanjut
    if tl.empty:
        return tl
    singkat = ktx.ref.opd.set_index("kode_opd")["singkatan"]
    tl = tl.assign(singkatan=tl["kode_opd"].map(singkat))
    if kode_opd is not None:
        tl = tl[tl["kode_opd"].isin(kode_opd)]
    return tl[tl["keadaan"].astype(str) != "selesai"].sort_values(["keadaan", "batas_waktu"])


# ------------------------------------------------------------------------------ shared


def kepala(ktx, judul_laporan: str, sub: str = "", tanggal_rapat: str = "") -> HTML:
    """Title block; also applies the chart theme (first cell of every report)."""
    terapkan_tema()
    rapat = ""
    if tanggal_rapat:
        rapat = f"Rapat: {fmt.tanggal(dt.date.fromisoformat(tanggal_rapat))}. "
    return _html(
        f'<header class="kepala"><h1>{teks(judul_laporan)}</h1>',
        paragraf(sub) if sub else "",
        paragraf(
            f"Periode {Periode.parse(ktx.periode).label}. {rapat}Pemerintah Kabupaten Gunung Mas."
        ),
        "</header>",
    )


def catatan_kaki(ktx) -> HTML:
    """Footnote: the settings in force (methods.md requires it in every report)."""
    return _html(
        '<footer class="catatan">',
        paragraf("Pengaturan yang berlaku: " + ktx.settings.uraian()),
        paragraf(
            "Capaian negatif digambar mulai 0 pada grafik; angka pada tabel tetap apa adanya."
        ),
        "</footer>",
    )


# ------------------------------------------------------------------------------ rakor


def rakor_ringkasan(ktx, asisten: str = "") -> HTML:
    opd = opd_dalam_cakupan(ktx, asisten)
    dihitung = opd["rata_capaian"].notna()
    rata = opd.loc[dihitung, "rata_capaian"].mean()
    pagu = opd["pagu"].sum()
    real = opd["realisasi_keuangan"].sum()
    serapan = real / pagu * 100 if pagu else float("nan")
    tl_terlambat = int(opd["tl_terlambat"].fillna(0).sum()) if "tl_terlambat" in opd else 0
    kartu = [
        ("OPD", fmt.angka(len(opd), 0)),
        ("Rata-rata capaian", fmt.persen(rata, 1)),
        ("Pagu", fmt.rupiah_ringkas(pagu)),
        ("Serapan anggaran", fmt.persen(serapan, 1)),
        ("Tindak lanjut terlambat", fmt.angka(tl_terlambat, 0)),
    ]
    isi = "".join(
        f'<div class="kartu"><span class="nilai">{teks(v)}</span>'
        f'<span class="label">{teks(k)}</span></div>'
        for k, v in kartu
    )
    return _html(judul("Ringkasan"), f'<div class="kartu-kartu">{isi}</div>')


def rakor_peringkat(ktx, asisten: str = "") -> HTML:
    opd = peringkat_opd(opd_dalam_cakupan(ktx, asisten))
    fig = charts.peringkat_capaian(opd)
    return _html(
        judul("Peringkat capaian kinerja OPD"),
        charts.gambar_html(fig, charts.caption_peringkat(opd)),
        tabel_html(opd, KOLOM_OPD),
    )


def rakor_serapan(ktx, asisten: str = "") -> HTML:
    opd = opd_dalam_cakupan(ktx, asisten).sort_values("peringkat_tepra")
    return _html(
        judul("Serapan anggaran dan kemajuan fisik"),
        charts.gambar_html(charts.serapan_anggaran(opd), charts.caption_serapan(opd)),
        tabel_html(opd, KOLOM_SERAPAN),
    )


def rakor_kuadran(ktx, asisten: str = "") -> HTML:
    opd = opd_dalam_cakupan(ktx, asisten)
    batas = ktx.settings.bands[1].batas_bawah
    return _html(
        judul("Kinerja dibanding serapan anggaran"),
        charts.gambar_html(
            charts.kuadran_kinerja(opd, batas_kinerja=batas), charts.caption_kuadran(opd)
        ),
    )


def capaian_bulanan(ktx, opd: pd.DataFrame, awal: str) -> pd.DataFrame:
    """OPD × month mean capaian from ``awal`` to the period: rows ``singkatan`` (highest latest
    capaian first), columns ``YYYY-MM``. The engine's own rollup, so each month's column is what
    the OPD table of that month says."""
    riw = ktx.evaluasi.riwayat
    riw = riw[riw["kode_opd"].isin(opd["kode_opd"]) & (riw["periode"].astype(str) >= awal)]
    if riw.empty:
        return pd.DataFrame()
    per_bulan = rollup(
        riw.assign(kode_opd=riw["kode_opd"].astype(str), periode=riw["periode"].astype(str)),
        ["kode_opd", "periode"],
        ktx.settings,
    )
    tabel = per_bulan.pivot(index="kode_opd", columns="periode", values="rata_capaian")
    tabel = tabel.sort_values(tabel.columns[-1], ascending=False, na_position="last")
    nama = opd.astype({"kode_opd": str}).set_index("kode_opd")["singkatan"]
    tabel.index = [nama.get(k, k) for k in tabel.index]
    tabel.columns.name = None
    return tabel


def rakor_perubahan(ktx, asisten: str = "") -> HTML:
    opd = opd_dalam_cakupan(ktx, asisten)
    naik, turun = berubah(opd)
    kolom = {
        "singkatan": "OPD",
        "rata_capaian": "Capaian (%)",
        "perubahan_mom": "Perubahan",
        "arah_tren": "Tren 6 bulan",
    }
    riw = ktx.evaluasi.riwayat
    riw = riw[riw["kode_opd"].isin(opd["kode_opd"])]
    awal = str(Periode.parse(ktx.periode).tambah(-(ktx.settings.trend_window - 1)))
    riw = riw[riw["periode"].astype(str) >= awal]
    kelompok = riw.assign(asisten_=riw["asisten"].astype(str))
    return _html(
        judul("Siapa membaik, siapa memburuk"),
        judul("Naik sejak bulan lalu", 3),
        tabel_html(naik, kolom, kosong="Tidak ada OPD yang naik."),
        judul("Turun sejak bulan lalu", 3),
        tabel_html(turun, kolom, kosong="Tidak ada OPD yang turun."),
        charts.gambar_html(
            charts.tren_capaian(
                kelompok,
                kelompok="asisten_",
                judul="Rata-rata capaian per Asisten, enam bulan terakhir",
            ),
            charts.caption_tren(riw),
        ),
        _heatmap_bulanan(ktx, opd, awal),
    )


def _heatmap_bulanan(ktx, opd: pd.DataFrame, awal: str) -> str:
    tabel = capaian_bulanan(ktx, opd, awal).dropna(how="all")  # OPDs without data: see kualitas
    if tabel.shape[1] < 2 or tabel.empty:
        return ""
    tampil = tabel.rename(columns=fmt.bulan_singkat)
    return charts.gambar_html(
        charts.heatmap_capaian(
            tampil, judul="Capaian tiap OPD, enam bulan terakhir", settings=ktx.settings
        ),
        charts.caption_heatmap(tabel),
    )


def rakor_iku(ktx) -> HTML:
    iku = ktx.evaluasi.iku
    kolom = {
        "kode_indikator": "Kode",
        "nama_indikator": "IKU",
        "satuan": "Satuan",
        "tahun_nilai": "Tahun data",
        "nilai": "Nilai",
        "target": "Target",
        "capaian": "Capaian (%)",
        "predikat": "Predikat",
        "arah_tren": "Tren",
        "pendukung_tertinggal": "Pendukung tertinggal",
    }
    return _html(judul("Status IKU terhadap target"), tabel_html(iku, kolom))


def rakor_kualitas(ktx, asisten: str = "") -> HTML:
    skor = ktx.skor_kualitas
    if asisten and "kode_opd" in skor:
        skor = skor[skor["kode_opd"].isin(opd_dalam_cakupan(ktx, asisten)["kode_opd"])]
    kolom = {c: c.replace("_", " ").capitalize() for c in skor.columns if c != "kode_opd"}
    return _html(judul("Disiplin data: skor kualitas per OPD"), tabel_html(skor, kolom))


def rakor_tindak_lanjut(ktx, asisten: str = "") -> HTML:
    opd = opd_dalam_cakupan(ktx, asisten)
    tl = tindak_lanjut_opd(ktx, list(opd["kode_opd"]))
    return _html(
        judul("Tindak lanjut terbuka dan terlambat"),
        tabel_html(tl, KOLOM_TL, kosong="Tidak ada tindak lanjut terbuka."),
    )


# ------------------------------------------------------------------------------ opd


def satu_opd(ktx, kode_opd: str) -> pd.Series:
    opd = ktx.evaluasi.opd
    baris = opd[opd["kode_opd"] == kode_opd]
    if baris.empty:
        raise ValueError(f"OPD {kode_opd!r} tidak ada di data referensi opd.csv.")
    return baris.iloc[0]


def opd_kinerja(ktx, kode_opd: str) -> HTML:
    ind = ktx.evaluasi.indikator
    ind = ind[ind["kode_opd"] == kode_opd]
    riw = ktx.evaluasi.riwayat
    riw = riw[(riw["kode_opd"] == kode_opd) & (riw["tahun"] == Periode.parse(ktx.periode).tahun)]
    ringkas = satu_opd(ktx, kode_opd)
    return _html(
        judul("Capaian kinerja per indikator"),
        paragraf(
            f"Rata-rata capaian {fmt.persen(ringkas['rata_capaian'], 2)} "
            f"({ringkas['predikat'] if pd.notna(ringkas['predikat']) else 'belum ada'}); "
            f"{int(ringkas['tidak_dapat_dihitung'])} indikator tidak dapat dihitung."
        ),
        tabel_html(ind, KOLOM_INDIKATOR),
        charts.gambar_html(
            charts.tren_capaian(
                riw.assign(level_=riw["level"].astype(str)),
                kelompok="level_",
                judul="Rata-rata capaian bulanan per level indikator",
            ),
            charts.caption_tren(riw),
        ),
    )


def opd_anggaran(ktx, kode_opd: str) -> HTML:
    r = satu_opd(ktx, kode_opd)
    keg = ktx.evaluasi.kegiatan
    keg = keg[keg["kode_opd"] == kode_opd]
    kolom = {
        "kode_kegiatan": "Kode",
        "nama_kegiatan": "Sub kegiatan",
        "pagu": "Pagu",
        "realisasi_keuangan": "Realisasi (Rp)",
        "realisasi_keuangan_pct": "Keuangan (%)",
        "target_keuangan_pct": "Rencana (%)",
        "realisasi_fisik": "Fisik (%)",
    }
    ms = ""
    if pd.notna(r.get("milestone_target")):
        status = "tercapai" if r["memenuhi_milestone"] else "belum tercapai"
        ms = (
            f" Tonggak {fmt.persen(r['milestone_target'], 0)} akhir "
            f"{Periode(Periode.parse(ktx.periode).tahun, int(r['milestone_bulan'])).label}: "
            f"{status}."
        )
    return _html(
        judul("Anggaran dan kemajuan fisik"),
        paragraf(
            f"Realisasi keuangan {fmt.persen(r['realisasi_keuangan_pct'])} dari pagu "
            f"{fmt.rupiah(r['pagu'])} (rencana {fmt.persen(r['target_keuangan_pct'])}, "
            f"lampu {r['lampu_keuangan']}); fisik {fmt.persen(r['realisasi_fisik'])} "
            f"(lampu {r['lampu_fisik']}).{ms}"
        ),
        tabel_html(keg, kolom),
    )


def opd_kendala(ktx, kode_opd: str) -> HTML:
    r = ktx.realisasi
    r = r[(r["kode_opd"] == kode_opd) & (r["periode"] == ktx.periode) & r["kendala"].notna()]
    nama = ktx.ref.indikator.set_index("kode_indikator")["nama_indikator"]
    r = r.assign(nama_indikator=r["kode_indikator"].map(nama))
    kolom = {"kode_indikator": "Kode", "nama_indikator": "Indikator", "kendala": "Kendala"}
    return _html(
        judul("Kendala yang dilaporkan"),
        tabel_html(r, kolom, kosong="Tidak ada kendala yang dilaporkan."),
    )


def opd_kualitas(ktx, kode_opd: str) -> HTML:
    k = ktx.kualitas
    k = k[k["kode_opd"] == kode_opd] if "kode_opd" in k else k
    kolom = {
        "jenis": "Jenis",
        "tingkat": "Tingkat",
        "kode_indikator": "Indikator",
        "nilai": "Nilai",
        "pesan": "Pesan",
    }
    kolom = {c: v for c, v in kolom.items() if c in k}
    return _html(
        judul("Temuan kualitas data"),
        tabel_html(k, kolom, kosong="Tidak ada temuan kualitas data."),
    )


def opd_tindak_lanjut(ktx, kode_opd: str) -> HTML:
    tl = tindak_lanjut_opd(ktx, [kode_opd])
    return _html(
        judul("Tindak lanjut"), tabel_html(tl, KOLOM_TL, kosong="Tidak ada tindak lanjut terbuka.")
    )


def opd_kontribusi_iku(ktx, kode_opd: str) -> HTML:
    lin = ktx.evaluasi.lintas
    lin = lin[lin["kode_opd"] == kode_opd]
    kolom = {
        "nama_iku": "IKU",
        "kode_indikator": "Kode",
        "nama_indikator": "Indikator pendukung",
        "capaian": "Capaian (%)",
        "predikat": "Predikat",
        "arah_tren": "Tren",
    }
    return _html(
        judul("Kontribusi terhadap IKU"),
        tabel_html(lin, kolom, kosong="Tidak ada indikator yang mendukung IKU."),
    )


# ------------------------------------------------------------------------------ iku


def iku_seri(ktx, kode_iku: str) -> HTML:
    iku = ktx.evaluasi.iku
    baris = iku[iku["kode_indikator"] == kode_iku]
    if baris.empty:
        raise ValueError(f"IKU {kode_iku!r} tidak ada di indikator.csv (level IKU).")
    b = baris.iloc[0]
    seri = ktx.evaluasi.iku_seri
    seri = seri[seri["kode_indikator"] == kode_iku]
    arah = b["arah_tren"] if pd.notna(b["arah_tren"]) else "belum dapat ditentukan"
    caption = (
        (
            f"Nilai terakhir {fmt.angka(b['nilai'])} {b['satuan']} ({b['tahun_nilai']:.0f}) "
            f"terhadap target {fmt.angka(b['target'])}: capaian {fmt.persen(b['capaian'])}; "
            f"tren {arah}."
        )
        if pd.notna(b["nilai"])
        else "Belum ada nilai IKU."
    )
    return _html(
        judul(f"{b['nama_indikator']}"),
        charts.gambar_html(
            charts.seri_iku(seri, nama=str(b["nama_indikator"]), satuan=str(b["satuan"])), caption
        ),
    )


def iku_pendukung(ktx, kode_iku: str) -> HTML:
    lin = ktx.evaluasi.lintas
    lin = lin[lin["kode_iku"] == kode_iku].sort_values("capaian")
    kolom = {
        "singkatan": "OPD",
        "kode_indikator": "Kode",
        "nama_indikator": "Indikator",
        "target": "Target",
        "realisasi": "Realisasi",
        "capaian": "Capaian (%)",
        "predikat": "Predikat",
        "arah_tren": "Tren",
    }
    kolom = {c: v for c, v in kolom.items() if c in lin}
    return _html(
        judul("Indikator pendukung dari semua OPD"),
        tabel_html(lin, kolom, kosong="Belum ada indikator pendukung."),
    )


# ------------------------------------------------------------------------------ kualitas data


def kualitas_ringkas(ktx) -> HTML:
    k = ktx.kualitas
    if k.empty:
        return _html(judul("Ringkasan temuan"), paragraf("Tidak ada temuan kualitas data."))
    hitung = k.groupby(["jenis", "tingkat"], observed=True).size().reset_index(name="jumlah")
    return _html(
        judul("Ringkasan temuan"),
        tabel_html(hitung, {"jenis": "Jenis", "tingkat": "Tingkat", "jumlah": "Jumlah"}),
    )


def kualitas_rinci(ktx) -> HTML:
    k = ktx.kualitas
    singkat = ktx.ref.opd.set_index("kode_opd")["singkatan"]
    k = k.assign(singkatan=k["kode_opd"].map(singkat)) if "kode_opd" in k else k
    kolom = {
        "singkatan": "OPD",
        "jenis": "Jenis",
        "tingkat": "Tingkat",
        "kode_indikator": "Indikator",
        "kode_kegiatan": "Sub kegiatan",
        "nilai": "Nilai",
        "nilai_sebelumnya": "Sebelumnya",
        "pesan": "Pesan",
    }
    kolom = {c: v for c, v in kolom.items() if c in k}
    return _html(judul("Semua temuan"), tabel_html(k, kolom, kosong="Tidak ada temuan."))


def sub_rakor(asisten: str = "") -> str:
    if asisten:
        return f"Ikhtisar OPD di bawah koordinasi Asisten {asisten} Setda Kabupaten Gunung Mas."
    return "Ikhtisar seluruh OPD Kabupaten Gunung Mas."


def nama_opd(ktx, kode_opd: str) -> str:
    return str(satu_opd(ktx, kode_opd)["nama_opd"])
