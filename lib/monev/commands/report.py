"""``monev report``: the period's rakor report set as offline HTML in outputs/<periode>/."""

from __future__ import annotations

import argparse

BANTUAN = (
    "Buat laporan rakor (HTML luring) satu periode: ikhtisar, per OPD, per IKU, kualitas data."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--periode", required=True, help="bulan evaluasi, contoh 2026-10")
    parser.add_argument(
        "--asisten",
        default=None,
        help="hanya OPD di bawah Asisten ini (kode di daerah.yaml, misalnya II)",
    )
    parser.add_argument(
        "--opd", nargs="+", default=None, metavar="KODE", help="hanya OPD ini (kode atau singkatan)"
    )
    parser.add_argument("--jobs", type=int, default=None, help="laporan serentak (bawaan 2)")
    parser.add_argument(
        "--semua",
        action="store_true",
        help="buat ulang semua laporan walau masukannya tidak berubah",
    )
    parser.add_argument("--diam", action="store_true", help="tanpa bilah kemajuan")


def run(args: argparse.Namespace) -> int:
    from monev.app.params import period_params
    from monev.model.workbook import Workbook

    workbook = Workbook.at(args.root)
    params, asal = period_params(workbook, args.periode, asisten=args.asisten, jobs=args.jobs)
    print(asal)
    keluaran = workbook.periode_dir(params.periode)

    # kernels start now and import in the background while this process plans the run
    from monev.report.kernel import KernelPool

    konteks = (str(workbook.root), params.periode, params.settings_json)
    # kernels work in the workbook root (reports get absolute paths), so a run whose planning
    # fails leaves no empty outputs/<periode>/ behind
    with KernelPool(params.jobs, workbook.root, fork=True, context=konteks) as pool:
        return _buat(args, workbook, params, keluaran, pool)


def _buat(args, workbook, params, keluaran, pool) -> int:
    from monev.app.context import load_context, load_inputs
    from monev.report.manifest import read_manifest
    from monev.report.plan import plan_reports
    from monev.report.runner import manifest_from, publish, run_reports

    inputs = load_inputs(workbook)  # a refusal here ends the run before any page is touched
    daftar = plan_reports(workbook, params, inputs.ref, inputs.berkas, inputs.realisasi, args.opd)
    lama = read_manifest(keluaran / "manifest.json")
    ringkasan = run_reports(
        daftar,
        keluaran,
        jobs=params.jobs,
        manifest_lama=lama,
        semua=args.semua,
        progress=not args.diam,
        pool=pool,
        # the shared context, computed once and pickled while the kernels (or their fork
        # server) import
        prepare=lambda: load_context(workbook.root, params.periode, params.settings_json, inputs),
    )
    manifest = manifest_from(ringkasan, params, lama, inputs.ref.daerah)
    semua_periode = [p.name for p in workbook.outputs.glob("*") if (p / "index.html").exists()]
    konteks = lambda: load_context(workbook.root, params.periode, params.settings_json, inputs)  # noqa: E731
    publish(keluaran, manifest, params.periode, [*semua_periode, params.periode], konteks)
    print(ringkasan.teks())
    print(f"Indeks: {keluaran / 'index.html'}")
    return 1 if ringkasan.gagal else 0
