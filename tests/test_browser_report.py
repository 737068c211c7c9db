"""What the analysts see: reports opened in headless Chromium (Debian's), not only grepped."""

from __future__ import annotations

import io

import duckdb
import pandas as pd
import pytest
from browser import browser

from monev.cli import main
from monev.model.workbook import Workbook

pytestmark = [pytest.mark.slow, pytest.mark.browser]

JAHAT = {
    "nama_opd": "Dinas <script>document.title='pwned';window.__pwned=1</script> PUPR",
    "nama_indikator": "Jalan <img src=x onerror=\"document.title='pwned';window.__pwned=1\"> mantap",
    "kendala": "Lihat [di sini](javascript:document.title='pwned') dan <a href=\"javascript:window.__pwned=1\">ini</a>",
}


def _suntik(root):
    """Put the payloads into an OPD name, an indicator name and a stored note."""
    wb = Workbook.at(root)
    opd = pd.read_csv(wb.reference / "opd.csv", dtype=str, keep_default_na=False)
    sasaran = opd.index[opd["singkatan"] == "DPUPR"][0]
    opd.loc[sasaran, "nama_opd"] = JAHAT["nama_opd"]
    opd.to_csv(wb.reference / "opd.csv", index=False)
    kode_opd = opd.loc[sasaran, "kode_opd"]
    ind = pd.read_csv(wb.reference / "indikator.csv", dtype=str, keep_default_na=False)
    pilih = ind.index[ind["kode_opd"] == kode_opd][0]
    ind.loc[pilih, "nama_indikator"] = JAHAT["nama_indikator"]
    ind.to_csv(wb.reference / "indikator.csv", index=False)
    with duckdb.connect(str(wb.store)) as con:
        con.execute(
            "UPDATE realisasi SET kendala = ? WHERE kode_opd = ? AND kode_indikator = ?",
            [JAHAT["kendala"], kode_opd, ind.loc[pilih, "kode_indikator"]],
        )
    return kode_opd


def _periode_terakhir(root) -> str:
    with duckdb.connect(str(Workbook.at(root).store), read_only=True) as con:
        return con.execute("SELECT max(periode) FROM realisasi").fetchone()[0]


def test_payloads_in_names_and_notes_are_not_live(sample_workbook_copy):
    root = sample_workbook_copy
    _suntik(root)
    periode = _periode_terakhir(root)
    code = main(["report", "--root", str(root), "--periode", periode, "--opd", "DPUPR", "--diam"])
    assert code == 0
    out = Workbook.at(root).periode_dir(periode)
    with browser() as b:
        for nama in ("opd_DPUPR.html", "rakor_asisten-II.html"):
            page = b.new_page()
            dialogs = []
            page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d), d.dismiss()))
            page.goto((out / nama).as_uri())
            page.wait_for_load_state("load")
            teks = page.inner_text("body")
            assert page.title() != "pwned", nama
            assert page.evaluate("window.__pwned === undefined"), nama
            assert not dialogs
            assert page.evaluate(
                "[...document.querySelectorAll('a')].every(a => !a.href.startsWith('javascript'))"
            )
            assert page.evaluate("document.querySelectorAll('script').length") == 0
            if nama == "opd_DPUPR.html":
                # the text is shown as text, so the analyst sees what the OPD wrote
                assert "<script>" in teks and "onerror" in teks and "javascript:" in teks
            page.close()


def _tidak_kosong(png: bytes) -> bool:
    from PIL import Image

    img = Image.open(io.BytesIO(png)).convert("L")
    lo, hi = img.getextrema()
    return hi - lo > 100


@pytest.mark.parametrize(("lebar", "cetak"), [(390, False), (794, True)])
def test_overview_renders_at_phone_width_and_a4(sample_workbook_copy, lebar, cetak):
    root = sample_workbook_copy
    periode = _periode_terakhir(root)
    assert (
        main(["report", "--root", str(root), "--periode", periode, "--opd", "DPUPR", "--diam"]) == 0
    )
    rakor = Workbook.at(root).periode_dir(periode) / "rakor_asisten-II.html"
    with browser() as b:
        page = b.new_page(viewport={"width": lebar, "height": 1123})
        if cetak:
            page.emulate_media(media="print")
        page.goto(rakor.as_uri())
        lebar_isi = page.evaluate("document.documentElement.scrollWidth")
        assert lebar_isi <= lebar, f"meluap ke samping: {lebar_isi} > {lebar}"
        png = page.screenshot(full_page=False)
        assert _tidak_kosong(png)
        assert page.evaluate("document.documentElement.lang") == "id"
        if cetak:
            pdf = page.pdf(format="A4", print_background=True)
            assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
