"""``monev sample``: build the synthetic Gunung Mas sample workbook."""

from __future__ import annotations

import argparse
import time

BANTUAN = "Buat buku kerja contoh (sintetis) Kabupaten Gunung Mas: rujukan dan kiriman OPD."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=int, default=2026, help="benih acak (bawaan 2026)")
    parser.add_argument("--dari", default="2025-01", help="bulan kiriman pertama (bawaan 2025-01)")
    parser.add_argument(
        "--sampai", default="2026-10", help="bulan kiriman terakhir (bawaan 2026-10)"
    )
    parser.add_argument(
        "--opd",
        nargs="+",
        default=None,
        metavar="SINGKATAN",
        help="hanya OPD ini yang mengirim (rujukan tetap lengkap)",
    )


def run(args: argparse.Namespace) -> int:
    from monev.data.sample import generate_sample

    mulai = time.perf_counter()
    info = generate_sample(
        args.root, seed=args.seed, dari=args.dari, sampai=args.sampai, opd=args.opd
    )
    print(
        f"Contoh dibuat di {info.root}: {len(info.opd)} OPD, {len(info.periods)} bulan "
        f"({info.periods[0]} s.d. {info.periods[-1]}), {len(info.planted)} masalah data tertanam, "
        f"{time.perf_counter() - mulai:.0f} detik."
    )
    return 0
