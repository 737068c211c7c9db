"""The sections of the rakor overview (``notebooks/rakor.ipynb``), one function per cell.

``asisten`` is a coordination line's code in ``daerah.yaml`` ("II"), or "" for the whole regency.
The headline figures are the engine's roll-up row of that scope (``Evaluasi.asisten`` or
``Evaluasi.kabupaten``), the tables and charts its OPD rows; nothing is averaged or summed here.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from monev.engine.budget import batas_kinerja_tinggi
from monev.engine.trends import label_tren
from monev.model.periode import Periode
from monev.present import charts, sections, status
from monev.present import format as fmt
from monev.present.escape import judul, paragraf, teks
from monev.present.iku import tabel_iku
from monev.present.kualitas import tabel_skor
from monev.present.labels import kolom
from monev.present.sections import html, opd_dalam_cakupan
from monev.present.tables import tabel_html


def sub_judul(ctx, asisten: str = "") -> str:
    """The overview's subtitle: whose OPDs, in which regency."""
    d = ctx.daerah
    if asisten:
        a = d.cari_asisten(asisten)
        return f"Ikhtisar OPD di bawah koordinasi {a.label} ({a.nama}) Setda {d.nama}."
    return f"Ikhtisar seluruh OPD {d.nama}."


def kepala(ctx, judul_rapat: str = "", asisten: str = "", tanggal_rapat: str = "") -> HTML:
    return sections.kepala(
        ctx, sections.judul_rapat(ctx, judul_rapat), sub_judul(ctx, asisten), tanggal_rapat
    )


def peringkat_opd(opd: pd.DataFrame) -> pd.DataFrame:
    """The OPDs the engine ranks (``diperingkat``: a usable submission this month) by their mean
    capaian, best first, those without a computable capaian last; with the display columns
    ``status`` and ``verifikasi``. OPDs that did not report are not here (``belum_lapor``)."""
    out = opd[status.diperingkat(opd)]
    out = out.sort_values("rata_capaian", ascending=False, na_position="last")
    out = status.dengan_status(out.reset_index(drop=True))
    out.insert(0, "peringkat_capaian", range(1, len(out) + 1))
    return out


def belum_lapor(ctx, asisten: str = "") -> str:
    """The sentence naming the scope's OPDs without a usable submission this month."""
    daftar = status.daftar_belum_lapor(opd_dalam_cakupan(ctx, asisten))
    bulan = Periode.parse(ctx.periode).label
    if not daftar:
        return f"Semua OPD sudah lapor {bulan}."
    return (
        f"Belum lapor {bulan}: {daftar}. OPD ini tidak diperingkat, tidak punya rata-rata "
        "capaian bulan ini, dan realisasi anggarannya belum diketahui."
    )


def anggaran_sebagian(opd: pd.DataFrame, settings) -> str:
    """The note under a budget table naming the reporting OPDs with budget lines not reported
    this month (``keuangan_sebagian``): their sums are never shown as complete."""
    if "keuangan_sebagian" not in opd:
        return ""
    ada = opd["keuangan_sebagian"].astype("boolean").fillna(False).astype(bool)
    sebagian = opd[ada & ~status.belum_lapor(opd)].sort_values("singkatan")
    if sebagian.empty:
        return ""
    daftar = ", ".join(
        f"{r.singkatan} ({int(r.kegiatan_tanpa_laporan)} sub kegiatan)"
        for r in sebagian.itertuples()
    )
    if settings.anggaran_tanpa_laporan == "nol":
        cara = "sub kegiatan itu dihitung Rp 0 dan fisik 0 %"
    else:
        cara = "realisasi, rencana dan deviasinya dihitung atas sub kegiatan yang melapor saja"
    return (
        f"Realisasi anggaran sebagian — ada sub kegiatan yang belum dilaporkan ({cara}): {daftar}."
    )


