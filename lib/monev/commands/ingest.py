"""``monev ingest``: load OPD submissions into the store, whole file or not at all."""

from __future__ import annotations

import argparse
import sys

BANTUAN = "Muat kiriman OPD (.xlsx/.csv) ke basis data; berkas bergalat ditolak utuh."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("berkas", nargs="+", help="berkas atau folder kiriman")
    parser.add_argument(
        "--diterima",
        default=None,
        help="tanggal terima, contoh 2026-11-09 (bawaan: "
        "dari penerimaan.csv di folder berkas, atau hari ini)",
    )
    parser.add_argument("--lang", choices=("id", "en"), default="id", help="bahasa pesan (id/en)")
    parser.add_argument(
        "--laporan-galat",
        default=None,
        metavar="BERKAS",
        help="tulis daftar temuan ke .xlsx/.csv untuk dikirim ke OPD",
    )


def run(args: argparse.Namespace) -> int:
    import datetime as dt
    from pathlib import Path

    from monev.data.export import export_table
    from monev.data.ingest import ingest_files
    from monev.data.reference import ReferensiError
    from monev.data.store import StoreError
    from monev.model.workbook import Workbook

    en = args.lang == "en"
    hilang = [b for b in args.berkas if not Path(b).exists()]
    if hilang:
        print(
            ("File not found: " if en else "Berkas tidak ditemukan: ") + ", ".join(hilang),
            file=sys.stderr,
        )
        return 2
    try:
        diterima = dt.datetime.fromisoformat(args.diterima) if args.diterima else None
    except ValueError:
        print(
            "Error: --diterima must be a date, e.g. 2026-11-09."
            if en
            else "Galat: --diterima harus tanggal, contoh 2026-11-09.",
            file=sys.stderr,
        )
        return 2
    try:
        hasil = ingest_files(
            Workbook.at(args.root),
            args.berkas,
            diterima=diterima,
            lang=args.lang,
            progress=sys.stderr.isatty(),
        )
    except (StoreError, ReferensiError) as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 1
    statuses = ("dimuat", "sama", "digantikan", "kosong", "ditolak", "ditunda")
    hitung = {s: sum(b.status == s for b in hasil.berkas) for s in statuses}
    if en:
        print(
            f"{hitung['dimuat']} loaded, {hitung['sama']} already loaded (unchanged), "
            + (
                f"{hitung['digantikan']} outranked by a higher revision (kept in the history), "
                if hitung["digantikan"]
                else ""
            )
            + (
                f"{hitung['kosong']} blank (kosong: recorded, no data), "
                if hitung["kosong"]
                else ""
            )
            + f"{hitung['ditolak']} refused."
            + (f" {hitung['ditunda']} not loaded yet (store busy)." if hitung["ditunda"] else "")
        )
    else:
        print(
            f"{hitung['dimuat']} dimuat, {hitung['sama']} sudah pernah dimuat (tidak berubah), "
            + (
                f"{hitung['digantikan']} kalah oleh revisi lebih tinggi (dicatat di riwayat), "
                if hitung["digantikan"]
                else ""
            )
            + (f"{hitung['kosong']} kosong (dicatat, tanpa data), " if hitung["kosong"] else "")
            + f"{hitung['ditolak']} ditolak."
            + (
                f" {hitung['ditunda']} belum dimuat (basis data sibuk)."
                if hitung["ditunda"]
                else ""
            )
        )
    for b in hasil.berkas:
        if not b.findings:
            continue
        label = {
            "dimuat": "Loaded with warnings" if en else "Dimuat dengan peringatan",
            "ditolak": "REFUSED" if en else "DITOLAK",
            "digantikan": "Outranked (history only)" if en else "Kalah revisi (hanya riwayat)",
            "kosong": "BLANK (recorded, no data)" if en else "KOSONG (dicatat, tanpa data)",
            "ditunda": "NOT LOADED YET" if en else "BELUM DIMUAT",
        }[b.status]
        print(f"\n{label}: {b.path.name}")
        tabel = b.findings_table(args.lang)
        for _, grp in tabel.groupby(["kolom", "tingkat"], dropna=False, sort=False):
            contoh = grp.head(3)
            for x in contoh.itertuples():
                lokasi = ", ".join(str(v) for v in (x.lembar, x.sel) if isinstance(v, str) and v)
                print(f"  - [{x.tingkat}] {lokasi + ': ' if lokasi else ''}{x.pesan}")
            if len(grp) > 3:
                lagi = len(grp) - 3
                print(
                    f"    … and {lagi} more in this column"
                    if en
                    else f"    … dan {lagi} lagi di kolom ini"
                )
    if args.laporan_galat:
        export_table(hasil.findings_table(args.lang), args.laporan_galat)
        print(
            f"\n{'Findings written to' if en else 'Daftar temuan ditulis ke'} {args.laporan_galat}"
        )
    return 1 if hasil.ditolak or hitung["ditunda"] else 0
