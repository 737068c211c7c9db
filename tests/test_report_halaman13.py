"""Issue 13 on the pages the rakor receives: a month not reported is never shown as performance,
a flagged value does not lead, every figure has one definition, and the figures behind the pages
are in ``outputs/<periode>/data/`` for Excel.

One ``monev report`` run (real papermill, kernels, nbconvert) on a copy of the sample, where
DISPAR sent nothing for October (planted by the sample), PERKIM sends a blank template (made by
``monev template`` and loaded by ``monev ingest``: recorded as kosong), DKP has a value the
engine flags, and the bands are moved so that one indicator's printed capaian sits exactly on a
band edge. Every assertion is made on the HTML and the data files, against ``Evaluasi``.
"""

from __future__ import annotations

import html as html_mod
import json
import shutil

import numpy as np
import pandas as pd
import pytest
import yaml
from test_report_e2e import Tabel

from monev.app.context import load_context
from monev.cli import main
from monev.model.angka import bulat
from monev.model.settings import DEFAULT_BANDS
from monev.model.workbook import Workbook
from monev.present import format as fmt

pytestmark = pytest.mark.slow
PERIODE = "2026-10"
BELUM = {"DISPAR": "tidak lapor", "PERKIM": "kosong"}
STATUS = {"lengkap", "sebagian", "kosong", "tidak lapor"}


def _tepi(ctx) -> tuple[pd.Series, list[dict], str]:
    """An indicator whose capaian prints as 7x,yz or 8x,yz but is a little above that (so a
    comparison of the unrounded value would put it in the band above), and bands whose
    'Tinggi' edge is exactly the printed value; the band the page must show (the lower one)."""
    ind = ctx.evaluasi.indikator
    ind = ind[ind["singkatan"].isin(["DKP", "DPUPR", "DISKAN", "DLH"])]
    c = ind["capaian"]
    turun = (c - bulat(c, 2)) > 1e-6
    pilih = ind[turun & c.between(76, 89)].iloc[0]
    tepi = float(bulat(pilih["capaian"], 2))
    bands = [
        {"batas_bawah": None if np.isinf(b.batas_bawah) else b.batas_bawah, "label": b.label,
         "singkat": b.singkat}
        for b in DEFAULT_BANDS
    ]  # fmt: skip
    bands[1]["batas_bawah"] = tepi  # Tinggi: above the edge; the edge itself is Sedang
    return pilih, bands, bands[2]["label"]


@pytest.fixture(scope="module")
def paket(sample_workbook, tmp_path_factory):
    root = tmp_path_factory.mktemp("halaman13") / "buku"
    shutil.copytree(sample_workbook, root)
    templat = root / "templat"
    argv = ["template", "--root", str(root), "--periode", PERIODE, "--opd", "PERKIM"]
    assert main([*argv, "--out", str(templat)]) == 0
    assert main(["ingest", "--root", str(root), str(templat / f"PERKIM_{PERIODE}.xlsx")]) == 0
    pilih, bands, band_bawah = _tepi(load_context(root, PERIODE))
    settings = {"bands": bands}
    params = {"periode": PERIODE, "asisten": "II", "settings": settings}
    (root / "params" / f"{PERIODE}.yaml").write_text(
        yaml.safe_dump(params, allow_unicode=True), encoding="utf-8"
    )
    opd = ["DISPAR", "PERKIM", "DKP", str(pilih["singkatan"])]
    argv = ["report", "--root", str(root), "--periode", PERIODE, "--diam", "--opd", *opd]
    assert main(argv) == 0
    ev = load_context(root, PERIODE, json.dumps(settings)).evaluasi
    return {"root": root, "ev": ev, "tepi": pilih, "band_bawah": band_bawah}


def _halaman(paket, nama: str) -> str:
    path = Workbook.at(paket["root"]).periode_dir(PERIODE) / nama
    return html_mod.unescape(path.read_text(encoding="utf-8"))


def _baris(html: str) -> list[list[str]]:
    parser = Tabel()
    parser.feed(html)
    return parser.rows


def _peringkat(html: str) -> dict[str, list[str]]:
    """The rows of the ranking table: rank, OPD, rata-rata, predikat, …, status, verifikasi."""
    return {r[1]: r for r in _baris(html) if len(r) == 9 and r[0].isdigit()}


