"""``monev capaian TABEL``: capaian and predikat for a table of target and realisasi.

A quick calculator for any spreadsheet, outside the monthly flow: the table needs columns for the
indicator, polaritas, target (a number or a range ``80-90`` / ``80–90``) and realisasi, and may
have an ``arah rentang`` column. A range's direction is the polaritas when it is positif/negatif;
for polaritas ``rentang`` it is ``arah rentang``, and without one both sides are worse (methods.md
§1). Column names are matched ignoring case and spaces, in Indonesian or English.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from monev.model.settings import NEGATIVE_FORMULAS, Settings, SettingsError

BANTUAN = (
    "Hitung capaian dan predikat dari tabel target dan realisasi (.csv/.xlsx); angka boleh "
    "format Indonesia (85,5) atau, hanya di perintah ini, desimal titik (85.5)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "Kolom (huruf besar/kecil dan spasi diabaikan): indikator/indicator, polaritas/polarity, "
        "target, realisasi/actual/realisation; boleh ditambah kolom arah rentang (positif/"
        "negatif). Target boleh rentang 80-90 atau 80–90: polaritas positif atau negatif memberi "
        "arahnya; polaritas rentang memakai kolom arah rentang, dan tanpa arah kedua sisi "
        "dianggap lebih buruk (di bawah: R/a; di atas: (2b−R)/b). Predikat dari capaian yang "
        "tercetak (2 desimal, dibulatkan setengah ke atas). Angka "
        "dibaca dengan format Indonesia dulu (85,5; 1.234 = seribu dua ratus tiga puluh empat); "
        "hanya di perintah ini desimal titik seperti 85.5 juga diterima, untuk tabel berbahasa "
        "Inggris. Hasil: kolom capaian, predikat, keterangan; CSV hasil memakai pemisah titik "
        "koma (;) dan koma desimal."
    )
    parser.add_argument("tabel", help="berkas .csv atau .xlsx (lembar pertama)")
    parser.add_argument(
        "-o",
        "--output",
        default=None,
        help="simpan hasil ke berkas .csv atau .xlsx (bawaan: CSV ke layar)",
    )
    parser.add_argument(
        "--negatif",
        choices=NEGATIVE_FORMULAS,
        default=None,
        help="rumus polaritas negatif (bawaan 2T-R; alternatif T/R)",
    )
    parser.add_argument(
        "--cap",
        type=float,
        default=None,
        help="batas atas capaian, contoh 120 (bawaan: tanpa batas)",
    )


def run(args: argparse.Namespace) -> int:
    # pandas and the engine load only when this command runs, not for every `monev` command
    from monev.data.tabel_capaian import TableError, add_capaian, read_table_file, write_result

    try:
        settings = Settings(
            negative_formula=args.negatif or Settings().negative_formula, cap=args.cap
        )
    except SettingsError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 2
    path = Path(args.tabel)
    tujuan = Path(args.output) if args.output else None
    if tujuan is not None and tujuan.suffix.lower() not in (".csv", ".xlsx"):
        print("Galat: berkas hasil harus berakhiran .csv atau .xlsx.", file=sys.stderr)
        return 2
    try:
        df, _ = read_table_file(path)
        out = add_capaian(df, path.name, settings)
    except TableError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 1
    write_result(out, tujuan)
    if tujuan is not None:
        n = int(out["capaian"].notna().sum())
        print(f"{n} dari {len(out)} capaian dihitung; hasil di {tujuan}.", file=sys.stderr)
    return 0
