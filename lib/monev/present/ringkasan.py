"""The Asisten's first page: the month in five lines, each a sentence built from the engine's
columns (``ctx.evaluasi``, ``ctx.kualitas``), never recomputed here:

1. who is behind and by how much (OPDs whose predikat is in the lower bands, lowest first);
2. who did not report (``status_laporan`` kosong / tidak lapor, and who reported late);
3. values to verify (``perlu_verifikasi`` of the month's values, by OPD);
4. overdue follow-ups (``keadaan`` terlambat, with the longest delay);
5. budget absorption against the milestone in force (``milestone_target``,
   ``memenuhi_milestone``), or against the anggaran-kas plan before the first milestone.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from monev.present import format as fmt
from monev.present.charts import band_rendah
from monev.present.escape import teks
from monev.present.sections import (
    nama_cakupan,
    opd_dalam_cakupan,
    ringkasan_cakupan,
    tindak_lanjut_terbuka,
)
from monev.present.theme import posisi_band

DAFTAR_MAKS = 5  # names listed in one line; the rest are counted


def _daftar(nama: list[str]) -> str:
    if len(nama) <= DAFTAR_MAKS:
        return ", ".join(nama)
    return ", ".join(nama[:DAFTAR_MAKS]) + f" dan {len(nama) - DAFTAR_MAKS} lainnya"


def _belum_lapor(opd: pd.DataFrame) -> pd.Series:
    return opd["status_laporan"].astype("string").isin(("kosong", "tidak lapor")).fillna(False)


def baris_tertinggal(ctx, opd: pd.DataFrame) -> str:
    s = ctx.settings
    data = opd[opd["rata_capaian"].notna()]
    if data.empty:
        return "Belum ada OPD dengan capaian yang dapat dihitung."
    if len(s.bands) < 2:
        return f"{len(data)} OPD punya capaian; satu predikat saja, tidak ada yang tertinggal."
    batas = band_rendah(s)
    posisi = data["predikat"].astype(object).map(lambda p: posisi_band(p, s))
    rendah = data[posisi >= batas].sort_values("rata_capaian")
    band = s.bands[batas].label
    if rendah.empty:
        bawah = data.loc[data["rata_capaian"].idxmin()]
        return (
            f"Tidak ada OPD berpredikat {band} atau di bawahnya ({len(data)} OPD dinilai); "
            f"terendah {bawah['singkatan']} {fmt.persen(bawah['rata_capaian'], 1)} "
            f"({bawah['predikat']})."
        )
    nama = [
        f"{r.singkatan} {fmt.persen(r.rata_capaian, 1)} "
        f"(kurang {fmt.angka(100 - r.rata_capaian, 1)} poin dari target)"
        for r in rendah.itertuples()
    ]
    return f"{len(rendah)} dari {len(data)} OPD berpredikat {band} atau di bawahnya: " + (
        _daftar(nama) + "."
    )


def baris_belum_lapor(ctx, opd: pd.DataFrame) -> str:
    belum = opd[_belum_lapor(opd)]
    lapor = opd[~_belum_lapor(opd)]
    terlambat = lapor[lapor["terlambat"].astype("boolean").fillna(False)]
    if belum.empty:
        teks_ = f"Semua {len(opd)} OPD sudah melapor"
    else:
        nama = [f"{r.singkatan} ({r.status_laporan})" for r in belum.itertuples()]
        teks_ = f"{len(belum)} dari {len(opd)} OPD belum melapor: {_daftar(nama)}"
    if len(terlambat):
        nama = [
            f"{r.singkatan} ({fmt.angka(r.hari_terlambat, 0)} hari)"
            if pd.notna(r.hari_terlambat)
            else r.singkatan
            for r in terlambat.itertuples()
        ]
        teks_ += f"; {len(terlambat)} terlambat: {_daftar(nama)}"
    return teks_ + "."


def baris_verifikasi(ctx, opd: pd.DataFrame) -> str:
    ind = ctx.evaluasi.indikator
    ind = ind[ind["kode_opd"].isin(opd["kode_opd"])]
    tanda = ind[ind["perlu_verifikasi"].astype("boolean").fillna(False)]
    if tanda.empty:
        return "Tidak ada nilai bulan ini yang perlu diverifikasi."
    per_opd = tanda.groupby("singkatan", observed=True).size().sort_values(ascending=False)
    nama = [f"{k} ({n})" for k, n in per_opd.items()]
    return (
        f"{len(tanda)} nilai perlu diverifikasi sebelum dipakai, di {len(per_opd)} OPD: "
        f"{_daftar(nama)}; alasannya di laporan kualitas data."
    )


def baris_tindak_lanjut(ctx, opd: pd.DataFrame) -> str:
    tl = tindak_lanjut_terbuka(ctx, list(opd["kode_opd"]))
    if tl.empty:
        return "Tidak ada tindak lanjut yang terbuka."
    lewat = tl[tl["keadaan"].astype(str) == "terlambat"]
    if lewat.empty:
        return f"{len(tl)} tindak lanjut masih terbuka, tidak ada yang melewati batas waktu."
    per_opd = lewat.groupby("singkatan", observed=True).size().sort_values(ascending=False)
    nama = [f"{k} ({n})" for k, n in per_opd.items()]
    teks_ = (
        f"{len(lewat)} dari {len(tl)} tindak lanjut terbuka melewati batas waktu: {_daftar(nama)}"
    )
    if "hari_terlambat" in lewat and lewat["hari_terlambat"].notna().any():
        teks_ += f"; paling lama {fmt.angka(lewat['hari_terlambat'].max(), 0)} hari"
    return teks_ + "."


def baris_serapan(ctx, opd: pd.DataFrame, asisten: str = "") -> str:
    r = ringkasan_cakupan(ctx, asisten)
    kab = ctx.evaluasi.kabupaten.iloc[0]
    serapan = r.get("realisasi_keuangan_pct")
    if pd.isna(serapan):
        return "Belum ada laporan realisasi keuangan bulan ini."
    awal = f"Serapan anggaran {nama_cakupan(ctx, asisten)} {fmt.persen(serapan, 2)}"
    data = opd[opd["realisasi_keuangan_pct"].notna()]
    ms = kab.get("milestone_target")
    if ms is not None and pd.notna(ms):
        selisih = float(serapan) - float(ms)
        arah = "di atas" if selisih >= 0 else "di bawah"
        kurang = data[~data["memenuhi_milestone"].astype("boolean").fillna(False)]
        nama = [f"{x.singkatan} {fmt.persen(x.realisasi_keuangan_pct, 1)}" for x in
                kurang.sort_values("realisasi_keuangan_pct").itertuples()]  # fmt: skip
        teks_ = (
            f"{awal}, {fmt.angka(abs(selisih), 2)} poin {arah} tonggak {fmt.angka(ms, 0)} %; "
            f"{len(kurang)} dari {len(data)} OPD di bawah tonggak"
        )
        return teks_ + (f": {_daftar(nama)}." if nama else ".")
    rencana = r.get("target_keuangan_pct")
    if rencana is None or pd.isna(rencana):
        return awal + "."
    return (
        f"{awal} terhadap rencana anggaran kas {fmt.persen(rencana, 2)} (belum ada tonggak "
        f"serapan yang berlaku bulan ini)."
    )


def lima_baris(ctx, asisten: str = "") -> list[tuple[str, str]]:
    """(label, sentence) × 5: the month as the Asisten reads it first."""
    opd = opd_dalam_cakupan(ctx, asisten)
    return [
        ("Tertinggal", baris_tertinggal(ctx, opd)),
        ("Belum lapor", baris_belum_lapor(ctx, opd)),
        ("Perlu verifikasi", baris_verifikasi(ctx, opd)),
        ("Tindak lanjut terlambat", baris_tindak_lanjut(ctx, opd)),
        ("Serapan anggaran", baris_serapan(ctx, opd, asisten)),
    ]


def bulan_ini(ctx, asisten: str = "") -> HTML:
    """The five lines as the overview's first section."""
    isi = "".join(
        f"<li><strong>{teks(label)}.</strong> {teks(kalimat)}</li>"
        for label, kalimat in lima_baris(ctx, asisten)
    )
    return HTML(
        '<section class="lima-baris"><h2>Bulan ini dalam lima baris</h2>'
        f'<ol class="lima-baris">{isi}</ol></section>'
    )
