"""``monev export``: the official RKPD and Renja evaluation tables of a year, to Excel."""

from __future__ import annotations

import argparse

BANTUAN = "Ekspor tabel resmi evaluasi RKPD dan Renja (Permendagri 86/2017) ke Excel."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--periode", required=True, help="bulan terakhir yang dievaluasi, contoh 2026-10"
    )
    parser.add_argument(
        "-o",
        "--output",
        default=None,
        help="berkas .xlsx (bawaan: outputs/<periode>/evaluasi_rkpd_renja_<tahun>.xlsx)",
    )


def buku_tabel(ktx) -> dict:
    """One sheet for the RKPD table, one per OPD for Renja, each with its footer lines."""
    import pandas as pd

    from monev.engine.official import tabel_renja, tabel_rkpd
    from monev.model.periode import Periode
    from monev.present import format as fmt

    tahun = Periode.parse(ktx.periode).tahun
    riwayat, keuangan = ktx.evaluasi.riwayat, ktx.keuangan
    lembar = {}

    def dengan_kaki(resmi) -> pd.DataFrame:
        kaki = pd.DataFrame(
            {
                resmi.tabel.columns[1]: [
                    f"Rata-rata capaian: {fmt.angka(resmi.rata_capaian)} %",
                    f"Predikat: {resmi.predikat or '–'}",
                    resmi.catatan,
                ]
            }
        )
        return pd.concat([resmi.tabel, kaki], ignore_index=True)

    lembar["RKPD"] = dengan_kaki(tabel_rkpd(ktx.ref, riwayat, keuangan, tahun, ktx.settings))
    for row in ktx.ref.opd.sort_values("singkatan").itertuples():
        if (riwayat["kode_opd"].astype(str) == row.kode_opd).any():
            resmi = tabel_renja(ktx.ref, riwayat, keuangan, tahun, row.kode_opd, ktx.settings)
            lembar[f"Renja {row.singkatan}"[:31]] = dengan_kaki(resmi)
    return lembar


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from monev.app.context import open_period
    from monev.data.export import export_table
    from monev.model.periode import Periode

    periode = Periode.parse(args.periode)
    ktx = open_period(args.root, str(periode))
    tujuan = (
        Path(args.output)
        if args.output
        else (ktx.workbook.periode_dir(periode) / f"evaluasi_rkpd_renja_{periode.tahun}.xlsx")
    )
    tujuan.parent.mkdir(parents=True, exist_ok=True)
    lembar = buku_tabel(ktx)
    export_table(lembar, tujuan)
    print(f"{len(lembar)} lembar ditulis ke {tujuan}")
    return 0