def test_the_engine_sees_the_planted_cases(paket):
    """Otherwise the page assertions below could pass for the wrong reason."""
    opd = paket["ev"].opd.set_index("singkatan")
    for nama, status in BELUM.items():
        assert opd.loc[nama, "status_laporan"] == status
        assert not opd.loc[nama, "diperingkat"] and pd.isna(opd.loc[nama, "rata_capaian"])
    assert opd.loc["DKP", "nilai_ditandai"] >= 1


def test_non_reporter_and_blank_template_read_belum_lapor_and_are_not_ranked(paket):
    html = _halaman(paket, "rakor_asisten-II.html")
    ev = paket["ev"]
    peringkat = _peringkat(html)
    assert peringkat, "ranking table not found"
    for nama, status in BELUM.items():
        assert nama not in peringkat
        assert f"{nama} ({status})" in html
    assert "Belum lapor Oktober 2026: " in html
    # every ranked row is an OPD the engine ranks, with its mean and status
    ii = ev.opd[ev.opd["asisten"] == "II"]
    assert set(peringkat) == set(ii.loc[ii["diperingkat"].astype(bool), "singkatan"])
    # the budget table: a non-reporter's realisasi is unknown, never 0,00
    anggaran = {r[1]: r for r in _baris(html) if len(r) == 10 and r[1] in BELUM}
    for nama in BELUM:
        assert anggaran[nama][3] == "belum lapor" and anggaran[nama][7] == "belum lapor"
        assert anggaran[nama][5] == "–" and anggaran[nama][6] == "–"  # deviasi, lampu
    # the OPD x month grid leaves DISPAR's October blank and says why
    assert "Sel kosong: belum lapor — DISPAR (Okt 2026" in html
    for nama, status in BELUM.items():
        opd_html = _halaman(paket, f"opd_{nama}.html")
        assert f"Status laporan Oktober 2026: {status}" in opd_html  # + ", terlambat N hari"
        assert "Belum lapor: tidak diperingkat dan tidak ada rata-rata capaian" in opd_html
        assert "Realisasi keuangan dan fisik Oktober 2026: belum lapor" in opd_html


def test_flagged_value_is_shown_and_does_not_move_the_mean(paket):
    ev = paket["ev"]
    html = _halaman(paket, "rakor_asisten-II.html")
    dkp = ev.opd.set_index("singkatan").loc["DKP"]
    baris = _peringkat(html)["DKP"]
    assert baris[2] == fmt.angka(dkp["rata_capaian"])
    assert baris[8] == f"perlu verifikasi ({int(dkp['nilai_ditandai'])})"
    ind = ev.indikator[ev.indikator["singkatan"] == "DKP"]
    ditandai = ind["perlu_verifikasi"].astype(bool)
    dihitung = ind[ind["capaian"].notna()]
    tanpa = dihitung.loc[~ditandai, "capaian"].mean()
    dengan = dihitung["capaian"].mean()
    assert dkp["rata_capaian"] == pytest.approx(tanpa, rel=1e-12)
    assert fmt.angka(dengan) != fmt.angka(tanpa)  # the flagged value would have moved it
    # the quality report lists it with its reason
    kualitas = _halaman(paket, "kualitas_data.html")
    for r in ind[ditandai].itertuples():
        assert r.alasan_verifikasi in kualitas and r.kode_indikator in kualitas
    assert "Skor kelengkapan" in kualitas and "Skor ketepatan waktu" in kualitas
    assert "Skor validitas" in kualitas
    opd_html = _halaman(paket, "opd_DKP.html")
    assert "nilai perlu verifikasi dan tidak ikut dirata-rata" in opd_html


def test_exact_band_edge_gets_the_lower_band_on_the_page(paket):
    pilih = paket["tepi"]
    html = _halaman(paket, f"opd_{pilih['singkatan']}.html")
    row = next(r for r in _baris(html) if r and r[0] == pilih["kode_indikator"])
    tepi = fmt.angka(pilih["capaian"])
    assert pilih["capaian"] > float(tepi.replace(",", "."))  # unrounded: above the edge
    assert row[5] == tepi and row[6] == paket["band_bawah"]
    assert f"Tinggi di atas {tepi}" in html  # the footnote states the edge in force


