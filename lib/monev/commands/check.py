"""``monev check``: the data-validity (IKD) report of a period."""

from __future__ import annotations

import argparse

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

    from monev.app.context import open_period
    from monev.commands import fail
    from monev.data.export import export_table
    from monev.model.angka import format_angka_id
    from monev.model.periode import Periode
    from monev.present.format import tanggal

    periode = Periode.parse(args.periode)
    ctx = open_period(args.root, str(periode))
    temuan, skor = ctx.kualitas, ctx.skor_kualitas
    print(f"Kualitas data {periode.label}: {len(temuan)} temuan.")
    for jenis, n in temuan["jenis"].value_counts().sort_index().items():
        print(f"  {jenis.replace('_', ' ')}: {n}")
    rendah = skor[skor["skor"] < 100].head(5)
    if len(rendah):
        print(
            "Skor kualitas terendah: "
            + ", ".join(
                f"{x.singkatan} {format_angka_id(x.skor, 0)}"
                for x in rendah.sort_values("skor").itertuples()
            )
        )
    revisi = ctx.revisi[ctx.revisi["direvisi"].astype(bool)]
    if len(revisi):
        singkat = ctx.ref.opd.set_index("kode_opd")["singkatan"]
        print(
            "Kiriman direvisi: "
            + ", ".join(
                f"{singkat.get(r.kode_opd, r.kode_opd)} (revisi {int(r.revisi)}, direvisi pada "
                f"{tanggal(r.dimuat)})"
                for r in revisi.itertuples()
            )
        )
    out = (
        Path(args.output)
        if args.output
        else ctx.workbook.periode_dir(periode) / "kualitas_data.xlsx"
    )
    try:
        if out.suffix == ".xlsx":
            export_table({"Temuan": temuan, "Skor": skor}, out)
        else:
            export_table(temuan, out)
    except (OSError, ValueError) as exc:
        return fail(ValueError(f"tabel temuan tidak dapat ditulis ke {out}: {exc}"))
    print(f"Tabel temuan: {out}")
    return 0
