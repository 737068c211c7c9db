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


def test_heatmap_colours_each_cell_by_its_predikat():
    from matplotlib.colors import to_hex

    from monev.engine.capaian import predikat
    from monev.present.theme import warna_predikat

    nilai = {"2026-01": [50.0, 90.0], "2026-02": [90.5, np.nan]}
    kecil = pd.DataFrame(nilai, index=["Dinkes", "PUPR"])
    fig = charts.heatmap_capaian(kecil)
    fig.canvas.draw()
    ax = fig.axes[0]
    mesh = ax.collections[0]
    # row by row: 50 is not above 50 (Sangat Rendah), 90.5 Sangat Tinggi, 90 Tinggi, NaN empty
    sel = [50.0, 90.5, 90.0]
    label = predikat(pd.Series(sel)).astype(str)
    assert [to_hex(c) for c in mesh.get_facecolors()[:3]] == [
        warna_predikat(x).lower() for x in label
    ]
    assert np.ma.is_masked(mesh.get_array().ravel()[3])
    assert [t.get_text() for t in ax.texts] == ["50", "90", "90"]  # the values, not the codes
    besar = pd.DataFrame(np.full((20, 12), 90.0))
    assert len(charts.heatmap_capaian(besar).axes[0].texts) == 0


def test_heatmap_caption_names_who_rose_and_fell():
    tabel = pd.DataFrame(
        {"2026-05": [80.0, 95.0, np.nan], "2026-10": [92.5, 90.0, 70.0]},
        index=["DISTAN", "DISKAN", "BARU"],
    )
    assert charts.caption_heatmap(tabel) == (
        "Dari Mei 2026 ke Oktober 2026: 1 OPD naik, 1 turun; naik terbesar DISTAN "
        "(+12,5 poin); turun terbesar DISKAN (−5,0 poin)."
    )


def test_monthly_grid_is_the_engine_opd_capaian(sample_workbook):
    from monev.app.context import load_context

    ktx = load_context(sample_workbook, "2026-10")
    opd = konten.opd_dalam_cakupan(ktx)
    tabel = konten.capaian_bulanan(ktx, opd, "2026-05")
    assert list(tabel.columns) == [f"2026-{m:02d}" for m in range(5, 11)]
    akhir = ktx.evaluasi.opd.set_index("singkatan")["rata_capaian"].reindex(tabel.index)
    pd.testing.assert_series_equal(tabel["2026-10"], akhir, check_names=False, rtol=1e-9)
    assert tabel["2026-10"].dropna().is_monotonic_decreasing  # best first
