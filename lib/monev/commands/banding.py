"""``monev banding``: a comparison of two chosen months, per OPD."""

from __future__ import annotations

import argparse

BANTUAN = (
    "Bandingkan kinerja OPD dua bulan pilihan (rata-rata capaian, predikat, status laporan, "
    "realisasi keuangan) menjadi outputs/<periode>/banding_<bulan>.html."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--periode", required=True, help="bulan evaluasi, contoh 2026-10")
    parser.add_argument(
        "--dengan", required=True, help="bulan pembanding, contoh 2026-09 atau 2025-10"
    )


def run(args: argparse.Namespace) -> int:
    from monev.app.context import open_period
    from monev.model.periode import Periode
    from monev.model.workbook import Workbook
    from monev.present.banding import banding_opd
    from monev.report.banding import tulis_banding
    from monev.report.manifest import refresh_index

    p, q = Periode.parse(args.periode), Periode.parse(args.dengan)
    if p == q:
        print(f"Galat: --periode dan --dengan sama ({p.label}); pilih dua bulan berbeda.")
        return 2
    workbook = Workbook.at(args.root)
    ctx_p = open_period(workbook.root, str(p))
    ctx_q = open_period(workbook.root, str(q))
    tabel = banding_opd(ctx_p.evaluasi.opd, ctx_q.evaluasi.opd)
    path = workbook.periode_dir(str(p)) / f"banding_{q}.html"
    tulis_banding(path, tabel, str(p), str(q), pemerintah=ctx_p.daerah.pemerintah)
    refresh_index(workbook.outputs, str(p))  # the month's index links the comparison
    print(f"Perbandingan {p.label} dengan {q.label}: {path}")
    return 0
