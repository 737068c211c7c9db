"""Another regency uses the same workbook: its names and coordination lines come from its own
``daerah.yaml`` and ``opd.csv``, and its pack shows no trace of the bundled sample's regency."""

from __future__ import annotations

import re

import pytest

from monev.cli import main

PERIODE = "2026-10"
GARIS = {"I": "Pem", "II": "Ekbang", "III": "Umum"}
DAERAH = """\
nama: Kota Lain
pemerintah: Pemerintah Kota Lain
judul_rakor: Rapat Evaluasi Kinerja Perangkat Daerah Kota Lain
asisten:
  - {kode: Pem, nama: Asisten Pemerintahan}
  - {kode: Ekbang, nama: Asisten Perekonomian dan Pembangunan}
  - {kode: Umum, nama: Asisten Administrasi Umum}
"""


@pytest.fixture
def kota_lain(sample_workbook_copy):
    """The small sample, renamed: another regency, other coordination-line codes."""
    ref = sample_workbook_copy / "data" / "reference"
    (ref / "daerah.yaml").write_text(DAERAH, encoding="utf-8")
    opd = ref / "opd.csv"
    lines = opd.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        head, _, asisten = line.rpartition(",")
        out.append(f"{head},{GARIS[asisten]}".replace("Kuala Kurun", "Kota Lain"))
    opd.write_text("\n".join(out) + "\n", encoding="utf-8")
    for params in (sample_workbook_copy / "params").glob("*.yaml"):
        params.unlink()  # the sample's month parameters are Gunung Mas's
    return sample_workbook_copy


@pytest.mark.slow
def test_second_regency_pack_has_its_own_names(kota_lain, capfd):
    pilihan = ["--asisten", "ekbang", "--opd", "DPUPR", "DINKES", "--diam"]
    code = main(["report", "--root", str(kota_lain), "--periode", PERIODE, *pilihan])
    keluar = capfd.readouterr()
    assert code == 0, keluar.err
    folder = kota_lain / "outputs" / PERIODE
    pages = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.html")}
    assert "rakor_asisten-Ekbang.html" in pages and "index.html" in pages
    for name, html in pages.items():
        assert not re.search(r"gunung\s*mas|gumas", html, re.IGNORECASE), name
    assert "Pemerintah Kota Lain" in pages["index.html"]
    rakor = pages["rakor_asisten-Ekbang.html"]
    assert "Kota Lain" in rakor and "Asisten Ekbang" in rakor
    assert "Rapat Evaluasi Kinerja Perangkat Daerah Kota Lain" in rakor  # the regency's title


def test_unknown_coordination_line_is_refused_with_the_regency_lines(kota_lain, capfd):
    code = main(["report", "--root", str(kota_lain), "--periode", PERIODE, "--asisten", "II"])
    err = capfd.readouterr().err
    assert code == 2
    assert "Pem, Ekbang, Umum" in err and "daerah.yaml" in err
    assert not (kota_lain / "outputs" / PERIODE).exists()
