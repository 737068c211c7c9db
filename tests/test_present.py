"""Tables escape every text, numbers print the Indonesian way, charts draw the engine's values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from monev.present import charts, konten
from monev.present import format as fmt
from monev.present.escape import judul, teks
from monev.present.tables import tabel_html

PAYLOADS = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "[klik](javascript:document.title='pwned')",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_table_escapes_cells_and_labels(payload):
    df = pd.DataFrame({"nama": [payload], "capaian": [85.5]})
    html = tabel_html(df, {"nama": payload, "capaian": "Capaian"}, caption=payload)
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert teks(payload) in html
    assert "85,50" in html


def test_heading_is_html_not_markdown():
    out = judul("[x](javascript:alert(1))")
    assert out == "<h2>[x](javascript:alert(1))</h2>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1234.5, "1.234,50"), (-90.2, "-90,20"), (None, "–"), (np.nan, "–"), (pd.NA, "–")],
)
def test_angka(value, expected):
    assert fmt.angka(value) == expected


def test_rupiah_and_dates():
    import datetime as dt

    assert fmt.rupiah(102495819644) == "Rp 102.495.819.644"
    assert fmt.rupiah_ringkas(1.33e12) == "Rp 1,33 T"
    assert fmt.tanggal(dt.date(2026, 2, 9)) == "9 Februari 2026"
    assert fmt.periode("2026-10") == "Oktober 2026"


def opd_frame():
    return pd.DataFrame(
        {
            "kode_opd": ["a", "b", "c", "d"],
            "singkatan": ["DPUPR", "DINKES", "DISTAN", "BKAD"],
            "rata_capaian": [95.0, 60.0, -20.0, np.nan],
            "predikat": ["Sangat Tinggi", "Rendah", "Sangat Rendah", None],
            "realisasi_keuangan_pct": [40.0, 55.0, 10.0, 30.0],
            "target_keuangan_pct": [50.0, 50.0, 50.0, 50.0],
            "milestone_target": [50.0, 50.0, 50.0, 50.0],
            "perubahan_mom": [3.0, -4.0, np.nan, 1.0],
        }
    )


def test_ranking_chart_draws_engine_values_clipped_at_zero():
    opd = opd_frame()
    fig = charts.peringkat_capaian(opd)
    ax = fig.axes[0]
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == sorted([95.0, 60.0, 0.0])  # -20 drawn at 0; NaN left out
    labels = [t.get_text() for t in ax.texts]
    assert "-20,0" in labels  # the label keeps the true value


def test_absorption_chart_and_caption():
    opd = opd_frame()
    fig = charts.serapan_anggaran(opd)
    heights = sorted(p.get_width() for p in fig.axes[0].patches)
    assert heights == sorted(opd["realisasi_keuangan_pct"])
    assert charts.caption_serapan(opd) == "3 dari 4 OPD di bawah tonggak serapan 50 %."


def test_ranking_caption_states_the_finding():
    cap = charts.caption_peringkat(opd_frame())
    assert cap.startswith("DPUPR tertinggi dengan 95,0 %")
    assert "2 dari 3 OPD" in cap


def test_peringkat_and_who_changed():
    opd = opd_frame()
    ranked = konten.peringkat_opd(opd)
    assert list(ranked["singkatan"]) == ["DPUPR", "DINKES", "DISTAN", "BKAD"]
    naik, turun = konten.berubah(opd)
    assert list(naik["singkatan"]) == ["DPUPR", "BKAD"]
    assert list(turun["singkatan"]) == ["DINKES"]


def test_figure_html_is_inline_png_with_escaped_caption():
    fig = charts.peringkat_capaian(opd_frame())
    html = charts.gambar_html(fig, "<b>temuan</b>")
    assert 'src="data:image/png;base64,' in html
    assert "&lt;b&gt;temuan&lt;/b&gt;" in html


def test_heatmap_values_and_annotations():
    kecil = pd.DataFrame(
        {"2026-01": [50.0, -10.0], "2026-02": [80.0, 110.0]}, index=["Dinkes", "PUPR"]
    )
    ax = charts.heatmap_capaian(kecil).axes[0]
    mesh = ax.collections[0]
    assert list(mesh.get_array().ravel()) == [50.0, 80.0, 0.0, 110.0]  # negative clipped at 0
    assert len(ax.texts) == 4
    besar = pd.DataFrame(np.full((20, 12), 90.0))
    assert len(charts.heatmap_capaian(besar).axes[0].texts) == 0