def berubah(opd: pd.DataFrame, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Who improved and who worsened most since last month (the engine's ``perubahan_mom``),
    among the OPDs ranked this month."""
    data = opd[status.diperingkat(opd) & opd["perubahan_mom"].notna()]
    naik = data[data["perubahan_mom"] > 0].nlargest(n, "perubahan_mom")
    turun = data[data["perubahan_mom"] < 0].nsmallest(n, "perubahan_mom")
    return naik, turun


def kartu(ctx, asisten: str = "") -> list[tuple[str, str]]:
    """The headline figures (label, value as printed) of the scope's engine roll-up row."""
    r = sections.ringkasan_cakupan(ctx, asisten)
    opd = opd_dalam_cakupan(ctx, asisten)
    tl = sections.tindak_lanjut_terbuka(ctx, list(opd["kode_opd"]))
    terlambat = int((tl["keadaan"].astype(str) == "terlambat").sum()) if len(tl) else 0
    predikat = r["predikat"] if pd.notna(r["predikat"]) else fmt.KOSONG
    return [
        ("OPD", fmt.angka(r["jumlah_opd"], 0)),
        ("Belum lapor", fmt.angka(r["jumlah_opd_belum_lapor"], 0)),
        ("Rata-rata capaian", fmt.persen(r["rata_capaian"], 2)),
        ("Predikat", str(predikat)),
        ("Pagu", fmt.rupiah_ringkas(r["pagu"])),
        (
            "Serapan anggaran (sebagian)"
            if _ya(r.get("keuangan_sebagian"))
            else "Serapan anggaran",
            fmt.persen(r["realisasi_keuangan_pct"], 2),
        ),
        ("Tindak lanjut terlambat", fmt.angka(terlambat, 0)),
    ]


def ringkasan(ctx, asisten: str = "") -> HTML:
    isi = "".join(
        f'<div class="kartu"><span class="nilai">{teks(v)}</span>'
        f'<span class="label">{teks(k)}</span></div>'
        for k, v in kartu(ctx, asisten)
    )
    return html(
        judul("Ringkasan"),
        f'<div class="kartu-kartu">{isi}</div>',
        paragraf(belum_lapor(ctx, asisten), kelas="belum-lapor"),
    )


def peringkat(ctx, asisten: str = "") -> HTML:
    opd = peringkat_opd(opd_dalam_cakupan(ctx, asisten))
    s = ctx.settings
    return html(
        judul("Peringkat capaian kinerja OPD"),
        charts.gambar_html(
            charts.peringkat_capaian(opd, settings=s), charts.caption_peringkat(opd, s)
        ),
        tabel_html(
            opd,
            kolom(
                s,
                "peringkat_capaian",
                "singkatan",
                "rata_capaian",
                "predikat",
                "jumlah_dihitung",
                "tidak_dapat_dihitung",
                "arah_tren",
                "status",
                "verifikasi",
            ),
            settings=s,
        ),
        paragraf(belum_lapor(ctx, asisten)),
    )


def serapan(ctx, asisten: str = "") -> HTML:
    opd = opd_dalam_cakupan(ctx, asisten).sort_values("peringkat_tepra", na_position="last")
    tabel = status.anggaran_belum_lapor(opd)
    return html(
        judul("Serapan anggaran dan kemajuan fisik"),
        charts.gambar_html(charts.serapan_anggaran(opd), charts.caption_serapan(opd)),
        tabel_html(
            tabel,
            kolom(
                ctx.settings,
                "peringkat_tepra",
                "singkatan",
                "pagu",
                "realisasi_keuangan_pct",
                "target_keuangan_pct",
                "deviasi_keuangan",
                "lampu_keuangan",
                "realisasi_fisik",
                "deviasi_fisik",
                "lampu_fisik",
            ),
        ),
        paragraf(catatan) if (catatan := anggaran_sebagian(opd, ctx.settings)) else "",
    )


def _ya(value: object) -> bool:
    return not pd.isna(value) and bool(value)


def kuadran(ctx, asisten: str = "") -> HTML:
    opd = opd_dalam_cakupan(ctx, asisten)
    s = ctx.settings
    gambar = charts.kuadran_kinerja(
        opd, batas_kinerja=batas_kinerja_tinggi(s), batas_serapan=s.lampu_kuning_below
    )
    return html(
        judul("Kinerja dibanding serapan anggaran"),
        charts.gambar_html(gambar, charts.caption_kuadran(opd)),
    )


def capaian_bulanan(ctx, opd: pd.DataFrame, awal: str) -> pd.DataFrame:
    """OPD × month mean capaian from ``awal`` to the period: rows ``singkatan`` (highest latest
    capaian first), columns ``YYYY-MM``. The engine's monthly roll-up, so each month's column is
    what the OPD table of that month says."""
    riw = ctx.evaluasi.riwayat
    riw = riw[riw["kode_opd"].isin(opd["kode_opd"])]
    per_bulan = sections.capaian_per_bulan(ctx, riw, ["kode_opd"], dari=awal)
    if per_bulan.empty:
        return pd.DataFrame()
    tabel = per_bulan.pivot(index="kode_opd", columns="periode", values="rata_capaian")
    tabel = tabel.where(~bulan_belum_lapor(ctx, tabel))  # no submission: no figure
    tabel = tabel.sort_values(tabel.columns[-1], ascending=False, na_position="last")
    nama = opd.astype({"kode_opd": str}).set_index("kode_opd")["singkatan"]
    tabel.index = [nama.get(k, k) for k in tabel.index]
    tabel.columns.name = None
    return tabel


def caption_tren_opd(opd: pd.DataFrame, settings) -> str:
    """Who improved and who worsened over the trend window: the engine's ``arah_tren`` and
    ``kemiringan`` of each OPD, the same basis as the "Tren" column of the tables
    (``label_tren``)."""
    data = opd[opd["arah_tren"].notna() & opd["kemiringan"].notna()]
    dasar = label_tren(settings)
    if data.empty:
        return f"Belum ada OPD dengan riwayat cukup untuk {dasar}."
    arah = data["arah_tren"].astype(str)
    hitung = {w: int((arah == w).sum()) for w in ("membaik", "memburuk", "stabil")}
    teks_ = (
        f"{dasar[0].upper()}{dasar[1:]}: {hitung['membaik']} OPD membaik, "
        f"{hitung['memburuk']} memburuk, {hitung['stabil']} stabil"
    )
    baik, buruk = data[arah == "membaik"], data[arah == "memburuk"]
    if len(baik):
        n = baik.loc[baik["kemiringan"].idxmax()]
        teks_ += (
            f"; membaik tercepat {n['singkatan']} (+{fmt.angka(n['kemiringan'], 2)} poin/bulan)"
        )
    if len(buruk):
        t = buruk.loc[buruk["kemiringan"].idxmin()]
        teks_ += (
            f"; memburuk tercepat {t['singkatan']} (−{fmt.angka(-t['kemiringan'], 2)} poin/bulan)"
        )
    return teks_ + "."


def bulan_belum_lapor(ctx, tabel: pd.DataFrame) -> pd.DataFrame:
    """True where the OPD (row, ``kode_opd``) sent no usable submission that month (column),
    by ``Evaluasi.laporan``; those cells of the grid stay blank."""
    lap = ctx.evaluasi.laporan
    lap = lap.assign(kode_opd=lap["kode_opd"].astype(str), periode=lap["periode"].astype(str))
    belum = lap.assign(belum=status.belum_lapor(lap)).pivot_table(
        index="kode_opd", columns="periode", values="belum", aggfunc="any"
    )
    belum = belum.reindex(index=tabel.index.astype(str), columns=tabel.columns.astype(str))
    belum.index, belum.columns = tabel.index, tabel.columns
    return belum.fillna(False).astype(bool)


def caption_belum_lapor(ctx, opd: pd.DataFrame, awal: str) -> str:
    """The grid's blank cells named: which OPD did not report which month (by
    ``Evaluasi.laporan``); OPDs without any submission in the window in one list."""
    lap = ctx.evaluasi.laporan
    lap = lap[lap["kode_opd"].isin(opd["kode_opd"])]
    lap = lap[(lap["periode"].astype(str) >= awal) & (lap["periode"].astype(str) <= ctx.periode)]
    lap = lap.assign(belum=status.belum_lapor(lap)).sort_values(["kode_opd", "periode"])
    nama = opd.set_index("kode_opd")["singkatan"]
    sebagian, tidak_pernah = [], []
    for kode, g in lap.groupby("kode_opd", sort=False):
        if not g["belum"].any():
            continue
        if g["belum"].all():
            tidak_pernah.append(str(nama.get(kode, kode)))
            continue
        bulan = ", ".join(status.bulan(p) for p in g.loc[g["belum"], "periode"])
        sebagian.append(f"{nama.get(kode, kode)} ({bulan})")
    teks_ = ""
    if sebagian:
        teks_ += " Sel kosong: belum lapor — " + "; ".join(sorted(sebagian)) + "."
    if tidak_pernah:
        teks_ += " Tanpa kiriman sepanjang jendela tren: " + ", ".join(sorted(tidak_pernah)) + "."
    return teks_


def tren_cakupan(ctx, asisten: str = "") -> pd.DataFrame:
    """The scope's monthly roll-up over the trend window, per Asisten (the lines drawn)."""
    opd = opd_dalam_cakupan(ctx, asisten)
    riw = ctx.evaluasi.riwayat
    riw = riw[riw["kode_opd"].isin(opd["kode_opd"])]
    bulanan = sections.capaian_per_bulan(ctx, riw, ["asisten"], dari=sections.awal_tren(ctx))
    label = {a.kode: a.label for a in ctx.daerah.asisten}
    return bulanan.assign(asisten=bulanan["asisten"].map(lambda k: label.get(k, k)))


def perubahan(ctx, asisten: str = "") -> HTML:
    s = ctx.settings
    w = s.trend_window
    opd = opd_dalam_cakupan(ctx, asisten)
    naik, turun = berubah(opd)
    k = kolom(s, "singkatan", "rata_capaian", "perubahan_mom", "arah_tren")
    return html(
        judul("Siapa membaik, siapa memburuk"),
        judul("Naik sejak bulan lalu", 3),
        tabel_html(naik, k, kosong="Tidak ada OPD yang naik."),
        judul("Turun sejak bulan lalu", 3),
        tabel_html(turun, k, kosong="Tidak ada OPD yang turun."),
        charts.gambar_html(
            charts.tren_capaian(
                tren_cakupan(ctx, asisten),
                kelompok="asisten",
                judul=f"Rata-rata capaian per Asisten, {w} bulan terakhir",
            ),
            charts.caption_tren(
                sections.ringkasan_cakupan(ctx, asisten), sections.nama_cakupan(ctx, asisten), s
            ),
        ),
        _heatmap_bulanan(ctx, opd),
    )


def _heatmap_bulanan(ctx, opd: pd.DataFrame) -> str:
    w = ctx.settings.trend_window
    tabel = capaian_bulanan(ctx, opd, sections.awal_tren(ctx))
    tabel = tabel.dropna(how="all")  # OPDs without data: see kualitas
    if tabel.shape[1] < 2 or tabel.empty:
        return ""
    tampil = tabel.rename(columns=fmt.bulan_singkat)
    return charts.gambar_html(
        charts.heatmap_capaian(
            tampil, judul=f"Capaian tiap OPD, {w} bulan terakhir", settings=ctx.settings
        ),
        caption_tren_opd(opd, ctx.settings)
        + caption_belum_lapor(ctx, opd, sections.awal_tren(ctx)),
    )


def iku(ctx) -> HTML:
    """Each IKU against its target; its trend is over the last ``trend_window`` years."""
    s = ctx.settings
    tabel = tabel_iku(ctx.evaluasi.iku).rename(columns={"arah_tren": "arah_tren_tahunan"})
    return html(
        judul("Status IKU terhadap target"),
        tabel_html(
            tabel,
            kolom(
                s,
                "kode_indikator",
                "nama_indikator",
                "satuan",
                "tahun_data",
                "nilai",
                "target",
                "capaian",
                "predikat",
                "arah_tren_tahunan",
                "pendukung_tertinggal",
            ),
            settings=s,
        ),
    )


def kualitas(ctx, asisten: str = "") -> HTML:
    kode = None if not asisten else list(opd_dalam_cakupan(ctx, asisten)["kode_opd"])
    return html(judul("Disiplin data: skor kualitas per OPD"), tabel_skor(ctx, kode, ringkas=True))


def tindak_lanjut(ctx, asisten: str = "") -> HTML:
    opd = opd_dalam_cakupan(ctx, asisten)
    return html(
        judul("Tindak lanjut terbuka dan terlambat"),
        sections.tabel_tindak_lanjut(ctx, list(opd["kode_opd"])),
    )
