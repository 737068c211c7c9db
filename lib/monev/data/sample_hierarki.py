"""The sample's nomenclature hierarchy (Permendagri 90/2019 shape): urusan, bidang urusan,
program, kegiatan and sub kegiatan with codes and names, every OPD indicator attached to its
program or kegiatan, every budget line to its sub kegiatan, and a few planted misses for the
attach check (``TANAM_HIERARKI``).

``pasang_hierarki(frames)`` takes the reference frames the sample generator drew and returns them
with ``nomenklatur`` added, ``indikator.kode_nomenklatur`` / ``akhir_periode`` set, the end-of-plan
targets of cumulative indicators made totals over the plan years (data-model.md), their funding
(``target.anggaran``) filled, and the budget lines re-cut along the hierarchy: each OPD keeps its
yearly pagu and its monthly anggaran kas totals, cent for cent. Deterministic, draws no random
numbers. Program codes and names are in the regulation's shape; the sample's program numbers are
not the official ones for every bidang.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from monev.model.kode import KAS_COLUMNS

URUSAN = {
    "1": "Urusan Pemerintahan Wajib yang Berkaitan dengan Pelayanan Dasar",
    "2": "Urusan Pemerintahan Wajib yang Tidak Berkaitan dengan Pelayanan Dasar",
    "3": "Urusan Pemerintahan Pilihan",
    "4": "Unsur Pendukung Urusan Pemerintahan",
    "5": "Unsur Penunjang Urusan Pemerintahan",
    "6": "Unsur Pengawasan Urusan Pemerintahan",
    "7": "Unsur Kewilayahan",
    "8": "Unsur Pemerintahan Umum",
}
# bidang urusan: name and its two substantive programs (02, 03)
BIDANG = {
    "1.01": ("Pendidikan", ("Program Pengelolaan Pendidikan", "Program Pengembangan Kurikulum")),
    "1.02": (
        "Kesehatan",
        (
            "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
            "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
        ),
    ),
    "1.03": (
        "Pekerjaan Umum dan Penataan Ruang",
        ("Program Penyelenggaraan Jalan", "Program Pengelolaan dan Pengembangan Sistem Air Minum"),
    ),
    "1.04": (
        "Perumahan dan Kawasan Permukiman",
        ("Program Pengembangan Perumahan", "Program Kawasan Permukiman"),
    ),
    "1.05": (
        "Ketenteraman dan Ketertiban Umum serta Pelindungan Masyarakat",
        ("Program Peningkatan Ketenteraman dan Ketertiban Umum", "Program Penanggulangan Bencana"),
    ),
    "1.06": ("Sosial", ("Program Rehabilitasi Sosial", "Program Perlindungan dan Jaminan Sosial")),
    "2.07": (
        "Tenaga Kerja",
        (
            "Program Penempatan Tenaga Kerja",
            "Program Pelatihan Kerja dan Produktivitas Tenaga Kerja",
        ),
    ),
    "2.09": (
        "Pangan",
        (
            "Program Peningkatan Diversifikasi dan Ketahanan Pangan Masyarakat",
            "Program Penanganan Kerawanan Pangan",
        ),
    ),
    "2.11": (
        "Lingkungan Hidup",
        (
            "Program Pengendalian Pencemaran dan/atau Kerusakan Lingkungan Hidup",
            "Program Pengelolaan Persampahan",
        ),
    ),
    "2.12": (
        "Administrasi Kependudukan dan Pencatatan Sipil",
        ("Program Pendaftaran Penduduk", "Program Pencatatan Sipil"),
    ),
    "2.13": (
        "Pemberdayaan Masyarakat dan Desa",
        ("Program Penataan Desa", "Program Administrasi Pemerintahan Desa"),
    ),
    "2.14": (
        "Pengendalian Penduduk dan Keluarga Berencana",
        (
            "Program Pembinaan Keluarga Berencana (KB)",
            "Program Pemberdayaan dan Peningkatan Keluarga Sejahtera (KS)",
        ),
    ),
    "2.15": (
        "Perhubungan",
        (
            "Program Penyelenggaraan Lalu Lintas dan Angkutan Jalan (LLAJ)",
            "Program Pengelolaan Pelayaran",
        ),
    ),
    "2.16": (
        "Komunikasi dan Informatika",
        ("Program Informasi dan Komunikasi Publik", "Program Aplikasi Informatika"),
    ),
    "2.18": (
        "Penanaman Modal",
        ("Program Promosi Penanaman Modal", "Program Pelayanan Penanaman Modal"),
    ),
    "2.23": (
        "Kearsipan",
        ("Program Pengelolaan Arsip", "Program Perlindungan dan Penyelamatan Arsip"),
    ),
    "3.25": (
        "Kelautan dan Perikanan",
        (
            "Program Pengelolaan Perikanan Budidaya",
            "Program Pengolahan dan Pemasaran Hasil Perikanan",
        ),
    ),
    "3.26": (
        "Pariwisata",
        ("Program Peningkatan Daya Tarik Destinasi Pariwisata", "Program Pemasaran Pariwisata"),
    ),
    "3.27": (
        "Pertanian",
        (
            "Program Penyediaan dan Pengembangan Sarana Pertanian",
            "Program Penyediaan dan Pengembangan Prasarana Pertanian",
        ),
    ),
    "3.30": (
        "Perdagangan",
        ("Program Pengembangan Ekspor", "Program Stabilisasi Harga Barang Kebutuhan Pokok"),
    ),
    "4.01": (
        "Sekretariat Daerah",
        ("Program Perekonomian dan Pembangunan", "Program Pemerintahan dan Kesejahteraan Rakyat"),
    ),
    "4.02": (
        "Sekretariat DPRD",
        ("Program Dukungan Pelaksanaan Tugas dan Fungsi DPRD", "Program Fasilitasi Kegiatan DPRD"),
    ),
    "5.01": (
        "Perencanaan",
        (
            "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
            "Program Koordinasi dan Sinkronisasi Perencanaan Pembangunan Daerah",
        ),
    ),
    "5.02": (
        "Keuangan",
        ("Program Pengelolaan Keuangan Daerah", "Program Pengelolaan Barang Milik Daerah"),
    ),
    "5.03": (
        "Kepegawaian",
        ("Program Kepegawaian Daerah", "Program Pengembangan Sumber Daya Manusia"),
    ),
    "6.01": (
        "Inspektorat Daerah",
        ("Program Penyelenggaraan Pengawasan", "Program Perumusan Kebijakan dan Pendampingan"),
    ),
    "7.01": (
        "Kecamatan",
        (
            "Program Penyelenggaraan Pemerintahan dan Pelayanan Publik",
            "Program Pemberdayaan Masyarakat Desa dan Kelurahan",
        ),
    ),
    "8.01": (
        "Kesatuan Bangsa dan Politik",
        (
            "Program Penguatan Ideologi Pancasila dan Karakter Kebangsaan",
            "Program Pemberdayaan dan Pengawasan Organisasi Kemasyarakatan",
        ),
    ),
}
PENUNJANG = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
# kegiatan of the supporting program (2.KK) and the sub kegiatan each budget line funds
KEGIATAN_PENUNJANG = {
    "01": (
        "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
    ),
    "02": ("Administrasi Keuangan Perangkat Daerah", "Penyediaan Gaji dan Tunjangan ASN"),
    "03": (
        "Administrasi Barang Milik Daerah pada Perangkat Daerah",
        "Penatausahaan Barang Milik Daerah pada SKPD",
    ),
    "05": (
        "Administrasi Kepegawaian Perangkat Daerah",
        "Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas dan Fungsi",
    ),
    "06": ("Administrasi Umum Perangkat Daerah", "Penyediaan Bahan Logistik Kantor"),
    "08": (
        "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
        "Penyediaan Jasa Pelayanan Umum Kantor",
    ),
}
# the sample's generic kegiatan indicators (sample.UMUM) → their kegiatan of the supporting program
KEGIATAN_UMUM = {
    "Persentase dokumen perencanaan dan evaluasi yang tepat waktu": "01",
    "Nilai SAKIP perangkat daerah": "01",
    "Jumlah dokumen perencanaan sektoral yang disusun": "01",
    "Persentase data sektoral yang diperbarui": "01",
    "Jumlah laporan keuangan yang disusun tepat waktu": "02",
    "Persentase temuan pemeriksaan yang ditindaklanjuti": "02",
    "Persentase aset yang tercatat dan terpelihara": "03",
    "Persentase pegawai yang mengikuti peningkatan kompetensi": "05",
    "Indeks kepuasan masyarakat terhadap layanan": "06",
    "Persentase pengaduan masyarakat yang diselesaikan": "06",
    "Rata-rata hari penyelesaian layanan administrasi": "06",
    "Jumlah kegiatan pembinaan yang dilaksanakan": "08",
}
# kegiatan and sub kegiatan under a substantive program (one each in the sample)
KEGIATAN_PROGRAM = ("Pelaksanaan {program}", "Penyelenggaraan Layanan {program}")
# cumulative indicators whose end-of-plan target is the value of one year (a level), not a total
AKHIR_TINGKAT = ("Produksi ", "Jumlah kunjungan wisatawan", "Nilai realisasi investasi")
TAHUN_RENCANA = range(2025, 2030)  # the RPJMD/Renstra years of the sample
PERTUMBUHAN_PAGU = 1.04  # pagu growth a year, for the plan's funding

# planted misses the attach check must name (indicator code or OPD singkatan + budget code)
TANAM_HIERARKI = {
    "indikator_kode_asing": "DISHUB-P01",  # a program code not in nomenklatur.csv
    "indikator_tanpa_kode": "DLH-K03",  # a kegiatan indicator with no code
    "indikator_level_salah": "DINKES-P02",  # a program indicator given a sub kegiatan code
    "anggaran_kode_asing": ("DKP", "2.09.01.2.06.0099"),  # a budget line not in nomenklatur.csv
}


def _program_sektor(n: int) -> list[str]:
    """Program number (02, 03) of each of an OPD's ``n`` program indicators, in order."""
    half = (n + 1) // 2
    return ["02" if j < half else "03" for j in range(n)]


