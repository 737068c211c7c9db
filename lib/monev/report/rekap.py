"""Write the recap of a quarter or a year (``present.rekap``) as one self-contained HTML page:
the reports' CSS inline, the heatmap as an inline PNG, no script, the reports'
Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from markupsafe import Markup

from monev.data.files import atomic_write_text
from monev.model.periode import Jendela, Periode
from monev.model.settings import Settings
from monev.present import charts
from monev.present import format as fmt
from monev.present.rekap import baris_rekap, grid_capaian, ringkasan_rekap
from monev.report.manifest import templates


def tulis_rekap(
    path: Path,
    panjang: pd.DataFrame,
    tabel: pd.DataFrame,
    jendela: Jendela,
    *,
    settings: Settings,
    pemerintah: str = "",
    lingkup: str = "",
) -> Path:
    """``panjang``/``tabel``: ``rekap_bulanan`` and ``rekap_opd`` of the window's months.
    ``settings``: the closing month's (the heatmap's bands)."""
    bulan = list(dict.fromkeys(panjang["periode"]))
    akhir = Periode.parse(bulan[-1])
    grid = grid_capaian(panjang)
    gambar = charts.gambar_html(
        charts.heatmap_capaian(
            grid, settings=settings, judul=f"Rata-rata capaian OPD, {jendela.label}"
        ),
        "Warna: predikat tiap bulan; sel kosong: belum lapor (tanpa angka, bukan 0).",
    )
    html = (
        templates()
        .get_template("rekap.html.j2")
        .render(
            judul=f"Rekap {jendela.label}"
            + ("" if akhir == jendela.bulan[-1] else f" (s.d. {akhir.label})"),
            pemerintah=pemerintah,
            lingkup=lingkup,
            ringkasan=ringkasan_rekap(tabel, jendela.label, akhir.label),
            bulan=[fmt.bulan_singkat(b) for b in bulan],
            label_akhir=akhir.label,
            baris=baris_rekap(panjang, tabel),
            gambar=Markup(gambar),  # built from escaped text and a base64 PNG
        )
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, html)
    return path
