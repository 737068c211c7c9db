"""``monev template``: one pre-filled .xlsx per OPD for the month."""

from __future__ import annotations

import argparse
import sys

BANTUAN = "Buat templat laporan bulanan (.xlsx) per OPD, terisi dari data rujukan."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--periode", required=True, help="bulan laporan, contoh 2026-11")
    parser.add_argument(
        "--opd", nargs="+", default=None, metavar="KODE", help="kode atau singkatan OPD"
    )
    parser.add_argument(
        "--out", default=None, help="folder tujuan (bawaan outputs/<periode>/template)"
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from monev.app.params import ParamsError, read_params
    from monev.data.reference import ReferensiError, load_reference
    from monev.data.store import StoreError
    from monev.data.template import write_template
    from monev.model.periode import Periode, PeriodeError
    from monev.model.workbook import Workbook

    wb = Workbook.at(args.root)
    try:
        periode = Periode.parse(args.periode)
        ref = load_reference(wb.reference)
        # the month's settings decide the targets shown, exactly as they decide the evaluation
        settings = read_params(wb.params, str(periode), daerah=ref.daerah)[0].settings
    except (PeriodeError, ReferensiError, ParamsError) as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 2
    opd = ref.opd
    if args.opd:
        opd = opd[opd["kode_opd"].isin(args.opd) | opd["singkatan"].isin(args.opd)]
        if len(opd) != len(set(args.opd)):
            print("Galat: ada OPD yang tidak dikenal di opd.csv.", file=sys.stderr)
            return 2
    out = Path(args.out) if args.out else wb.periode_dir(periode) / "template"
    try:
        tl_terbuka = _tindak_lanjut_terbuka(wb, periode)
    except StoreError as exc:
        print(f"Galat: {exc}", file=sys.stderr)
        return 1
    for kode in opd["kode_opd"]:
        tl = tl_terbuka[tl_terbuka["kode_opd"] == kode] if not tl_terbuka.empty else None
        path = write_template(ref, kode, periode, out, tl, settings=settings)
        print(path)
    return 0


def _tindak_lanjut_terbuka(wb, periode):
    """Open follow-up items and rakor decisions from earlier months, to carry into the new
    templates."""
    import pandas as pd

    from monev.data.store import read_table
    from monev.engine.tindak_lanjut import gabung_keputusan, status_tindak_lanjut

    # the rakor's decisions (register) too: the OPD reports on them under their codes
    tl = gabung_keputusan(read_table(wb.store, "tindak_lanjut"), read_table(wb.store, "keputusan"))
    if tl.empty:
        return pd.DataFrame()
    status = status_tindak_lanjut(tl, periode.tambah(-1))
    return status[status["keadaan"].astype(str) != "selesai"]
