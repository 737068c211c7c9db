"""The rakor pack (monev paket): one HTML built from the published pages, and its A4 PDF.

Fast tests build the pack from small hand-made pages and a manifest; the slow ones run the real
reports of the sample and open the pack in Chromium (offline) and the PDF with pdftotext.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess

import pytest

from monev.report.paket import (
    PAKET_HTML,
    PAKET_PDF,
    TANPA_BROWSER,
    PaketError,
    buat_paket,
    cari_browser,
    entri_paket,
)

HALAMAN = """<!DOCTYPE html><html><head><style>body{{}}</style></head><body>
<main><h1 id="judul">{judul}</h1><p><a href="#judul">atas</a></p><p>{isi}</p></main></body></html>"""


def _terbit(folder, laporan: list[tuple[str, str, str]], periode="2026-10") -> dict:
    """Publish pages (name, notebook, title) and their manifest, as the runner does."""
    folder.mkdir(parents=True, exist_ok=True)
    entri = {}
    for nama, notebook, judul in laporan:
        data = HALAMAN.format(judul=judul, isi=f"isi {nama}").encode()
        (folder / f"{nama}.html").write_bytes(data)
        entri[nama] = {
            "judul": judul,
            "notebook": notebook,
            "berkas": f"{nama}.html",
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    manifest = {"periode": periode, "laporan": entri, "daerah": {"pemerintah": "Pemkab Uji"}}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return manifest


LAPORAN = [
    ("opd_DPUPR", "opd", "Dinas PUPR — Oktober 2026"),
    ("kualitas_data", "kualitas_data", "Kualitas data — Oktober 2026"),
    ("iku_IKU-01", "iku", "IKU Prevalensi stunting — Oktober 2026"),
    ("rakor_asisten-II", "rakor", "Rakor Asisten II — Oktober 2026"),
    ("opd_DINKES", "opd", "Dinas Kesehatan — Oktober 2026"),
    ("rakor", "rakor", "Rakor Kabupaten Uji — Oktober 2026"),
]


def test_pack_order_overview_first_then_opd_iku_quality(tmp_path):
    manifest = _terbit(tmp_path, LAPORAN)
    cakupan = ["rakor_asisten-II", "opd_DPUPR", "opd_DINKES", "iku_IKU-01", "kualitas_data"]
    urut = [e["berkas"] for e in entri_paket(manifest, cakupan)]
    assert urut == [
        "rakor_asisten-II.html",
        "opd_DINKES.html",
        "opd_DPUPR.html",
        "iku_IKU-01.html",
        "kualitas_data.html",
    ]  # the whole-regency overview of an earlier run is another scope: left out


def test_pack_is_one_file_with_toc_unique_ids_and_page_numbers(tmp_path, monkeypatch):
    _terbit(tmp_path, LAPORAN)
    paket = buat_paket(
        tmp_path, scope=["rakor_asisten-II", "opd_DPUPR", "kualitas_data"], pdf=False
    )
    teks = paket.html.read_text(encoding="utf-8")
    assert paket.halaman == ["rakor_asisten-II.html", "opd_DPUPR.html", "kualitas_data.html"]
    assert (
        teks.index("isi rakor_asisten-II")
        < teks.index("isi opd_DPUPR")
        < teks.index("isi kualitas_data")
    )
    assert "isi rakor<" not in teks and "isi opd_DINKES" not in teks
    ids = re.findall(r'\sid="([^"]+)"', teks)
    assert len(ids) == len(set(ids))  # each page's "judul" is prefixed
    for href in re.findall(r'href="#([^"]+)"', teks):
        assert href in ids
    assert 'content: "Halaman " counter(page)' in teks and "size: A4" in teks
    assert "Content-Security-Policy" in teks and "<script" not in teks
    assert 'href="http' not in teks and 'src="http' not in teks
    assert "Daftar isi" in teks and ">DPUPR</a>" in teks


def test_a_page_changed_after_its_run_stops_the_build_and_keeps_the_old_pack(tmp_path):
    _terbit(tmp_path, LAPORAN)
    (tmp_path / PAKET_HTML).write_text("paket lama", encoding="utf-8")
    (tmp_path / PAKET_PDF).write_bytes(b"%PDF-lama")
    (tmp_path / "opd_DPUPR.html").write_text("diubah tangan", encoding="utf-8")
    with pytest.raises(PaketError, match=r"opd_DPUPR\.html tidak sama"):
        buat_paket(tmp_path, pdf=False)
    assert (tmp_path / PAKET_HTML).read_text(encoding="utf-8") == "paket lama"
    assert (tmp_path / PAKET_PDF).read_bytes() == b"%PDF-lama"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_a_failed_print_keeps_the_old_pack(tmp_path):
    _terbit(tmp_path, LAPORAN)
    (tmp_path / PAKET_HTML).write_text("paket lama", encoding="utf-8")
    palsu = tmp_path / "bukan-peramban"
    palsu.write_text("#!/bin/sh\nexit 3\n")
    palsu.chmod(0o755)
    with pytest.raises(PaketError, match="tidak menghasilkan PDF"):
        buat_paket(tmp_path, browser=str(palsu))
    assert (tmp_path / PAKET_HTML).read_text(encoding="utf-8") == "paket lama"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_without_a_browser_the_html_is_published_and_the_message_says_what_to_install(
    tmp_path, monkeypatch
):
    _terbit(tmp_path, LAPORAN)
    (tmp_path / PAKET_PDF).write_bytes(b"%PDF-lama")  # it would disagree with the new HTML
    monkeypatch.setenv("MONEV_BROWSER", str(tmp_path / "tidak-ada"))
    assert cari_browser() is None
    paket = buat_paket(tmp_path)
    assert paket.pdf is None and paket.pesan == [TANPA_BROWSER]
    assert "apt-get install chromium" in TANPA_BROWSER
    assert paket.html.exists() and not (tmp_path / PAKET_PDF).exists()


def test_no_reports_yet_is_a_clear_refusal(tmp_path):
    with pytest.raises(PaketError, match="monev report --periode"):
        buat_paket(tmp_path / "2026-11", pdf=False)


def test_the_command_without_a_browser_says_so_with_exit_code_1(
    sample_workbook_copy, tmp_path, monkeypatch, capsys
):
    from monev.cli import main

    _terbit(sample_workbook_copy / "outputs" / "2026-10", LAPORAN)
    monkeypatch.setenv("MONEV_BROWSER", str(tmp_path / "tidak-ada"))
    code = main(["paket", "--root", str(sample_workbook_copy), "--periode", "2026-10"])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "paket.pdf tidak dibuat" in out and "Paket:" in out
    # the params of 2026-10 choose Asisten II: the whole-regency overview stays out
    teks = (sample_workbook_copy / "outputs" / "2026-10" / PAKET_HTML).read_text(encoding="utf-8")
    assert "isi rakor_asisten-II" in teks and "isi rakor<" not in teks
    indeks = (sample_workbook_copy / "outputs" / "2026-10" / "index.html").read_text("utf-8")
    assert '<a href="paket.html">' in indeks and "paket.pdf" not in indeks  # no PDF was made


# ------------------------------------------------------------------------------ real run


@pytest.fixture(scope="module")
def paket_sampel(tmp_path_factory, sample_workbook):
    """The sample's reports of 2026-10 (Asisten II, as its params say) and their pack."""
    from monev.cli import main

    root = tmp_path_factory.mktemp("paket") / "buku"
    shutil.copytree(sample_workbook, root)
    code = main(["report", "--root", str(root), "--periode", "2026-10", "--diam"])
    assert code == 0
    code = main(["paket", "--root", str(root), "--periode", "2026-10"])
    out = root / "outputs" / "2026-10"
    return root, out, code