def test_range_target_and_falling_stunting(paket):
    ev = paket["ev"]
    html = _halaman(paket, "rakor_asisten-II.html")
    iku = {r[0]: r for r in _baris(html) if r and r[0].startswith("IKU-")}
    gini = ev.iku.set_index("nama_indikator").loc["Indeks Gini"]
    assert iku[gini["kode_indikator"]][5] == (
        f"{fmt.angka(gini['target_bawah'])}–{fmt.angka(gini['target_atas'])}"
    )
    stunting = ev.iku.set_index("nama_indikator").loc["Prevalensi stunting balita"]
    seri = ev.iku_seri[ev.iku_seri["kode_indikator"] == stunting["kode_indikator"]]
    assert seri.sort_values("tahun")["nilai"].iloc[-1] < seri["nilai"].iloc[0]  # falling
    assert iku[stunting["kode_indikator"]][8] == "membaik"
    # the statistic's own year beside its value, with that year's target
    assert iku[stunting["kode_indikator"]][3] == str(int(stunting["tahun_data"]))
    lama = ev.iku[ev.iku["tahun_data"] < 2026].iloc[0]  # a statistic of an earlier year
    tahun = int(lama["tahun_data"])
    halaman = _halaman(paket, f"iku_{lama['kode_indikator']}.html")
    assert (
        f"(tahun data {tahun}) terhadap target {tahun} {fmt.angka(lama['target_tahun_data'])}"
        in (halaman)
    )


def assert_sama(csv: pd.Series, dicetak: pd.Series) -> None:
    """Equal to the last bit where present, empty where the engine has none."""
    np.testing.assert_array_equal(
        csv.to_numpy(dtype=float, na_value=np.nan), dicetak.to_numpy(dtype=float, na_value=np.nan)
    )
    assert dicetak.notna().any()


def test_data_files_parse_back_and_equal_the_engine(paket):
    ev = paket["ev"]
    out = Workbook.at(paket["root"]).periode_dir(PERIODE)
    baca = {"sep": ";", "decimal": ",", "encoding": "utf-8-sig", "dtype": {"kode_opd": str}}
    opd = pd.read_csv(out / "data" / "opd.csv", **baca)
    for k in ("kode_opd", "singkatan", "status_laporan", "rata_capaian", "predikat",
              "nilai_ditandai"):  # fmt: skip
        assert k in opd.columns, k
    assert set(opd["status_laporan"]) <= STATUS
    engine = ev.opd.set_index("kode_opd")
    opd = opd.set_index("kode_opd").loc[engine.index]
    # the CSV holds the figure as printed: bulat(engine, 2), exactly (never 96,02097494262499)
    assert_sama(opd["rata_capaian"], bulat(engine["rata_capaian"], 2))
    assert_sama(opd["realisasi_keuangan_pct"], bulat(engine["realisasi_keuangan_pct"], 2))
    assert (opd["predikat"].fillna("") == engine["predikat"].astype(object).fillna("")).all()
    assert (opd["nilai_ditandai"] == engine["nilai_ditandai"]).all()
    belum = opd.set_index("singkatan").loc[list(BELUM)]
    assert list(belum["status_laporan"]) == list(BELUM.values())
    assert belum["rata_capaian"].isna().all() and belum["realisasi_keuangan_pct"].isna().all()
    # indikator.csv: the month each value is from and its flags
    ind = pd.read_csv(out / "data" / "indikator.csv", **baca)
    assert {"periode_nilai", "dibawa", "perlu_verifikasi", "alasan_verifikasi"} <= set(ind)
    kunci = ["kode_opd", "kode_indikator"]
    gabung = ind.merge(ev.indikator.astype({"kode_opd": str}), on=kunci, suffixes=("", "_e"))
    assert len(gabung) == len(ev.indikator) == len(ind)
    assert_sama(gabung["capaian"], bulat(gabung["capaian_e"], 2))
    periode = [gabung[k].astype("string").fillna("") for k in ("periode_nilai", "periode_nilai_e")]
    assert (periode[0] == periode[1]).all()
    dibawa = gabung["dibawa_e"].astype(bool)
    assert dibawa.any() and (gabung.loc[dibawa, "dibawa"] == "ya").all()
    assert (gabung.loc[~dibawa, "dibawa"] == "tidak").all()
    tanda = gabung["perlu_verifikasi_e"].astype(bool)
    assert tanda.any() and (gabung.loc[tanda, "perlu_verifikasi"] == "ya").all()
    # the workbook holds every table; the index links it
    xlsx = pd.read_excel(out / "data" / f"monev_{PERIODE}.xlsx", sheet_name=None)
    assert {"opd", "indikator", "laporan", "iku"} <= set(xlsx)
    assert len(xlsx["opd"]) == len(ev.opd)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="data/monev_{PERIODE}.xlsx"' in index and 'href="data/opd.csv"' in index
