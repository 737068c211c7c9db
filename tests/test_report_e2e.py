"""The rakor pack of a period on the sample: real papermill parameters, real kernels, real
nbconvert; every assertion is made on the HTML the analysts receive."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from monev.app.context import load_context
from monev.cli import main
from monev.model.workbook import Workbook
from monev.present import format as fmt

pytestmark = pytest.mark.slow
PERIODE = "2026-10"


class Tabel(HTMLParser):
    """Rows of every <table> as lists of cell texts."""

    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


@pytest.fixture(scope="module")
def paket(sample_workbook, tmp_path_factory):
    import shutil

    root = tmp_path_factory.mktemp("rakor") / "buku"
    shutil.copytree(sample_workbook, root)
    assert main(["report", "--root", str(root), "--periode", PERIODE, "--diam"]) == 0
    return root


def test_every_expected_report_exists_and_is_offline(paket):
    out = Workbook.at(paket).periode_dir(PERIODE)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    ctx = load_context(paket, PERIODE)
    asisten_ii = ctx.ref.opd[ctx.ref.opd["asisten"] == "II"]["singkatan"]
    harap = (
        {"rakor_asisten-II", "kualitas_data"}
        | {f"opd_{s}" for s in asisten_ii}
        | {
            f"iku_{k}"
            for k in ctx.ref.indikator.loc[ctx.ref.indikator["level"] == "IKU", "kode_indikator"]
        }
    )
    assert set(manifest["laporan"]) == harap
    for nama, entri in manifest["laporan"].items():
        html = (out / entri["berkas"]).read_text(encoding="utf-8")
        assert not re.search(r"<script[^>]*\bsrc=", html), nama
        assert not re.search(r"<link[^>]*href=", html), nama
        assert not re.search(r"https?://", html), nama
        assert "Content-Security-Policy" in html and 'lang="id"' in html
        assert "jp-InputArea jp-Cell-inputArea" not in html, nama  # no code shown
        assert "ctx = load_context" not in html, nama
        assert "settings_json" not in html, nama  # no parameter cells
        assert len(html.encode()) < 600_000, nama  # size budget per report
        # every chart speaks for itself to a screen reader, in Indonesian
        assert all(re.search(r'\balt="[^"]+"', img) for img in re.findall(r"<img[^>]*>", html))
        assert entri["masukan"] and all(len(v) == 64 for v in entri["masukan"].values())
        assert entri["pengaturan"]["negative_formula"] == "2T-R"
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{e["berkas"]}"' in index for e in manifest["laporan"].values())


def test_indonesian_labels_and_numbers(paket):
    html = (Workbook.at(paket).periode_dir(PERIODE) / "rakor_asisten-II.html").read_text(
        encoding="utf-8"
    )
    for label in ("Ringkasan", "Peringkat capaian kinerja OPD", "Serapan anggaran", "Predikat",
                  "Oktober 2026", "Tindak lanjut", "Pengaturan yang berlaku"):  # fmt: skip
        assert label in html
    assert re.search(r"\d+,\d{2}", html)  # decimal comma
    assert re.search(r"Rp \d{1,3}(\.\d{3})*", html) or "Rp " in html


def test_opd_table_figures_match_the_engine(paket):
    ctx = load_context(paket, PERIODE)
    kode_opd = ctx.ref.opd.set_index("singkatan").loc["DPUPR", "kode_opd"]
    html = (Workbook.at(paket).periode_dir(PERIODE) / "opd_DPUPR.html").read_text(encoding="utf-8")
    parser = Tabel()
    parser.feed(html)
    per_kode = {}  # the first table listing the indicators: the capaian table
    for r in parser.rows:
        if r and r[0].startswith("DPUPR-"):
            per_kode.setdefault(r[0], r)
    ind = ctx.evaluasi.indikator
    ind = ind[ind["kode_opd"] == kode_opd]
    assert len(ind) and set(ind["kode_indikator"].astype(str)) <= set(per_kode)
    for row in ind.itertuples():
        cells = per_kode[str(row.kode_indikator)]
        assert cells[5] == fmt.angka(row.capaian), row.kode_indikator
        assert cells[4] == fmt.angka(row.realisasi)
        assert cells[6] == (
            "–" if row.predikat != row.predikat or row.predikat is None else str(row.predikat)
        )


def test_export_official_tables(paket, tmp_path):
    import openpyxl

    out = tmp_path / "resmi.xlsx"
    assert main(["export", "--root", str(paket), "--periode", PERIODE, "-o", str(out)]) == 0
    book = openpyxl.load_workbook(out)
    assert "RKPD" in book.sheetnames and any(s.startswith("Renja ") for s in book.sheetnames)
    ws = book["RKPD"]
    assert str(ws["A1"].value).startswith("EVALUASI TERHADAP HASIL RKPD")
    nomor = [c.value for c in ws[8] if c.value is not None]  # the numbering row
    assert nomor[0] == "1" and nomor[-1] == "16" and "14 = 7 + 13" in nomor


def test_headline_is_the_engine_asisten_rollup(paket):
    """Default settings: the headline is Evaluasi.asisten's row, not a mean of OPD means."""
    ctx = load_context(paket, PERIODE)
    ii = ctx.evaluasi.asisten.set_index("asisten").loc["II"]
    html = (Workbook.at(paket).periode_dir(PERIODE) / "rakor_asisten-II.html").read_text(
        encoding="utf-8"
    )
    nilai = re.search(
        r'<span class="nilai">([^<]*)</span><span class="label">Rata-rata capaian</span>', html
    )
    assert nilai and nilai[1] == fmt.persen(ii["rata_capaian"], 2)
    opd = ctx.evaluasi.opd
    rata_opd = opd.loc[opd["asisten"] == "II", "rata_capaian"].mean()
    assert nilai[1] != fmt.persen(rata_opd, 2)  # the two rules differ on the sample
