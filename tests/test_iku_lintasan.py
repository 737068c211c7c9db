"""Issue 15 item 4 on the IKU pages: the RPJMD trajectory (the target path year by year to the
end of the plan, as target.csv gives it, never interpolated) beside the realised series, and
every data source of an IKU with two (stunting: SSGI and e-PPGBM) plotted and tabled, each
labelled. Engine functions table-driven on small frames; the page sections on the sample."""

from __future__ import annotations

import html as html_mod
import re

import numpy as np
import pandas as pd
import pytest

from monev.engine.lintas import lintasan_rpjmd, seri_iku, seri_iku_sumber

IND = pd.DataFrame(
    {
        "kode_indikator": ["IKU-A", "IKU-B", "X-1"],
        "nama_indikator": ["Stunting", "Gini", "bukan IKU"],
        "satuan": ["%", "indeks", "%"],
        "polaritas": ["negatif", "rentang", "positif"],
        "arah_rentang": [None, "negatif", None],
        "level": ["IKU", "IKU", "program"],
        "sumber_utama": ["SSGI", None, None],
    }
)


def _t(kode, tahun, jenis, target=None, bawah=None, atas=None):
    return {"kode_indikator": kode, "tahun": tahun, "jenis": jenis, "ke": 0, "target": target,
            "target_bawah": bawah, "target_atas": atas}  # fmt: skip


TARGET = pd.DataFrame(
    [
        _t("IKU-A", 2025, "tahunan", 14.0),
        _t("IKU-A", 2026, "tahunan", 13.0),
        _t("IKU-A", 2029, "akhir_rpjmd", 10.0),
        _t("IKU-B", 2025, "tahunan", None, 0.25, 0.27),
        _t("IKU-B", 2026, "tahunan", None, 0.25, 0.26),
        _t("IKU-B", 2026, "akhir_rpjmd", None, 0.2, 0.3),  # the yearly target of a year wins
        _t("X-1", 2025, "tahunan", 5.0),
        _t("X-1", 2030, "akhir_rpjmd", 9.0),
    ]
)

LINTASAN = [
    # kode, tahun, target, bawah, atas, jenis_target
    ("IKU-A", 2025, 14.0, None, None, "tahunan"),
    ("IKU-A", 2026, 13.0, None, None, "tahunan"),
    ("IKU-A", 2027, None, None, None, None),  # no target in target.csv: empty, not a guess
    ("IKU-A", 2028, None, None, None, None),
    ("IKU-A", 2029, 10.0, None, None, "akhir_rpjmd"),
    ("IKU-B", 2025, None, 0.25, 0.27, "tahunan"),
    ("IKU-B", 2026, None, 0.25, 0.26, "tahunan"),
]


def test_trajectory_runs_year_by_year_to_the_end_of_the_plan():
    got = lintasan_rpjmd(IND, TARGET)
    assert list(zip(got["kode_indikator"], got["tahun"], strict=True)) == [
        (k, y) for k, y, *_ in LINTASAN
    ]  # only IKU; X-1 (a programme indicator) has no trajectory here
    for (_, _, target, bawah, atas, jenis), (_, r) in zip(LINTASAN, got.iterrows(), strict=True):
        for kol, want in (("target", target), ("target_bawah", bawah), ("target_atas", atas)):
            assert (pd.isna(r[kol]) and want is None) or r[kol] == want, (r["tahun"], kol)
        assert (pd.isna(r["jenis_target"]) and jenis is None) or r["jenis_target"] == jenis


def test_trajectory_without_end_of_plan_target_ends_at_the_last_yearly_one():
    t = TARGET[TARGET["jenis"] != "akhir_rpjmd"]
    got = lintasan_rpjmd(IND, t)
    assert got.groupby("kode_indikator")["tahun"].max().to_dict() == {"IKU-A": 2026, "IKU-B": 2026}
    assert lintasan_rpjmd(IND, TARGET.iloc[0:0]).empty


RIWAYAT_IKU = pd.DataFrame(
    {
        "kode_indikator": ["IKU-A"] * 5 + ["IKU-B"],
        "tahun": [2022, 2022, 2023, 2023, 2025, 2025],
        "nilai": [17.9, 18.34, 12.9, 16.37, 10.9, 0.26],
        "sumber": ["SSGI", "EPPGBM", "SSGI", "EPPGBM", "ssgi", "BPS"],
    }
)


