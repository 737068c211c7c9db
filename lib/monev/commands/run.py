"""``monev run``: the month's job in one command — load every submission, check, report, and
bind the pack (paket.html and paket.pdf)."""

from __future__ import annotations

import argparse

from monev.commands import invoke

BANTUAN = (
    "Pekerjaan bulanan: muat semua kiriman, periksa kualitas data, buat laporan rakor dan "
    "paketnya (paket.html, paket.pdf)."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--periode", required=True, help="bulan evaluasi, contoh 2026-10")
    parser.add_argument("--asisten", default=None, help="hanya OPD di bawah Asisten ini")
    parser.add_argument(
        "--jobs", type=int, default=None, help="jumlah laporan yang dibuat serentak"
    )
    parser.add_argument(
        "--resmi",
        action="store_true",
        help="tambahkan tabel resmi Evaluasi RKPD dan Renja (Permendagri 86/2017) ke laporan",
    )


def run(args: argparse.Namespace) -> int:
    from monev.model.periode import Periode
    from monev.model.workbook import Workbook

    periode = str(Periode.parse(args.periode))
    workbook = Workbook.at(args.root)
    root = ["--root", str(workbook.root)]
    langkah = []
    registers = _registers(workbook)
    if workbook.submissions.exists():
        langkah.append(("Memuat kiriman OPD", "ingest", [*root, str(workbook.submissions)]))
        for register in registers:
            langkah.append(
                (f"Memuat register keputusan {register.name}", "keputusan",
                 [*root, "--muat", str(register)])
            )  # fmt: skip
    langkah.append(("Memeriksa kualitas data", "check", [*root, "--periode", periode]))
    report = [*root, "--periode", periode]
    if args.asisten:
        report += ["--asisten", args.asisten]
    if args.jobs:
        report += ["--jobs", str(args.jobs)]
    if getattr(args, "resmi", False):
        report.append("--resmi")
    langkah.append(("Membuat laporan rakor", "report", report))
    paket = [*root, "--periode", periode]
    if args.asisten:
        paket += ["--asisten", args.asisten]
    langkah.append(("Menyatukan paket rakor (HTML dan PDF)", "paket", paket))
    if registers or _ada_keputusan(workbook):
        langkah.append(
            ("Menulis notulen dan surat tindak lanjut", "keputusan",
             [*root, "--periode", periode, "--dokumen"])
        )  # fmt: skip

    hasil = 0
    for i, (judul, perintah, argv) in enumerate(langkah, 1):
        print(f"[{i}/{len(langkah)}] {judul} …", flush=True)
        code = invoke(perintah, argv)
        if code == 2:
            return 2
        hasil = max(hasil, code)
    keluaran = workbook.periode_dir(periode)
    print(f"Selesai. Laporan: {keluaran / 'index.html'}; paket: {keluaran / 'paket.html'}")
    return hasil


def _registers(workbook) -> list:
    """The rakor decisions registers (``keputusan_<periode>.xlsx``) in the submissions folder."""
    from monev.model.keputusan import periode_of_file

    if not workbook.submissions.exists():
        return []
    return sorted(f for f in workbook.submissions.rglob("*") if periode_of_file(f.name))


def _ada_keputusan(workbook) -> bool:
    """Whether the store holds decisions of any rakor (then the notulen and letters are due)."""
    from monev.data.store import read_table

    return workbook.store.exists() and not read_table(workbook.store, "keputusan").empty