def pasang_hierarki(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    opd = frames["opd"]
    ind = frames["indikator"].copy()
    tgt = frames["target"].copy()
    ang = frames["anggaran"]
    bidang_opd = {k: ".".join(k.split(".")[:2]) for k in opd["kode_opd"]}
    singkatan = dict(zip(opd["kode_opd"], opd["singkatan"], strict=True))
    nomen: dict[str, tuple[str, str]] = {}  # kode → (level, nama)

    def tambah(level: str, kode: str, nama: str) -> None:
        nomen.setdefault(kode, (level, nama))

    # attach each OPD indicator to its program (program level) or kegiatan (kegiatan level)
    kode_nom = pd.Series(pd.NA, index=ind.index, dtype=object)
    lines: dict[str, dict[str, str]] = {}  # kode_opd → sub kegiatan code → name
    for kode_opd, grp in ind[ind["level"].isin(["program", "kegiatan"])].groupby(
        "kode_opd", sort=False
    ):
        bb = bidang_opd[kode_opd]
        u = bb.split(".")[0]
        nama_bidang, program = BIDANG[bb]
        tambah("urusan", u, URUSAN[u])
        tambah("bidang_urusan", bb, nama_bidang)
        own = lines.setdefault(kode_opd, {})
        # every OPD pays its staff from the supporting program
        tambah("program", f"{bb}.01", PENUNJANG)
        keg, sub = KEGIATAN_PENUNJANG["02"]
        tambah("kegiatan", f"{bb}.01.2.02", keg)
        own[f"{bb}.01.2.02.0001"] = sub
        prog = grp[grp["level"] == "program"]
        for idx, pp in zip(prog.index, _program_sektor(len(prog)), strict=True):
            nama_program = program[int(pp) - 2]
            tambah("program", f"{bb}.{pp}", nama_program)
            keg_nama, sub_nama = (t.format(program=nama_program[8:]) for t in KEGIATAN_PROGRAM)
            tambah("kegiatan", f"{bb}.{pp}.2.01", keg_nama)
            own[f"{bb}.{pp}.2.01.0001"] = sub_nama
            kode_nom[idx] = f"{bb}.{pp}"
        for idx in grp.index[grp["level"] == "kegiatan"]:
            kk = KEGIATAN_UMUM[ind.at[idx, "nama_indikator"]]
            keg, sub = KEGIATAN_PENUNJANG[kk]
            tambah("kegiatan", f"{bb}.01.2.{kk}", keg)
            own[f"{bb}.01.2.{kk}.0001"] = sub
            kode_nom[idx] = f"{bb}.01.2.{kk}"
    for kode, (level, _) in list(nomen.items()):
        if level == "kegiatan":
            for sub_kode, sub_nama in (x for own in lines.values() for x in own.items()):
                if sub_kode.startswith(kode + "."):
                    tambah("sub_kegiatan", sub_kode, sub_nama)

    # planted misses
    by_kode = dict(zip(ind["kode_indikator"], ind.index, strict=True))
    for kind, kode in TANAM_HIERARKI.items():
        if kind == "indikator_kode_asing" and kode in by_kode:
            kode_nom[by_kode[kode]] = kode_nom[by_kode[kode]][:-2] + "09"
        elif kind == "indikator_tanpa_kode" and kode in by_kode:
            kode_nom[by_kode[kode]] = pd.NA
        elif kind == "indikator_level_salah" and kode in by_kode:
            kode_nom[by_kode[kode]] = kode_nom[by_kode[kode]] + ".2.01.0001"
        elif kind == "anggaran_kode_asing":
            s, sub_kode = kode
            owner = next((k for k, v in singkatan.items() if v == s), None)
            if owner in lines:
                lines[owner][sub_kode] = "Penyediaan Peralatan dan Perlengkapan Kantor"
    ind["kode_nomenklatur"] = kode_nom
    kum = ind["sifat"] == "kumulatif"
    tingkat = ind["nama_indikator"].str.startswith(AKHIR_TINGKAT)
    ind["akhir_periode"] = np.where(kum, np.where(tingkat, "tingkat", "jumlah"), None)

    anggaran = _anggaran_baru(ang, lines)
    tgt = _target_akhir(tgt, ind, anggaran)
    nomenklatur = pd.DataFrame(
        [(lv, k, nm) for k, (lv, nm) in nomen.items()], columns=["level", "kode", "nama"]
    )
    urut = nomenklatur["kode"].str.split(".").map(lambda p: [int(x) for x in p])
    nomenklatur = nomenklatur.iloc[np.argsort(urut.map(tuple).to_numpy(), kind="stable")]
    return {
        **frames,
        "indikator": ind,
        "target": tgt,
        "anggaran": anggaran,
        "nomenklatur": nomenklatur.reset_index(drop=True),
    }


def _anggaran_baru(ang: pd.DataFrame, lines: dict[str, dict[str, str]]) -> pd.DataFrame:
    """One budget line per sub kegiatan of the OPD; the OPD-year's monthly kas split by fixed
    shares (the staff line the largest), so pagu and kas totals per OPD-year do not change."""
    rows = []
    for (tahun, kode_opd), grp in ang.groupby(["tahun", "kode_opd"], sort=False):
        kas_total = grp[list(KAS_COLUMNS)].sum().to_numpy()
        subs = sorted(lines.get(kode_opd, {}).items())
        if not subs:  # an OPD without indicators keeps its lines as drawn
            rows += grp.to_dict("records")
            continue
        w = np.array([4.0 if k.split(".")[2:5] == ["01", "2", "02"] else 1.0 for k, _ in subs])
        w = w * (1 + 0.1 * np.arange(len(subs)) / len(subs))  # unequal, deterministic
        share = w / w.sum()
        kas = np.floor(np.outer(share, kas_total))
        kas[0] += kas_total - kas.sum(axis=0)  # the remainder rupiah on the first line
        for (kode, nama), k in zip(subs, kas, strict=True):
            rows.append(
                dict(
                    tahun=tahun, kode_opd=kode_opd, kode_kegiatan=kode, nama_kegiatan=nama,
                    pagu=float(k.sum()), **dict(zip(KAS_COLUMNS, map(float, k), strict=True)),
                )
            )  # fmt: skip
    return pd.DataFrame(rows, columns=ang.columns)


def _target_akhir(tgt: pd.DataFrame, ind: pd.DataFrame, ang: pd.DataFrame) -> pd.DataFrame:
    """End-of-plan targets: totals over the plan years for cumulative indicators marked
    ``jumlah``; the plan's funding (Rp) of each indicator's program/kegiatan."""
    tgt = tgt.copy()
    tgt["anggaran"] = np.nan
    akhir = tgt["jenis"] == "akhir_rpjmd"
    tahunan = tgt[tgt["jenis"] == "tahunan"].set_index(["kode_indikator", "tahun"])["target"]
    info = ind.set_index("kode_indikator")
    for i in tgt.index[akhir]:
        kode = tgt.at[i, "kode_indikator"]
        if kode not in info.index or pd.isna(info.at[kode, "kode_opd"]):
            continue
        row = info.loc[kode]
        if row["akhir_periode"] == "jumlah" and pd.notna(tgt.at[i, "target"]):
            t25, t26 = tahunan.get((kode, 2025)), tahunan.get((kode, 2026))
            if t25 is not None and t26 is not None and t25 > 0:
                tumbuh = t26 / t25
                tgt.at[i, "target"] = float(
                    round(sum(t25 * tumbuh ** (y - 2025) for y in TAHUN_RENCANA))
                )
        nom = row["kode_nomenklatur"]
        if isinstance(nom, str):
            mine = ang[(ang["kode_opd"] == row["kode_opd"])]
            mine = mine[mine["kode_kegiatan"].str.startswith(nom + ".")]
            p25 = mine.loc[mine["tahun"] == 2025, "pagu"].sum()
            p26 = mine.loc[mine["tahun"] == 2026, "pagu"].sum()
            if p26 > 0:
                lanjut = sum(PERTUMBUHAN_PAGU**k for k in range(1, len(TAHUN_RENCANA) - 1))
                tgt.at[i, "anggaran"] = float(round(p25 + p26 * (1 + lanjut), -5))
    return tgt
