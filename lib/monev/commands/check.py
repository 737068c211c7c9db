"""``monev check``: the data-validity (IKD) report of a period."""

from __future__ import annotations

import argparse

import pandas as pd

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
    rendah = skor[skor["skor"] < 100].sort_values(["skor", "singkatan"]).head(5)
    if len(rendah):
        print(
            "Skor kualitas terendah: "
            + ", ".join(
                f"{x.singkatan} {format_angka_id(x.skor, 0)}"
                for x in rendah.sort_values("skor").itertuples()
            )
        )
    for baris in ringkasan_status(ctx):
        print(baris)
    lepas = _nomenklatur(ctx, periode.tahun)
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
            lembar = {"Temuan": temuan, "Skor": skor}
            if lepas is not None and len(lepas):
                lembar["Nomenklatur"] = lepas
            export_table(lembar, out)
        else:
            export_table(temuan, out)
    except (OSError, ValueError) as exc:
        return fail(ValueError(f"tabel temuan tidak dapat ditulis ke {out}: {exc}"))
    print(f"Tabel temuan: {out}")
    return 0


def _nomenklatur(ctx, tahun: int) -> pd.DataFrame | None:
    """Print the indicators and budget lines that do not attach to nomenklatur.csv (the official
    tables' rows), before anyone exports them; the findings, or None without a nomenklatur."""
    from monev.engine.nomenklatur import periksa_keterkaitan, uraian_keterkaitan

    if ctx.ref.nomenklatur.empty:
        return None
    lepas = periksa_keterkaitan(ctx.ref, tahun)
    if len(lepas):
        print(
            f"Nomenklatur: {len(lepas)} indikator/baris anggaran tidak terpetakan (tabel resmi "
            "RKPD/Renja: baris Rp-nya kosong):"
        )
        print("\n".join(uraian_keterkaitan(lepas)))
    return lepas


def _daftar(items: list[str], paling: int | None = None) -> str:
    if paling is not None and len(items) > paling:
        return ", ".join(items[:paling]) + f", dan {len(items) - paling} lainnya"
    return ", ".join(items)


def ringkasan_status(ctx) -> list[str]:
    """Lines on the month's submissions and values (issue 13): who has not reported (tidak
    lapor, kosong), who is late, the values flagged perlu verifikasi, the values carried from an
    earlier month by their reporting frequency, and statistics of an older reference year."""
    from monev.model.angka import format_angka_id

    ev = ctx.evaluasi
    opd = ev.opd
    out = []
    belum = opd[opd["status_laporan"].isin(["kosong", "tidak lapor"])]
    if len(belum):
        out.append(
            "Belum lapor (tidak diperingkat, tanpa rata-rata): "
            + _daftar([f"{r.singkatan} ({r.status_laporan})" for r in belum.itertuples()])
        )
    telat = opd[opd["terlambat"].astype(bool)]
    if len(telat):
        out.append(
            "Terlambat: "
            + _daftar(
                [
                    f"{r.singkatan} ({r.hari_terlambat} hari, {r.status_laporan})"
                    for r in telat.itertuples()
                ]
            )
        )
    ind = ev.indikator
    tanda = ind[ind["perlu_verifikasi"]]
    if len(tanda):
        masuk = "ikut" if ctx.settings.include_flagged_in_mean else "tidak ikut"
        out.append(
            f"Nilai perlu verifikasi ({masuk} dirata-rata): "
            + _daftar(
                [
                    f"{r.singkatan} {r.kode_indikator}: {r.alasan_verifikasi}"
                    for r in tanda.itertuples()
                ]
            )
        )
    frek = ctx.ref.indikator.set_index("kode_indikator")
    frek = frek.get("frekuensi")
    bawa = ind[ind["dibawa"]]
    if frek is not None:
        bawa = bawa[bawa["kode_indikator"].astype(str).map(frek).fillna("bulanan") != "bulanan"]
        if len(bawa):
            out.append(
                "Nilai belum jatuh tempo, dibawa dari bulan sebelumnya: "
                + _daftar(
                    [
                        f"{r.singkatan} {r.kode_indikator} ({frek.get(str(r.kode_indikator))}, "
                        f"nilai {r.periode_nilai})"
                        for r in bawa.itertuples()
                    ]
                )
            )
    iku = ev.iku
    if "tahun_data" in iku:
        lama = iku[pd.to_numeric(iku["tahun_data"], errors="coerce") < int(ctx.periode[:4])]
        if len(lama):
            out.append(
                "Data statistik dari tahun sebelumnya: "
                + _daftar(
                    [
                        f"{r.kode_indikator} (tahun data {int(r.tahun_data)}"
                        + (
                            f", nilai {format_angka_id(float(r.nilai), 2)}"
                            if "nilai" in iku and pd.notna(getattr(r, "nilai", None))
                            else ""
                        )
                        + ")"
                        for r in lama.itertuples()
                    ]
                )
            )
    return out
