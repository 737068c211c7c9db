"""The explorer driven without a browser: set widget values, check the filtered frame and every
linked view (table rows, trend line, detail panel), the export, and ingest while it is open."""

from __future__ import annotations

import dataclasses

import openpyxl
import pandas as pd
import pytest
from ingest_fixtures import clean_submission

from monev.data.ingest import ingest_files
from monev.model.settings import Settings
from monev.model.workbook import Workbook
from monev.present.explorer import Kriteria, Penjelajah, muat_data, saring, tren

PERIODE = "2026-10"


@pytest.fixture(scope="module")
def data(sample_workbook):
    return muat_data(sample_workbook, PERIODE)


def test_saring_matches_plain_pandas(data):
    riw = data.riwayat
    k = Kriteria(asisten="II", level="program", dari="2026-05", sampai="2026-10")
    got = saring(riw, k)
    expected = riw[
        (riw["asisten"].astype(str) == "II")
        & (riw["level"].astype(str) == "program")
        & (riw["periode"].astype(str) >= "2026-05")
        & (riw["periode"].astype(str) <= "2026-10")
    ]
    assert len(got) > 0 and got.index.equals(expected.index)
    assert saring(riw, Kriteria()).index.equals(riw.index)


def test_widgets_drive_the_views(data, sample_workbook):
    ex = Penjelajah(data, root=sample_workbook, jeda=0)
    semua = len(ex.terpilih)
    kode_dpupr = data.riwayat.loc[
        data.riwayat["singkatan"].astype(str) == "DPUPR", "kode_opd"
    ].iloc[0]
    ex.w_opd.value = (kode_dpupr,)
    assert 0 < len(ex.terpilih) < semua
    assert set(ex.terpilih["singkatan"].astype(str)) == {"DPUPR"}
    # the table shows exactly the selection, the chart its monthly mean
    assert f'data-baris="{len(ex.terpilih)}"' in ex.w_tabel.value
    assert "DPUPR-" in ex.w_tabel.value and "DINKES-" not in ex.w_tabel.value
    expected = (
        ex.terpilih[ex.terpilih["capaian"].notna() & ex.terpilih["dalam_rata"]]
        .groupby("periode", observed=True)["capaian"]
        .mean()
    )  # the default settings: equal weights, no clipping, values perlu verifikasi left out
    assert list(ex.garis_tren.round(6)) == list(expected.sort_index().round(6))
    # detail panel follows the chosen indicator
    kode = ex.w_indikator.options[1][1]
    ex.w_indikator.value = kode
    assert kode in ex.w_detail.value
    # predikat and trend filters narrow further
    ex.w_predikat.value = ("Sangat Tinggi",)
    assert set(ex.terpilih["predikat"].astype(str)) <= {"Sangat Tinggi"}
    ex.w_predikat.value = ()
    ex.w_kualitas.value = True
    pasangan = set(
        zip(
            ex.terpilih["kode_opd"].astype(str),
            ex.terpilih["kode_indikator"].astype(str),
            strict=True,
        )
    )
    assert pasangan <= data.bermasalah


def test_export_goes_through_the_neutralising_export(data, sample_workbook_copy):
    dirty = data.riwayat.copy()
    dirty["nama_indikator"] = dirty["nama_indikator"].astype(str)
    dirty.loc[dirty.index[0], "nama_indikator"] = '=HYPERLINK("http://x")'
    ex = Penjelajah(
        dataclasses.replace(data, riwayat=dirty),
        root=sample_workbook_copy,
        jeda=0,
    )
    ex.w_periode.index = (0, len(ex.w_periode.options) - 1)  # every month, so the dirty row is in
    path = ex.ekspor()
    ws = openpyxl.load_workbook(path).active
    values = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    assert '\'=HYPERLINK("http://x")' in values
    assert ws.max_row - 1 == len(ex.terpilih)