def _laporan(rows):
    """Monthly reports of IKU values (``Evaluasi.riwayat`` columns the series reads)."""
    return pd.DataFrame(
        [
            {"kode_indikator": k, "kode_opd": "1", "periode": p, "tahun": int(p[:4]),
             "realisasi_laporan": v, "sumber_data": s}
            for k, p, v, s in rows
        ]
    )  # fmt: skip


def test_every_source_is_kept_labelled_and_the_headline_one_is_marked():
    lap = _laporan([("IKU-A", "2026-10", 11.5, "EPPGBM"), ("IKU-A", "2026-10", 10.2, "SSGI")])
    got = seri_iku_sumber(IND, TARGET, RIWAYAT_IKU, lap, "2026-10")
    a = got[got["kode_indikator"] == "IKU-A"]
    per = {(int(r.tahun), str(r.sumber)): r for r in a.itertuples()}
    # both sources of 2022 and 2023; published 2025 SSGI (case differs) once; 2026 of both
    assert sorted(per) == [(2022, "EPPGBM"), (2022, "SSGI"), (2023, "EPPGBM"), (2023, "SSGI"),
                           (2025, "ssgi"), (2026, "EPPGBM"), (2026, "SSGI")]  # fmt: skip
    assert per[(2023, "EPPGBM")].nilai == 16.37 and per[(2023, "SSGI")].nilai == 12.9
    assert per[(2026, "EPPGBM")].asal == "laporan" and per[(2026, "EPPGBM")].periode_nilai == (
        "2026-10"
    )
    # the headline (seri_iku) keeps SSGI, the sumber_utama, each year: exactly those are utama
    utama = seri_iku(IND, TARGET, RIWAYAT_IKU, lap, "2026-10")
    utama = utama[utama["kode_indikator"] == "IKU-A"]
    tandai = a[a["utama"]]
    assert list(tandai["tahun"]) == list(utama["tahun"])
    np.testing.assert_array_equal(tandai["nilai"], utama["nilai"])
    # each source's value against the target of its year: 13 / 11,5 and 13 / 10,2 (negatif)
    assert per[(2026, "EPPGBM")].capaian == pytest.approx((2 * 13 - 11.5) / 13 * 100)
    assert per[(2026, "SSGI")].target == 13.0
    assert pd.isna(per[(2022, "SSGI")].capaian)  # no target that year: missing, not 0


def test_a_source_published_wins_over_its_monthly_report_of_the_same_year():
    lap = _laporan([("IKU-A", "2026-03", 99.0, "SSGI"), ("IKU-A", "2026-03", 11.0, "EPPGBM")])
    ind = IND.assign(jeda_tahun_data=[1.0, None, None])  # the 2026 report is of 2025
    got = seri_iku_sumber(ind, TARGET, RIWAYAT_IKU, lap, "2026-10")
    y25 = got[(got["kode_indikator"] == "IKU-A") & (got["tahun"] == 2025)]
    assert sorted(zip(y25["sumber"], y25["nilai"], y25["asal"], strict=True)) == [
        ("EPPGBM", 11.0, "laporan"), ("ssgi", 10.9, "riwayat")
    ]  # fmt: skip


# ---------------------------------------------------------------- the page sections, on the sample


def _teks(h) -> str:
    s = h.data if hasattr(h, "data") else h
    return html_mod.unescape(re.sub(r"\s+", " ", re.sub(r"(<[^>]+>\s*)+", "|", s)))


@pytest.fixture(scope="module")
def ctx(sample_workbook):
    from monev.app.context import load_context

    return load_context(sample_workbook, "2026-10")


def _stunting(ctx) -> str:
    iku = ctx.evaluasi.iku
    return str(
        iku.loc[iku["nama_indikator"] == "Prevalensi stunting balita", "kode_indikator"].iloc[0]
    )