def _opd_cakupan(root):
    import pandas as pd

    opd = pd.read_csv(root / "data" / "reference" / "opd.csv", dtype=str)
    return opd[opd["asisten"] == "II"]


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_has_numbered_a4_pages_holding_every_opd_of_the_scope(paket_sampel):
    from browser import perlu_chromium

    perlu_chromium()
    root, out, code = paket_sampel
    assert code == 0
    pdf = out / PAKET_PDF
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    halaman = int(re.search(r"Pages:\s+(\d+)", info.stdout)[1])
    assert "(A4)" in info.stdout and halaman > 5
    teks = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for n in (1, halaman // 2, halaman):
        assert f"Halaman {n} dari {halaman}" in teks
    lajur = " ".join(teks.split())
    cakupan = _opd_cakupan(root)
    assert len(cakupan) > 0
    for row in cakupan.itertuples():
        assert row.singkatan in lajur and " ".join(row.nama_opd.split()) in lajur, row.singkatan
    # the table of contents gives each OPD's page: that printed page opens with the OPD's name
    daftar = " ".join(_halaman_pdf(pdf, 1).split()).split("Bulan ini dalam lima baris")[0]
    nomor = []
    for row in cakupan.itertuples():
        m = re.search(rf"\b{re.escape(row.singkatan)} (\d+)\b", daftar)
        assert m, (row.singkatan, daftar)
        pertama = _halaman_pdf(pdf, int(m[1])).strip().splitlines()[0]
        assert " ".join(pertama.split()) == " ".join(row.nama_opd.split()), row.singkatan
        nomor.append(int(m[1]))
    assert len(set(nomor)) == len(nomor)


def _halaman_pdf(pdf, n: int) -> str:
    return subprocess.run(
        ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


@pytest.mark.slow
@pytest.mark.browser
def test_pack_opens_offline_with_every_image_and_no_request(paket_sampel):
    from browser import browser

    _, out, _ = paket_sampel
    with browser() as b:
        ctx = b.new_context(offline=True, viewport={"width": 1280, "height": 900})
        page = ctx.new_page()
        diminta = []
        page.on("request", lambda r: diminta.append(r.url))
        page.goto((out / PAKET_HTML).as_uri())
        page.wait_for_load_state("load")
        assert diminta == [(out / PAKET_HTML).as_uri()]  # nothing else is fetched
        rusak = page.evaluate(
            "[...document.images].filter(i => !i.complete || i.naturalWidth === 0).length"
        )
        assert rusak == 0 and page.evaluate("document.images.length") > 5
        assert "Bulan ini dalam lima baris" in page.inner_text("main")
        # the table of contents reaches each section
        page.click("nav.daftar-isi a >> nth=1")
        assert page.evaluate("location.hash").startswith("#lap-")
        ctx.close()


def _teks_bagian(out) -> list[tuple[str, str]]:
    """The text of each page of the pack (through the browser: what a reader sees)."""
    from browser import browser

    with browser() as b:
        page = b.new_page()
        page.goto((out / PAKET_HTML).as_uri())
        bagian = page.evaluate(
            "[...document.querySelectorAll('section.bagian')].map(s => [s.id, s.innerText])"
        )
        bagian.append(["daftar-isi", page.inner_text("nav.daftar-isi")])
    return bagian


def kunci_mentah() -> set[str]:
    """The engine's snake_case column names: none may be printed as a label."""
    from monev.present.labels import LABEL

    return {k for k in LABEL if "_" in k}


@pytest.mark.slow
@pytest.mark.browser
def test_no_page_of_the_pack_prints_raw_values_or_keys(paket_sampel):
    _, out, _ = paket_sampel
    kunci = kunci_mentah() | {"ketepatan_waktu", "sumber_ganda", "status_laporan"}
    terlarang = re.compile(
        r"00:00:00|\bTrue\b|\bFalse\b|\bNaN\b|\bnan\b|\bNone\b|\bNaT\b|\b("
        + "|".join(sorted(map(re.escape, kunci)))
        + r")\b"
    )
    salah = []
    for nama, teks in _teks_bagian(out):
        for m in terlarang.finditer(teks):
            salah.append((nama, teks[max(0, m.start() - 60) : m.end() + 30].replace("\n", " ")))
    assert not salah, salah[:20]


def test_no_browser_on_path_finds_none(monkeypatch, tmp_path):
    monkeypatch.delenv("MONEV_BROWSER", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    for env in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        monkeypatch.delenv(env, raising=False)
    assert cari_browser() is None
    nyata = tmp_path / "chromium"
    nyata.write_text("#!/bin/sh\n")
    nyata.chmod(0o755)
    assert cari_browser() == str(nyata)
    assert os.path.basename(cari_browser()) == "chromium"


# ------------------------------------------------------------------------------ scope


def test_a_month_without_params_after_an_asisten_month_is_refused_with_what_to_do(
    sample_workbook_copy, capsys
):
    from monev.cli import main

    root = str(sample_workbook_copy)
    for perintah in ("report", "paket"):
        code = main([perintah, "--root", root, "--periode", "2026-11"])
        err = capsys.readouterr().err
        assert code == 2, perintah
        assert "params/2026-11.yaml tidak ada" in err and "params/2026-10.yaml" in err
        assert "--asisten II" in err and "--asisten semua" in err


def test_the_scope_is_said_and_semua_means_the_whole_regency(sample_workbook_copy):
    from monev.commands.report import month_params
    from monev.model.workbook import Workbook

    wb = Workbook.at(sample_workbook_copy)
    params, pesan = month_params(wb, "2026-10", None)
    assert params.asisten == "II" and "Lingkup: Asisten II (" in pesan
    params, pesan = month_params(wb, "2026-11", "semua")
    assert params.asisten == "" and "Lingkup: seluruh " in pesan
    params, pesan = month_params(wb, "2025-12", None)  # no earlier month chose an Asisten
    assert params.asisten == "" and "tidak ada" in pesan and "Lingkup: seluruh " in pesan


def test_reports_of_another_scope_leave_the_index_and_the_folder(tmp_path, capsys):
    from monev.commands.report import set_aside

    manifest = _terbit(tmp_path, LAPORAN)
    set_aside(tmp_path, manifest, {"rakor_asisten-II", "opd_DPUPR", "iku_IKU-01", "kualitas_data"})
    assert set(manifest["laporan"]) == {"rakor_asisten-II", "opd_DPUPR", "iku_IKU-01",
                                        "kualitas_data"}  # fmt: skip
    assert not (tmp_path / "rakor.html").exists() and not (tmp_path / "opd_DINKES.html").exists()
    assert (tmp_path / "_cakupan_lain" / "rakor.html").exists()
    assert "rakor" in capsys.readouterr().out


def test_official_tables_of_an_earlier_run_leave_the_index_once_their_inputs_change(
    tmp_path, capsys
):
    from monev.commands.report import set_aside_stale

    laporan = [*LAPORAN[:2], ("resmi_rkpd", "resmi_rkpd", "Evaluasi RKPD — Oktober 2026"),
               ("resmi_renja_DKP", "resmi_renja", "Evaluasi Renja DKP — Oktober 2026")]  # fmt: skip
    manifest = _terbit(tmp_path, laporan)
    for nama, e in manifest["laporan"].items():
        e["sidik"] = f"sidik-{nama}"
    sidik = {"resmi_rkpd": "sidik-baru", "resmi_renja_DKP": "sidik-resmi_renja_DKP"}
    set_aside_stale(tmp_path, manifest, sidik, "2026-10")
    assert "resmi_rkpd" not in manifest["laporan"] and "resmi_renja_DKP" in manifest["laporan"]
    assert (tmp_path / "_basi" / "resmi_rkpd.html").exists()
    assert (
        not (tmp_path / "resmi_rkpd.html").exists() and (tmp_path / "resmi_renja_DKP.html").exists()
    )
    assert "monev report --periode 2026-10 --resmi" in capsys.readouterr().out


def test_a_page_made_from_older_inputs_stops_the_pack_and_an_old_resmi_page_stays_out(tmp_path):
    laporan = [*LAPORAN[:4], ("resmi_rkpd", "resmi_rkpd", "Evaluasi RKPD — Oktober 2026")]
    manifest = _terbit(tmp_path, laporan)
    for nama, e in manifest["laporan"].items():
        e["sidik"] = f"sidik-{nama}"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    sekarang = {nama: f"sidik-{nama}" for nama in manifest["laporan"]}
    sekarang["resmi_rkpd"] = "sidik-baru"  # data loaded after the --resmi run
    paket = buat_paket(tmp_path, scope=sekarang, pdf=False)
    assert "resmi_rkpd.html" not in paket.halaman and "opd_DPUPR.html" in paket.halaman
    assert any("monev report --periode 2026-10 --resmi" in p for p in paket.pesan)
    assert "isi resmi_rkpd" not in paket.html.read_text(encoding="utf-8")
    sekarang["opd_DPUPR"] = "sidik-baru"  # the OPD's page no longer shows the store's figures
    (tmp_path / PAKET_HTML).write_text("paket lama", encoding="utf-8")
    with pytest.raises(PaketError, match=r"opd_DPUPR\.html.*jalankan dulu monev report"):
        buat_paket(tmp_path, scope=sekarang, pdf=False)
    assert (tmp_path / PAKET_HTML).read_text(encoding="utf-8") == "paket lama"


def test_the_scope_fingerprints_change_with_the_settings(sample_workbook_copy):
    from monev.app.params import period_params
    from monev.commands.paket import scope_reports
    from monev.model.workbook import Workbook

    wb = Workbook.at(sample_workbook_copy)
    params, _ = period_params(wb, "2026-10")
    awal = scope_reports(wb, params)
    assert awal == scope_reports(wb, params)  # the same inputs: the same fingerprints
    berkas = wb.params / "2026-10.yaml"
    berkas.write_text(
        berkas.read_text(encoding="utf-8") + "pengaturan:\n  jendela_tren: 4\n", encoding="utf-8"
    )
    params, _ = period_params(wb, "2026-10")
    lalu = scope_reports(wb, params)
    assert set(lalu) == set(awal) and all(lalu[n] != awal[n] for n in awal)