def test_ingest_while_explorer_is_open(sample_workbook_copy, tmp_path):
    data = muat_data(sample_workbook_copy, PERIODE)
    ex = Penjelajah(data, root=sample_workbook_copy, jeda=0)
    path = clean_submission(sample_workbook_copy, tmp_path)
    hasil = ingest_files(Workbook.at(sample_workbook_copy), [path])  # the store is not held open
    assert hasil.berkas[0].status == "dimuat"
    ex.w_asisten.value = "II"  # the open explorer keeps working
    assert len(ex.terpilih) > 0
    baru = muat_data(sample_workbook_copy, PERIODE)  # and a reload sees the new data
    r = baru.riwayat
    dpupr = r[(r["singkatan"].astype(str) == "DPUPR") & (r["periode"].astype(str) == PERIODE)]
    assert (dpupr["realisasi_laporan"].dropna() == 50.0).all()


def test_trend_is_the_engine_rollup_per_month():
    frame = pd.DataFrame(
        {
            "periode": ["2026-01", "2026-01", "2026-02"],
            "capaian": [80.0, 120.0, None],
            "bobot": [3.0, 1.0, 1.0],
        }
    )
    assert tren(frame, Settings()).to_dict() == {"2026-01": 100.0}
    # weights and clipping at 100 before the mean, when the settings say so
    lain = Settings(use_indicator_weights=True, clip_before_mean=True)
    assert tren(frame, lain).to_dict() == {"2026-01": (3 * 80.0 + 100.0) / 4}


def test_asisten_choices_are_the_regency_lines(data):
    from monev.model.daerah import Asisten, Daerah

    ex = Penjelajah(data, jeda=0)
    harap = [("Semua", "")] + [(a.label, a.kode) for a in data.daerah.asisten]
    assert list(ex.w_asisten.options) == harap
    lain = Daerah(nama="Kota Contoh", asisten=(Asisten("A", "Asisten Satu"),))
    ex = Penjelajah(dataclasses.replace(data, daerah=lain), jeda=0)
    assert list(ex.w_asisten.options) == [("Semua", ""), ("Asisten A", "A")]


def test_explorer_uses_the_month_settings(sample_workbook_copy):
    """The explorer evaluates under params/<periode>.yaml, as the month's reports do."""
    params = sample_workbook_copy / "params"
    params.mkdir(exist_ok=True)
    (params / f"{PERIODE}.yaml").write_text(
        "settings:\n  trend_window: 3\n  use_indicator_weights: true\n", encoding="utf-8"
    )
    data = muat_data(sample_workbook_copy, PERIODE)
    assert data.settings.trend_window == 3 and data.settings.use_indicator_weights


def test_every_view_follows_the_filters_and_the_opd_list_the_asisten(data):
    ex = Penjelajah(data, root=".", jeda=0)
    grafik, tabel_awal = ex.w_grafik.value, ex.w_tabel.value
    assert 'class="monev-grafik"' in grafik and "data:image/png;base64," in grafik
    semua_opd = {k for _, k in ex.w_opd.options}
    ex.w_asisten.value = "III"
    # the chart is redrawn from the new selection, not only the table
    assert ex.w_grafik.value != grafik and ex.w_tabel.value != tabel_awal
    riw = data.riwayat
    asisten_iii = set(riw.loc[riw["asisten"].astype(str) == "III", "kode_opd"].astype(str))
    assert {k for _, k in ex.w_opd.options} == asisten_iii < semua_opd
    # the months on the chart's axis read as the pages do ("Okt 2026"), never "2026-10"
    assert "Okt 2026" in ex.w_grafik.value and "2026-10" not in ex.w_grafik.value
    ex.w_opd.value = (sorted(asisten_iii)[0],)
    ex.w_asisten.value = "I"  # the chosen OPD is not Asisten I's: it is dropped, not kept hidden
    assert ex.w_opd.value == ()
    assert ex.w_kualitas.indent is False and ex.w_kualitas.layout.width == "auto"