def test_stunting_page_tables_and_draws_both_sources(ctx):
    from monev.present import charts, iku
    from monev.present import format as fmt

    kode = _stunting(ctx)
    ref = ctx.ref.iku_riwayat
    ref = ref[ref["kode_indikator"] == kode]
    assert ref["sumber"].nunique() == 2  # the sample publishes SSGI and EPPGBM
    tabel = _teks(iku.sumber_data(ctx, kode))
    for r in ref.itertuples():  # every published value of both sources, with its source
        assert f"|{int(r.tahun)}|{r.sumber}|{fmt.angka(r.nilai)}|terbitan|" in tabel, r
    assert "|Sumber utama|" in tabel and not re.search(r"\bnan\b", tabel, re.I)

    sumber = iku.sumber_iku(ctx, kode)
    jalur = iku.lintasan(ctx, kode)
    fig = charts.lintasan_iku(sumber, jalur, nama="Stunting", satuan="%")
    label = fig.axes[0].get_legend_handles_labels()[1]
    assert {"Realisasi EPPGBM", "Realisasi SSGI (sumber utama)", "Lintasan target RPJMD",
            "Target akhir RPJMD"} <= set(label)  # fmt: skip
    garis = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
    eppgbm = ref[ref["sumber"] == "EPPGBM"].sort_values("tahun")
    np.testing.assert_array_equal(garis["Realisasi EPPGBM"].get_ydata(), eppgbm["nilai"])
    caption = _teks(iku.seri(ctx, kode))
    assert "2 sumber data digambar: EPPGBM, SSGI (SSGI sumber utama)" in caption


def test_trajectory_table_is_target_csv_year_by_year_with_the_realised_value(ctx):
    from monev.present import format as fmt
    from monev.present import iku

    kode = _stunting(ctx)
    t = ctx.ref.target
    t = t[(t["kode_indikator"] == kode) & t["jenis"].isin(["tahunan", "akhir_rpjmd"])]
    akhir = int(t.loc[t["jenis"] == "akhir_rpjmd", "tahun"].max())
    tabel = _teks(iku.lintasan_rpjmd(ctx, kode))
    for tahun in range(int(t["tahun"].min()), akhir + 1):
        baris = t[t["tahun"] == tahun]
        if baris.empty:
            assert f"|{tahun}|–|belum ada target|" in tabel
        else:
            jenis = "target tahunan" if "tahunan" in set(baris["jenis"]) else "target akhir RPJMD"
            nilai = baris.sort_values("jenis", ascending=False)["target"].iloc[0]
            assert f"|{tahun}|{fmt.angka(nilai)}|{jenis}|" in tabel, tahun
    seri = ctx.evaluasi.iku_seri
    s = seri[(seri["kode_indikator"] == kode) & (seri["tahun"] == int(t["tahun"].min()))].iloc[0]
    assert f"|{fmt.angka(s['nilai'])}|{s['sumber']}|{fmt.angka(s['capaian'])}|" in tabel
    assert f"sampai {akhir}" in _teks(iku.seri(ctx, kode))


@pytest.mark.slow
def test_real_iku_page_shows_the_trajectory_and_both_sources(sample_workbook, tmp_path, ctx):
    """The IKU notebook run as reports run it (papermill, a real kernel, nbconvert)."""
    from pathlib import Path

    import nbformat
    import papermill as pm

    from monev.present import format as fmt
    from monev.report.render import to_html

    kode = _stunting(ctx)
    repo = Path(__file__).resolve().parents[1]
    out = tmp_path / "iku.ipynb"
    pm.execute_notebook(
        str(repo / "notebooks" / "iku.ipynb"), str(out), progress_bar=False, cwd=str(repo),
        parameters={"root": str(sample_workbook), "periode": "2026-10", "kode_iku": kode},
    )  # fmt: skip
    page = to_html(nbformat.read(out, as_version=4), "IKU")
    teks = _teks(page)
    assert "|Lintasan target RPJMD|" in teks and "|Nilai menurut sumber data|" in teks
    assert "2 sumber data digambar: EPPGBM, SSGI (SSGI sumber utama)" in teks
    ref = ctx.ref.iku_riwayat
    for r in ref[ref["kode_indikator"] == kode].itertuples():
        assert f"|{int(r.tahun)}|{r.sumber}|{fmt.angka(r.nilai)}|terbitan|" in teks
    assert "|belum ada target|" in teks  # 2027, 2028: target.csv gives none; not made up
    assert not re.search(r"\b(nan|NaN|None|True|False|jenis_target|akhir_rpjmd)\b", teks)
    assert page.count("data:image/png;base64,") >= 1
