"""``monev paket``: the month's pack to circulate — one paket.html and one A4 paket.pdf."""

from __future__ import annotations

import argparse

BANTUAN = (
    "Satukan laporan rakor satu periode menjadi paket.html (satu berkas, daftar isi) dan "
    "paket.pdf (A4, bernomor halaman) untuk dikirim atau dicetak; dengan --triwulan atau "
    "--tahun: rekap bulan-bulannya lalu laporan bulan penutupnya."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pilih = parser.add_mutually_exclusive_group(required=True)
    pilih.add_argument("--periode", help="bulan evaluasi, contoh 2026-10")
    pilih.add_argument(
        "--triwulan",
        help="paket triwulan, contoh 2026-T3 (Juli–September): rekap tiap bulan dan laporan "
        "bulan terakhirnya yang sudah dibuat",
    )
    pilih.add_argument(
        "--tahun", help="paket tahun, contoh 2026: rekap tiap bulan dan laporan bulan terakhirnya"
    )
    parser.add_argument(
        "--asisten",
        default=None,
        help="lingkup paket: OPD di bawah Asisten ini, atau 'semua' (bawaan: dari "
        "params/<periode>.yaml)",
    )
    parser.add_argument(
        "--tanpa-pdf", action="store_true", help="hanya paket.html, tanpa mencetak PDF"
    )


def scope_reports(workbook, params) -> dict[str, str]:
    """The reports of the params' scope (its Asisten's line, or the whole regency), what
    ``monev report`` of that scope publishes without ``--opd``: name → the fingerprint of its
    inputs now (a published page with another was made from older data)."""
    from monev.app.context import load_inputs
    from monev.report.plan import plan_reports
    from monev.report.runner import fingerprints

    inputs = load_inputs(workbook)
    # the official tables are in the scope too: the pack binds them when --resmi made them
    daftar = plan_reports(workbook, params, inputs.ref, inputs.berkas, inputs.realisasi, resmi=True)
    return fingerprints(daftar)


def run(args: argparse.Namespace) -> int:
    from monev.commands.report import month_params
    from monev.model.workbook import Workbook
    from monev.report.manifest import refresh_index
    from monev.report.paket import PaketError, buat_paket

    workbook = Workbook.at(args.root)
    jendela = None
    if args.periode is None:
        jendela = _jendela(args)
        if isinstance(jendela, str):
            print(f"Galat: {jendela}")
            return 1
    periode = args.periode if jendela is None else _bulan_penutup(workbook, jendela)
    if periode is None:
        contoh = jendela.bulan[-1]
        print(
            f"Galat: belum ada laporan rakor bulan mana pun dalam {jendela.label}; jalankan "
            f"dulu monev run --periode <bulan> (contoh {contoh}), lalu monev paket lagi."
        )
        return 1
    params, asal = month_params(workbook, periode, args.asisten)
    print(asal)
    keluaran = workbook.periode_dir(params.periode)
    opsi = {} if jendela is None else _rekap(workbook, jendela, params, keluaran)
    try:
        paket = buat_paket(
            keluaran, scope=scope_reports(workbook, params), pdf=not args.tanpa_pdf, **opsi
        )
    except PaketError as exc:
        print(f"Galat: paket tidak dibuat: {exc}")
        return 1
    refresh_index(workbook.outputs, params.periode)  # the index links the pack
    print(f"Paket: {paket.html} ({len(paket.halaman)} laporan)")
    if paket.pdf is not None:
        print(f"PDF: {paket.pdf}")
    for p in paket.pesan:
        print(p)
    return 0 if paket.pdf is not None or args.tanpa_pdf else 1


def _jendela(args: argparse.Namespace):
    """The quarter or year asked for, or the message saying what is wrong with it."""
    from monev.model.periode import Jendela, PeriodeError

    try:
        if args.triwulan is not None:
            return Jendela.parse(args.triwulan, jenis="triwulan")
        return Jendela.parse(args.tahun, jenis="tahun")
    except PeriodeError as exc:
        return str(exc)


def _bulan_penutup(workbook, jendela) -> str | None:
    """The window's last month whose rakor overview was published (its pages close the pack)."""
    from monev.report.manifest import read_manifest

    for bulan in reversed(jendela.bulan):
        path = workbook.periode_dir(str(bulan)) / "manifest.json"
        if path.exists():
            laporan = read_manifest(path).get("laporan", {}).values()
            if any(e.get("notebook") == "rakor" for e in laporan):
                return str(bulan)
    return None


def _rekap(workbook, jendela, params, keluaran) -> dict:
    """Write the window's recap page into the closing month's folder; the pack's options."""
    from monev.app.context import open_period
    from monev.present.rekap import rekap_bulanan, rekap_opd
    from monev.report.rekap import tulis_rekap

    tutup = open_period(workbook.root, params.periode)
    ada = set(tutup.kiriman["periode"].astype(str)) if tutup.kiriman is not None else set()
    bulan = [str(b) for b in jendela.bulan if str(b) <= params.periode]
    # months before the first submission of the window are not in the data yet (not "belum lapor")
    mulai = next((i for i, b in enumerate(bulan) if b in ada), len(bulan) - 1)
    bulanan = {}
    for b in _kemajuan(bulan[mulai:], jendela.label):
        ctx = tutup if b == params.periode else open_period(workbook.root, b)
        bulanan[b] = ctx.evaluasi.opd
    panjang = rekap_bulanan(bulanan, params.asisten)
    nama = f"rekap_{jendela.kode}.html"
    lingkup = f"OPD di bawah Asisten {params.asisten}" if params.asisten else "Seluruh OPD"
    tulis_rekap(
        keluaran / nama,
        panjang,
        rekap_opd(panjang),
        jendela,
        settings=tutup.settings,
        pemerintah=tutup.daerah.pemerintah,
        lingkup=lingkup,
    )
    print(f"Rekap {jendela.label}: {keluaran / nama}")
    judul = f"Paket {jendela.label}"
    return {"nama": f"paket_{jendela.kode}", "pembuka": [(keluaran / nama, judul)], "judul": judul}


def _kemajuan(bulan: list[str], label: str):
    """The months, with a progress bar (each month is one evaluation)."""
    from tqdm.auto import tqdm

    return tqdm(bulan, desc=f"Evaluasi {label}", unit="bulan", leave=False)
