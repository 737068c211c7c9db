"""``monev keputusan``: the rakor's decisions register, its notulen and follow-up letters.

    monev keputusan --periode 2026-10 --templat          # outputs/2026-10/keputusan_2026-10.xlsx
    monev keputusan --muat keputusan_2026-10.xlsx        # check and store it, whole or nothing
    monev keputusan --periode 2026-10 --dokumen          # notulen and one letter per OPD

The meeting date (``tanggal_rapat`` of ``params/<periode>.yaml``) is when decisions are judged
overdue; without it, the last day of the month.
"""

from __future__ import annotations

import argparse
import sys

BANTUAN = (
    "Register keputusan rakor: templat Excel, muat register yang sudah diisi, "
    "tulis notulen dan surat tindak lanjut per OPD (.docx)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--periode", default=None, help="bulan rakor, contoh 2026-10")
    parser.add_argument(
        "--templat",
        action="store_true",
        help="tulis templat register kosong (outputs/<periode>/keputusan_<periode>.xlsx)",
    )
    parser.add_argument(
        "--muat", metavar="BERKAS", default=None, help="muat register yang sudah diisi (.xlsx)"
    )
    parser.add_argument(
        "--dokumen",
        action="store_true",
        help="tulis notulen_<periode>.docx dan surat_tindak_lanjut_<OPD>_<periode>.docx",
    )
    parser.add_argument(
        "-o", "--output", default=None, help="berkas templat (bawaan: di outputs/<periode>/)"
    )


def _params(root, periode: str | None):
    from monev.app.params import period_params
    from monev.model.workbook import Workbook

    if periode is None:
        return None
    params, _ = period_params(Workbook.at(root), periode)
    return params


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from monev.data.keputusan import muat_register, templat_path, write_templat
    from monev.data.reference import load_reference
    from monev.model.keputusan import periode_of_file
    from monev.model.workbook import Workbook

    if not (args.templat or args.muat or args.dokumen):
        print("Galat: pilih --templat, --muat BERKAS atau --dokumen.", file=sys.stderr)
        return 2
    if (args.templat or args.dokumen) and not args.periode:
        print(
            "Galat: --templat dan --dokumen memerlukan --periode, contoh 2026-10.", file=sys.stderr
        )
        return 2
    wb = Workbook.at(args.root)
    kode = 0
    if args.templat:
        params = _params(args.root, args.periode)
        ref = load_reference(wb.reference, wb.cache)
        tujuan = Path(args.output) if args.output else templat_path(wb, params.periode)
        write_templat(ref, params.periode, tujuan, ref.daerah.nama, params.tanggal_rapat)
        print(f"Templat register keputusan ditulis ke {tujuan}")
    if args.muat:
        berkas = Path(args.muat)
        if not berkas.exists():
            print(f"Galat: berkas tidak ditemukan: {berkas}", file=sys.stderr)
            return 2
        periode = args.periode or periode_of_file(berkas.name)
        params = _params(args.root, periode)
        ref = load_reference(wb.reference, wb.cache)
        hasil = muat_register(
            wb, berkas, ref, params.periode if params else None,
            params.tanggal_rapat if params else "",
        )  # fmt: skip
        if hasil.status == "ditolak":
            print(
                f"Register {berkas.name} DITOLAK utuh ({len(hasil.galat)} galat); "
                "tidak ada yang dimuat. Perbaiki lalu muat lagi:",
                file=sys.stderr,
            )
            for g in hasil.galat:
                print(f"- {g}", file=sys.stderr)
            return 1
        if hasil.status == "sama":
            print(f"Register {berkas.name} ({hasil.periode}) sudah dimuat; tidak ada perubahan.")
        else:
            print(
                f"Register {berkas.name} dimuat: {len(hasil.keputusan)} keputusan rakor "
                f"{hasil.periode}."
            )
    if args.dokumen:
        kode = max(kode, _dokumen(args))
    return kode


def _dokumen(args: argparse.Namespace) -> int:
    from monev.app.context import open_period
    from monev.report.notulen import tulis_dokumen

    params = _params(args.root, args.periode)
    ctx = open_period(args.root, params.periode)
    dok = tulis_dokumen(ctx, params.judul, params.asisten)
    print(f"Notulen ditulis ke {dok.notulen}")
    print(f"{len(dok.surat)} surat tindak lanjut ditulis ke {dok.notulen.parent}")
    return 0
