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
        help="hanya OPD di bawah Asisten ini (kode di daerah.yaml, misalnya II); 'semua' untuk "
        "seluruh daerah (bawaan: dari params/<periode>.yaml)",
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
    parser.add_argument(
        "--resmi",
        action="store_true",
        help="tambahkan tabel resmi Evaluasi RKPD dan Evaluasi Renja per OPD (Permendagri "
        "86/2017) sebagai halaman laporan",
    )


def month_params(workbook, periode: str, asisten: str | None, jobs: int | None = None):
    """The month's params and a note saying which scope the reports cover and why.

    Without ``params/<periode>.yaml`` and without ``--asisten`` the scope would silently become
    the whole regency; when an earlier month's params chose an Asisten, that is refused with
    what to do (copy that file, or say ``--asisten``). ``--asisten semua``: the whole regency."""
    from monev.app.params import ParamsError, period_params

    semua = asisten is not None and asisten.strip().lower() == "semua"
    params, asal = period_params(workbook, periode, asisten="" if semua else asisten, jobs=jobs)
    berkas = workbook.params / f"{params.periode}.yaml"
    sebelum = sorted(
        p for p in workbook.params.glob("[0-9][0-9][0-9][0-9]-[0-9][0-9].yaml")
        if p.stem < params.periode
    )  # fmt: skip
    if not berkas.exists() and asisten is None and sebelum:
        try:
            lalu, _ = period_params(workbook, sebelum[-1].stem)
        except ParamsError:
            lalu = None
        if lalu is not None and lalu.asisten:
            raise ParamsError(
                f"params/{berkas.name} tidak ada, sedangkan rakor bulan lalu "
                f"(params/{sebelum[-1].name}) untuk Asisten {lalu.asisten}; tanpa berkas itu "
                f"laporan akan mencakup seluruh daerah. Salin params/{sebelum[-1].name} menjadi "
                f"params/{berkas.name} (ubah periode dan tanggal_rapat), atau pilih lingkupnya: "
                f"--asisten {lalu.asisten}, atau --asisten semua untuk seluruh daerah."
            )
    return params, f"{asal} {lingkup(workbook, params)}"


def lingkup(workbook, params) -> str:
    """ "Lingkup: Asisten II (…)" or the whole regency, as the run prints it."""
    from monev.data.daerah import DAERAH_FILE, read_daerah

    daerah = read_daerah(workbook.reference / DAERAH_FILE)
    if params.asisten:
        a = daerah.cari_asisten(params.asisten)
        return f"Lingkup: {a.label} ({a.nama})."
    return f"Lingkup: seluruh {daerah.nama} (tanpa pilihan Asisten)."


def run(args: argparse.Namespace) -> int:
    from monev.model.workbook import Workbook

    workbook = Workbook.at(args.root)
    params, asal = month_params(workbook, args.periode, args.asisten, args.jobs)
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
    from monev.report.reports import report_kind
    from monev.report.runner import fingerprints, manifest_from, publish, run_reports

    inputs = load_inputs(workbook)  # a refusal here ends the run before any page is touched
    resmi = getattr(args, "resmi", False)
    daftar = plan_reports(
        workbook, params, inputs.ref, inputs.berkas, inputs.realisasi, args.opd, resmi=resmi
    )
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
    cakupan = daftar
    if args.opd or not resmi:  # a partial run (or one without --resmi) keeps the scope's pages
        cakupan = plan_reports(
            workbook, params, inputs.ref, inputs.berkas, inputs.realisasi, resmi=True
        )
    set_aside(keluaran, manifest, {d.nama for d in cakupan})
    dijalankan = {d.nama for d in daftar}
    tersisa = [d for d in cakupan if d.nama not in dijalankan and report_kind(d.notebook).opsional]
    if tersisa:  # the official tables of an earlier --resmi run, kept only while still right
        set_aside_stale(keluaran, manifest, fingerprints(tersisa), params.periode)
    semua_periode = [p.name for p in workbook.outputs.glob("*") if (p / "index.html").exists()]
    konteks = lambda: load_context(workbook.root, params.periode, params.settings_json, inputs)  # noqa: E731
    publish(keluaran, manifest, params.periode, [*semua_periode, params.periode], konteks)
    print(ringkasan.teks())
    print(f"Indeks: {keluaran / 'index.html'}")
    return 1 if ringkasan.gagal else 0


def set_aside(keluaran, manifest: dict, cakupan: set[str]) -> None:
    """Reports of another scope (an earlier run for another Asisten, or for the whole regency)
    leave the manifest and the index; their pages move to ``_cakupan_lain/``, so the folder
    holds only what the month's rakor is about."""
    lain = sorted(set(manifest.get("laporan", {})) - cakupan)
    if lain:
        _pindah(keluaran, manifest, lain, "_cakupan_lain")
        print(f"Dipindah ke _cakupan_lain/ (lingkup lain, tidak di indeks): {', '.join(lain)}")


def _pindah(keluaran, manifest: dict, nama: list[str], folder: str) -> None:
    """Take reports out of the manifest and move their pages into ``keluaran/folder``."""
    import os

    tujuan = keluaran / folder
    tujuan.mkdir(exist_ok=True)
    for n in nama:
        entri = manifest["laporan"].pop(n)
        page = keluaran / entri.get("berkas", f"{n}.html")
        if page.exists():
            os.replace(page, tujuan / page.name)


def set_aside_stale(keluaran, manifest: dict, sidik: dict[str, str], periode: str) -> None:
    """Pages kept from an earlier run (the official tables of ``--resmi``) whose inputs have
    changed since leave the manifest and the index; they move to ``_basi/``."""
    basi = sorted(
        nama
        for nama, s in sidik.items()
        if nama in manifest.get("laporan", {}) and manifest["laporan"][nama].get("sidik") != s
    )
    if not basi:
        return
    _pindah(keluaran, manifest, basi, "_basi")
    print(
        f"Dipindah ke _basi/ (dibuat dari data lama, tidak di indeks): {', '.join(basi)}; "
        f"buat lagi dengan monev report --periode {periode} --resmi."
    )
