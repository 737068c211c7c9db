"""The pages show the engine's figures under the settings in force, not the defaults.

The rakor pack of the sample is rendered through ``monev report`` (real papermill parameters,
real kernels, real nbconvert) with a params file that changes every rule a page depends on:
weighted means, clipping at 100 before the mean, five other bands with other labels, a 4-month
trend window. The figures printed on the pages (headline, captions, table cells, colours) are
compared with ``Evaluasi`` computed by ``load_context`` with the same settings."""

from __future__ import annotations

import html as html_mod
import json
import re
import shutil

import pytest
import yaml
from test_report_e2e import Tabel

from monev.app.context import load_context
from monev.cli import main
from monev.model.workbook import Workbook
from monev.present import format as fmt
from monev.present.theme import WARNA_BAND

pytestmark = pytest.mark.slow
PERIODE = "2026-10"
LAIN = {
    "use_indicator_weights": True,
    "clip_before_mean": True,
    "trend_window": 4,
    "bands": [
        {"batas_bawah": 85, "label": "A", "singkat": "A"},
        {"batas_bawah": 70, "label": "B", "singkat": "B"},
        {"batas_bawah": 60, "label": "C", "singkat": "C"},
        {"batas_bawah": 45, "label": "D", "singkat": "D"},
        {"batas_bawah": None, "label": "E", "singkat": "E"},
    ],
}


@pytest.fixture(scope="module")
def paket(sample_workbook, tmp_path_factory):
    root = tmp_path_factory.mktemp("lain") / "buku"
    shutil.copytree(sample_workbook, root)
    params = {"periode": PERIODE, "asisten": "II", "tanggal_rapat": "2026-11-16"}
    (root / "params" / f"{PERIODE}.yaml").write_text(
        yaml.safe_dump({**params, "settings": LAIN}, allow_unicode=True), encoding="utf-8"
    )
    argv = ["report", "--root", str(root), "--periode", PERIODE, "--diam", "--opd", "DPUPR"]
    assert main(argv) == 0
    return root


@pytest.fixture(scope="module")
def ev(paket):
    return load_context(paket, PERIODE, json.dumps(LAIN)).evaluasi


def _halaman(paket, nama: str) -> str:
    return (Workbook.at(paket).periode_dir(PERIODE) / nama).read_text(encoding="utf-8")


def _baris_tabel(html: str) -> list[list[str]]:
    parser = Tabel()
    parser.feed(html)
    return parser.rows


def _kartu(html: str) -> dict[str, str]:
    pasangan = re.findall(
        r'<span class="nilai">([^<]*)</span><span class="label">([^<]*)</span>', html
    )
    return {html_mod.unescape(k): html_mod.unescape(v) for v, k in pasangan}


def test_the_settings_change_the_figures(paket, ev):
    """Otherwise the comparisons below could pass with the defaults."""
    bawaan = load_context(paket, PERIODE).evaluasi
    ii, ii_bawaan = (e.asisten.set_index("asisten").loc["II"] for e in (ev, bawaan))
    assert fmt.persen(ii["rata_capaian"], 2) != fmt.persen(ii_bawaan["rata_capaian"], 2)
    assert set(ev.opd["predikat"].dropna().astype(str)) <= set("ABCDE")


def test_rakor_headline_is_the_engine_asisten_rollup(paket, ev):
    html = _halaman(paket, "rakor_asisten-II.html")
    ii = ev.asisten.set_index("asisten").loc["II"]
    kartu = _kartu(html)
    assert kartu["Rata-rata capaian"] == fmt.persen(ii["rata_capaian"], 2)
    assert kartu["Predikat"] == str(ii["predikat"])
    assert kartu["Pagu"] == fmt.rupiah_ringkas(ii["pagu"])
    assert kartu["Serapan anggaran"] == fmt.persen(ii["realisasi_keuangan_pct"], 2)
    assert kartu["OPD"] == fmt.angka(ii["jumlah_opd"], 0)


def test_rakor_captions_and_tables_use_the_settings(paket, ev):
    html = html_mod.unescape(_halaman(paket, "rakor_asisten-II.html"))
    opd = ev.opd[(ev.opd["asisten"] == "II") & ev.opd["rata_capaian"].notna()]
    # the ranking caption counts the engine's predikat in the settings' low bands
    rendah = int(opd["predikat"].astype(str).isin(["D", "E"]).sum())
    assert f"{rendah} dari {len(opd)} OPD berpredikat D atau di bawahnya." in html
    terbaik = opd.loc[opd["rata_capaian"].idxmax()]
    assert f"{terbaik['singkatan']} tertinggi dengan {fmt.persen(terbaik['rata_capaian'], 2)}" in (
        html
    )
    # the trend window is named as set, the trend caption is the engine's Asisten row
    ii = ev.asisten.set_index("asisten").loc["II"]
    assert "Tren 4 bulan" in html and "4 bulan terakhir" in html
    assert "6 bulan" not in html and "enam bulan" not in html
    assert f"Tren 4 bulan Asisten II: {ii['arah_tren']} (" in html
    assert f"rata-rata capaian {fmt.persen(ii['rata_capaian'], 2)} bulan ini." in html
    assert "Sangat Tinggi" not in html and "Rendah atau" not in html
    # every OPD row of the ranking table is the engine's OPD row
    semua = ev.opd[(ev.opd["asisten"] == "II") & ev.opd["diperingkat"].astype(bool)]
    baris = {r[1]: r for r in _baris_tabel(html) if len(r) == 9 and r[0].isdigit()}
    assert set(baris) == set(semua["singkatan"])  # the OPDs the engine ranks
    for r in semua.itertuples():
        sel = baris[r.singkatan]
        predikat = "–" if r.predikat != r.predikat else str(r.predikat)  # NaN: no capaian yet
        assert sel[2] == fmt.angka(r.rata_capaian) and sel[3] == predikat, r.singkatan
    # the band colours follow position: the top band "A" takes the top colour
    assert re.search(rf'style="background-color: {WARNA_BAND[0]};[^"]*"[^>]*>A</td>', html)
    # the footnote states the settings in force, the bands among them
    assert "tren 4 bulan" in html and "berbobot" in html
    assert "A di atas 85; B di atas 70; C di atas 60; D di atas 45; E 45 ke bawah." in html


def test_opd_page_is_the_engine_opd_row(paket, ev):
    html = html_mod.unescape(_halaman(paket, "opd_DPUPR.html"))
    r = ev.opd.set_index("singkatan").loc["DPUPR"]
    assert f"Rata-rata capaian {fmt.persen(r['rata_capaian'], 2)} ({r['predikat']})" in html
    assert f"Tren 4 bulan DPUPR: {r['arah_tren']} (" in html
    ind = ev.indikator[ev.indikator["kode_opd"] == r["kode_opd"]]
    per_kode = {}  # the first table listing the indicators: the capaian table
    for row in _baris_tabel(html):
        if row and row[0].startswith("DPUPR-"):
            per_kode.setdefault(row[0], row)
    for row in ind.itertuples():
        sel = per_kode[str(row.kode_indikator)]
        assert sel[5] == fmt.angka(row.capaian), row.kode_indikator
        assert sel[6] == ("–" if row.predikat != row.predikat else str(row.predikat))
    assert "Tren 4 bulan" in html and "6 bulan" not in html
