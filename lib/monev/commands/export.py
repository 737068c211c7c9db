"""``monev export``: the official RKPD and Renja evaluation tables at a month, to Excel.

Before anything is written the attach check (``engine.nomenklatur``) lists every indicator and
budget line that does not attach to the nomenclature: a warning (the tables keep them in closing
sections, and the workbook gets a sheet "Daftar Periksa"), or with ``--ketat`` an error (exit 1)
for the file that is handed in. Without ``nomenklatur.csv`` nothing can be grouped: an error.
"""

from __future__ import annotations

import argparse
import sys

BANTUAN = "Ekspor tabel resmi evaluasi RKPD dan Renja (Permendagri 86/2017) ke Excel."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--periode", required=True, help="bulan terakhir yang dievaluasi, contoh 2026-10"
    )
    parser.add_argument(
        "-o",
        "--output",
        default=None,
        help="berkas .xlsx (bawaan: outputs/<periode>/evaluasi_rkpd_renja_<periode>.xlsx)",
    )
    parser.add_argument(
        "--opd", nargs="*", default=None, help="singkatan OPD untuk lembar Renja (bawaan: semua)"
    )
    parser.add_argument("--tempat", default="", help="tempat penandatanganan, contoh Kuala Kurun")
    parser.add_argument(
        "--tanggal", default="", help="tanggal penandatanganan, contoh 15 Januari 2027"
    )
    parser.add_argument("--kertas", choices=("A4", "F4"), default="A4", help="ukuran kertas")
    parser.add_argument(
        "--ketat",
        action="store_true",
        help="gagal (kode 1) bila ada indikator atau baris anggaran yang tidak terpetakan",
    )


def buku_tabel(ktx, opd: list[str] | None = None) -> list:
    """(sheet name, TabelResmi): the RKPD table, then one Renja table per OPD with data."""
    from monev.engine.official import tabel_renja, tabel_rkpd

    ev = ktx.evaluasi
    kw = dict(tindak_lanjut=ev.tindak_lanjut, realisasi=ktx.realisasi)
    riwayat, keuangan = ev.riwayat, ktx.keuangan
    lembar = [("RKPD", tabel_rkpd(ktx.ref, riwayat, keuangan, ktx.periode, ktx.settings, **kw))]
    # OPDs with a value this year (a Renja sheet of blanks helps nobody)
    tahun = riwayat[(riwayat["tahun"] == int(ktx.periode[:4])) & riwayat["realisasi"].notna()]
    ada = set(tahun["kode_opd"].astype(str))
    for row in ktx.ref.opd.sort_values("singkatan").itertuples():
        if opd and row.singkatan not in opd:
            continue
        if row.kode_opd in ada:
            t = tabel_renja(
                ktx.ref, riwayat, keuangan, ktx.periode, row.kode_opd, ktx.settings, **kw
            )
            lembar.append((f"Renja {row.singkatan}"[:31], t))
    return lembar


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from monev.app.context import open_period
    from monev.data.resmi_xlsx import tulis_buku_resmi
    from monev.engine.nomenklatur import periksa_keterkaitan, uraian_keterkaitan
    from monev.model.periode import Periode

    periode = Periode.parse(args.periode)
    ktx = open_period(args.root, str(periode))
    if ktx.ref.nomenklatur.empty:
        print(
            "Galat: data/reference/nomenklatur.csv tidak ada atau kosong: tabel resmi disusun "
            "menurut urusan, bidang urusan, program, kegiatan dan sub kegiatan (kolom level, "
            "kode, nama). Lihat docs/data-model.md.",
            file=sys.stderr,
        )
        return 1
    temuan = periksa_keterkaitan(ktx.ref, periode.tahun)
    if len(temuan):
        tingkat = "Galat" if args.ketat else "Peringatan"
        print(
            f"{tingkat}: {len(temuan)} indikator/baris anggaran tidak terpetakan ke nomenklatur "
            "(baris Rp-nya kosong atau masuk bagian 'belum terpetakan'):",
            file=sys.stderr,
        )
        print("\n".join(uraian_keterkaitan(temuan)), file=sys.stderr)
        if args.ketat:
            print("Perbaiki berkas referensi di atas, lalu ekspor lagi.", file=sys.stderr)
            return 1
    if args.opd:
        asing = sorted(set(args.opd) - set(ktx.ref.opd["singkatan"]))
        if asing:
            print(f"Galat: OPD {', '.join(asing)} tidak ada di opd.csv.", file=sys.stderr)
            return 2
    tujuan = (
        Path(args.output)
        if args.output
        else ktx.workbook.periode_dir(periode) / f"evaluasi_rkpd_renja_{periode}.xlsx"
    )
    lembar = buku_tabel(ktx, args.opd)
    tulis_buku_resmi(
        lembar, tujuan, periksa=temuan, tempat=args.tempat, tanggal=args.tanggal,
        kertas=args.kertas,
    )  # fmt: skip
    print(f"{len(lembar)} lembar ditulis ke {tujuan}")
    return 0
