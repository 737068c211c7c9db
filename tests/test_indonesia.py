"""Indonesian on every page: dates, months on axes, yes/no, finding kinds, Indonesian CLI help,
and chart text legible on a 390 px phone."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from monev.cli import build_parser
from monev.commands import COMMANDS
from monev.present import charts
from monev.present import format as fmt
from monev.present.tables import tabel_html


@pytest.mark.parametrize(
    ("fungsi", "nilai", "hasil"),
    [
        (fmt.tanggal, dt.datetime(2026, 10, 31, 0, 0), "31 Oktober 2026"),
        (fmt.tanggal, pd.Timestamp("2026-02-09"), "9 Februari 2026"),
        (fmt.bulan_singkat, "2026-10", "Okt 2026"),
        (fmt.bulan_singkat, "2026-05", "Mei 2026"),
        (fmt.bulan_atau_teks, "2026-08", "Agu 2026"),
        (fmt.bulan_atau_teks, "Tw III 2026", "Tw III 2026"),
        (fmt.ya_tidak, True, "Ya"),
        (fmt.ya_tidak, np.False_, "Tidak"),
        (fmt.ya_tidak, None, fmt.KOSONG),
        (fmt.jenis_temuan, "ketepatan_waktu", "ketepatan waktu"),
        (fmt.jenis_temuan, "sumber_ganda", "sumber ganda"),
    ],
)
def test_indonesian_values(fungsi, nilai, hasil):
    assert fungsi(nilai) == hasil


def test_table_cells_never_print_raw_values():
    df = pd.DataFrame(
        {
            "periode": ["2026-10"],
            "jenis": ["ketepatan_waktu"],
            "tepat_waktu": np.array([False]),
            "batas_waktu": [pd.Timestamp("2026-10-31")],
            "nilai": [np.nan],
        }
    )
    html = tabel_html(df, {k: k.upper() for k in df})
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", html)
    assert cells == ["Okt 2026", "ketepatan waktu", "Tidak", "31 Oktober 2026", fmt.KOSONG]


def test_every_command_help_is_indonesian():
    parser = build_parser()
    inggris = re.compile(r"\b(the|of|and|with|only|file|folder of|default)\b")
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in COMMANDS:
        cmd = sub.choices[name]
        for action in cmd._actions:
            if action.help and action.help != "==SUPPRESS==" and action.dest != "help":
                assert not inggris.search(action.help), (name, action.dest, action.help)
        assert not inggris.search(cmd.description or ""), name


def _opd(n: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(1)
    return pd.DataFrame(
        {
            "singkatan": [f"OPD{i}" for i in range(n)],
            "rata_capaian": rng.uniform(40, 110, n),
            "predikat": pd.Categorical(["Tinggi"] * n),
            "realisasi_keuangan_pct": rng.uniform(30, 90, n),
            "target_keuangan_pct": rng.uniform(50, 90, n),
            "deviasi_keuangan": rng.uniform(-20, 5, n),
        }
    )


def _bulanan() -> pd.DataFrame:
    bulan = [f"2026-{m:02d}" for m in range(1, 11)]
    return pd.DataFrame(
        {
            "asisten": ["II"] * 10 + ["III"] * 10,
            "periode": bulan * 2,
            "rata_capaian": np.linspace(80, 100, 20),
        }
    )


def _gambar():
    from monev.model.settings import Settings

    s = Settings()
    yield charts.peringkat_capaian(_opd(), settings=s)
    yield charts.serapan_anggaran(_opd())
    yield charts.kuadran_kinerja(_opd(), batas_kinerja=75, batas_serapan=0)
    yield charts.tren_capaian(_bulanan(), kelompok="asisten", judul="Tren")


def test_charts_are_legible_on_a_phone_and_months_read_indonesian():
    for fig in _gambar():
        html = charts.gambar_html(fig, "keterangan")  # raises small text before saving
        assert html.startswith("<figure>")
        lebar_px = fig.get_figwidth() * fig.dpi
        # shown about 370 px wide on a 390 px phone: text of HURUF_MIN points stays >= 10 px
        skala = min(1.0, 370 / lebar_px)
        for t in fig.findobj(Text):
            if t.get_text():
                assert t.get_fontsize() * fig.dpi / 72 * skala >= 10, t.get_text()
    tren = charts.tren_capaian(_bulanan(), kelompok="asisten", judul="Tren")
    label = [t.get_text() for t in tren.axes[0].get_xticklabels()]
    assert label[0] == "Jan 2026" and label[-1] == "Okt 2026"


def test_argparse_speaks_indonesian(capsys):
    from monev.cli import main

    with pytest.raises(SystemExit) as keluar:
        main(["paket", "--help"])
    assert keluar.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Pemakaian: monev paket") and "tampilkan bantuan ini" in out
    assert "usage" not in out and "show this help" not in out and "options:" not in out
    with pytest.raises(SystemExit) as keluar:
        main(["paket"])
    assert keluar.value.code == 2
    assert "salah satu argumen ini wajib diisi: --periode --triwulan --tahun" in (
        capsys.readouterr().err
    )
    with pytest.raises(SystemExit) as keluar:
        main(["paket", "--periode", "2026-10", "--tahun", "2026"])
    assert keluar.value.code == 2
    assert "--tahun tidak boleh bersama --periode" in capsys.readouterr().err
