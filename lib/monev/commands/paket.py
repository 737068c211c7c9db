"""``monev paket``: the month's pack to circulate — one paket.html and one A4 paket.pdf."""

from __future__ import annotations

import argparse

BANTUAN = (
    "Satukan laporan rakor satu periode menjadi paket.html (satu berkas, daftar isi) dan "
    "paket.pdf (A4, bernomor halaman) untuk dikirim atau dicetak."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--periode", required=True, help="bulan evaluasi, contoh 2026-10")
    parser.add_argument(
        "--asisten",
        default=None,
        help="lingkup paket: OPD di bawah Asisten ini, atau 'semua' (bawaan: dari "
        "params/<periode>.yaml)",
    )
    parser.add_argument(
        "--tanpa-pdf", action="store_true", help="hanya paket.html, tanpa mencetak PDF"
    )


def scope_reports(workbook, params) -> list[str]:
    """The report names of the params' scope (its Asisten's line, or the whole regency): what
    ``monev report`` of that scope publishes, without ``--opd``."""
    from monev.app.context import load_inputs
    from monev.report.plan import plan_reports

    inputs = load_inputs(workbook)
    # the official tables are in the scope too: the pack binds them when --resmi made them
    daftar = plan_reports(workbook, params, inputs.ref, inputs.berkas, inputs.realisasi, resmi=True)
    return [d.nama for d in daftar]


def run(args: argparse.Namespace) -> int:
    from monev.commands.report import month_params
    from monev.model.workbook import Workbook
    from monev.report.paket import PaketError, buat_paket

    workbook = Workbook.at(args.root)
    params, asal = month_params(workbook, args.periode, args.asisten)
    print(asal)
    keluaran = workbook.periode_dir(params.periode)
    try:
        paket = buat_paket(keluaran, scope=scope_reports(workbook, params), pdf=not args.tanpa_pdf)
    except PaketError as exc:
        print(f"Galat: paket tidak dibuat: {exc}")
        return 1
    _index(workbook, keluaran, params.periode)  # the index links the pack
    print(f"Paket: {paket.html} ({len(paket.halaman)} laporan)")
    if paket.pdf is not None:
        print(f"PDF: {paket.pdf}")
    for p in paket.pesan:
        print(p)
    return 0 if paket.pdf is not None or args.tanpa_pdf else 1


def _index(workbook, keluaran, periode: str) -> None:
    from monev.report.manifest import read_manifest, write_index

    manifest = read_manifest(keluaran / "manifest.json")
    semua = [p.name for p in workbook.outputs.glob("*") if (p / "index.html").exists()]
    write_index(keluaran / "index.html", manifest, periode, [*semua, periode])
