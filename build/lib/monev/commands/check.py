"""``monev check``: the data-validity (IKD) report of a period."""

from __future__ import annotations

import argparse
import sys

BANTUAN = (
    "Periksa kualitas data (IKD) satu periode: kelengkapan, ketepatan waktu, validitas, pencilan."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--periode", required=True, help="bulan yang diperiksa, contoh 2026-10")
    parser.add_argument(
        "-o",
        "--output",
        default=None,
        help="berkas temuan .xlsx/.csv (bawaan outputs/<periode>/kualitas_data.xlsx)",
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from monev.data.export import export_table
    from monev.data.reference import ReferensiError, load_reference
    from monev.data.store import StoreBusyError, read_table
    from monev.engine.quality import periksa_kualitas, skor_kualitas
    from monev.model.periode import Periode, PeriodeError
    from monev.model.workbook import Workbook
    from monev.report.params import ParamsError, baca_params

    wb = Workbook.at(args.root)
    try:
        periode = Periode.parse(args.periode)
        params, _ = baca_params(wb.params, str(periode))
        ref = load_reference(wb.reference)
        t = {n: read_table(wb.store, n) for n in ("berkas", "realisasi", "keuangan", "temuan_muat")}
    except (PeriodeError, ParamsError) as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 2
    except (ReferensiError, StoreBusyError) as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 1
    temuan = periksa_kualitas(
        ref, t["berkas"], t["realisasi"], t["keuangan"], t["temuan_muat"], periode, params.settings
    )
    skor = skor_kualitas(ref, t["berkas"], t["realisasi"], temuan, periode, params.settings)
    print(f"Kualitas data {periode.label}: {len(temuan)} temuan.")
    for jenis, n in temuan["jenis"].value_counts().sort_index().items():
        print(f"  {jenis.replace('_', ' ')}: {n}")
    rendah = skor[skor["skor"] < 100].head(5)
    if len(rendah):
        print(
            "Skor kualitas terendah: "
            + ", ".join(
                f"{x.singkatan} {x.skor:.0f}".replace(".", ",")
                for x in rendah.sort_values("skor").itertuples()
            )
        )
    out = Path(args.output) if args.output else wb.periode_dir(periode) / "kualitas_data.xlsx"
    export_table({"Temuan": temuan, "Skor": skor}, out) if out.suffix == ".xlsx" else export_table(
        temuan, out
    )
    print(f"Tabel temuan: {out}")
    return 0
