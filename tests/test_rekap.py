"""Quarter and year packs (monev paket --triwulan / --tahun): the window, the recap of its months
from each month's engine figures, and the pack that opens with it."""

from __future__ import annotations

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from test_paket import LAPORAN, _terbit  # sibling test module: pytest puts tests/ on sys.path

from monev.model.angka import bulat
from monev.model.periode import Jendela, Periode, PeriodeError
from monev.present import format as fmt
from monev.present.rekap import baris_rekap, grid_capaian, rekap_bulanan, rekap_opd
from monev.report.paket import buat_paket


@pytest.mark.parametrize(
    ("teks", "jenis", "bulan", "label", "kode"),
    [
        ("2026-T3", "triwulan", ("2026-07", "2026-09"), "Triwulan III 2026", "tw3_2026"),
        ("2026-tw1", "triwulan", ("2026-01", "2026-03"), "Triwulan I 2026", "tw1_2026"),
        ("2025-4", "triwulan", ("2025-10", "2025-12"), "Triwulan IV 2025", "tw4_2025"),
        ("2026", "tahun", ("2026-01", "2026-12"), "Tahun 2026", "tahun_2026"),
    ],
)
def test_window_months_label_and_file_name(teks, jenis, bulan, label, kode):
    j = Jendela.parse(teks, jenis=jenis)
    assert (str(j.bulan[0]), str(j.bulan[-1])) == bulan
    assert len(j.bulan) == (3 if jenis == "triwulan" else 12)
    assert (j.label, j.kode) == (label, kode)
    assert Jendela.dari_kode(kode) == j  # the file name gives the window back


@pytest.mark.parametrize("kode", ["tw5_2026", "tahun_26", "rekap", "tw3", "bulan_2026"])
def test_a_file_name_part_that_is_no_window_gives_none(kode):
    assert Jendela.dari_kode(kode) is None


@pytest.mark.parametrize(
    ("teks", "jenis"),
    [("2026-T5", "triwulan"), ("2026", "triwulan"), ("2026-T3", "tahun"), ("26", "tahun"),
     ("1999", "tahun"), ("III 2026", "triwulan")],
)  # fmt: skip
def test_a_window_not_understood_says_how_to_write_it(teks, jenis):
    with pytest.raises(PeriodeError, match="contoh"):
        Jendela.parse(teks, jenis=jenis)


def _opd(rata, status, keu, asisten=("II", "II", "I")) -> pd.DataFrame:
    """An ``Evaluasi.opd`` frame of three OPDs with the columns the recap reads."""
    from monev.engine.capaian import predikat
    from monev.model.settings import Settings

    rata = pd.Series(rata, dtype="Float64")
    return pd.DataFrame(
        {
            "kode_opd": ["1.01", "1.02", "2.01"],
            "singkatan": ["DPUPR", "DISPAR", "DINKES"],
            "nama_opd": ["Dinas PUPR", "Dinas Pariwisata", "Dinas Kesehatan"],
            "asisten": list(asisten),
            "rata_capaian": rata,
            "predikat": predikat(rata.astype(float), Settings()),
            "status_laporan": status,
            "terlambat": [False, False, False],
            "hari_terlambat": [pd.NA, pd.NA, pd.NA],
            "realisasi_keuangan_pct": pd.Series(keu, dtype="Float64"),
        }
    )


def _bulanan():
    return {
        "2026-07": _opd(
            [70.125, None, 80.0], ["lengkap", "tidak lapor", "lengkap"], [40, None, 41]
        ),
        "2026-08": _opd([74.0, 66.0, 81.0], ["lengkap", "lengkap", "lengkap"], [50, 30, 52]),
        "2026-09": _opd([90.004, None, 79.5], ["lengkap", "kosong", "lengkap"], [70, None, 66]),
    }


def test_recap_takes_each_month_as_the_engine_gave_it_and_never_counts_belum_lapor():
    panjang = rekap_bulanan(_bulanan(), asisten="II")
    assert set(panjang["singkatan"]) == {"DPUPR", "DISPAR"}  # DINKES is Asisten I
    tabel = rekap_opd(panjang).set_index("singkatan")
    assert tabel.loc["DPUPR", "bulan_lapor"] == 3 and tabel.loc["DISPAR", "bulan_lapor"] == 1
    # the change is the difference of the printed (half-up) figures: 90,00 − 70,13
    assert tabel.loc["DPUPR", "selisih_capaian"] == pytest.approx(
        float(bulat(pd.Series([90.004]), 2)[0] - bulat(pd.Series([70.125]), 2)[0])
    )
    assert tabel.loc["DPUPR", "periode_awal"] == "2026-07"
    # DISPAR did not report the closing month: no change, its budget unknown
    assert pd.isna(tabel.loc["DISPAR", "selisih_capaian"])
    assert bool(tabel.loc["DISPAR", "belum_lapor_akhir"])
    baris = {b["singkatan"]: b for b in baris_rekap(panjang, rekap_opd(panjang))}
    assert baris["DISPAR"]["bulan"][0] == "belum lapor" and baris["DISPAR"]["bulan"][2] == (
        "belum lapor"
    )
    assert baris["DISPAR"]["bulan"][1] == fmt.angka(66.0)
    assert baris["DISPAR"]["predikat_akhir"] == "–"  # no figure in the closing month
    assert baris["DPUPR"]["predikat_akhir"] == str(_bulanan()["2026-09"]["predikat"][0])
    assert baris["DISPAR"]["keuangan_akhir"] == "belum lapor"
    assert baris["DPUPR"]["bulan"][0] == "70,13"  # half up, as printed elsewhere
    assert baris["DPUPR"]["bulan_lapor"] == "3 dari 3"
    grid = grid_capaian(panjang)
    assert list(grid.columns) == ["Jul 2026", "Agu 2026", "Sep 2026"]
    assert grid.loc["DISPAR"].isna().tolist() == [True, False, True]  # no cell, never 0


def test_a_quarter_pack_opens_with_its_recap_then_the_closing_month(tmp_path):
    _terbit(tmp_path, LAPORAN, periode="2026-09")
    (tmp_path / "rekap_tw3_2026.html").write_text(
        '<html><body><main><h1 id="judul">Rekap Triwulan III 2026</h1></main></body></html>',
        encoding="utf-8",
    )
    paket = buat_paket(
        tmp_path,
        scope=["rakor_asisten-II", "opd_DPUPR"],
        pdf=False,
        nama="paket_tw3_2026",
        pembuka=[(tmp_path / "rekap_tw3_2026.html", "Paket Triwulan III 2026")],
        judul="Paket Triwulan III 2026",
    )
    assert paket.html == tmp_path / "paket_tw3_2026.html"
    assert not (tmp_path / "paket.html").exists()  # the month's own pack is another file
    teks = paket.html.read_text(encoding="utf-8")
    assert teks.index("Rekap Triwulan III 2026</h1>") < teks.index("isi rakor_asisten-II")
    assert "<title>Paket Triwulan III 2026</title>" in teks and "<strong>Rekap</strong>" in teks


def _sel(html: str) -> dict[str, list[str]]:
    """The recap table as printed: OPD → its cells."""
    sup = BeautifulSoup(html, "html.parser")
    tabel = sup.find("table")
    return {
        tr.find_all("td")[0].get_text(): [td.get_text() for td in tr.find_all("td")[1:]]
        for tr in tabel.find("tbody").find_all("tr")
    }


@pytest.mark.slow  # ten months of real evaluations
def test_monev_paket_tahun_recaps_every_month_from_the_engine_and_is_linked(
    sample_workbook_copy, capsys
):
    from monev.app.context import open_period
    from monev.cli import main

    root = sample_workbook_copy
    _terbit(root / "outputs" / "2026-10", LAPORAN)  # the closing month's published pages
    code = main(["paket", "--root", str(root), "--tahun", "2026", "--tanpa-pdf"])
    out = capsys.readouterr().out
    assert code == 0, out
    folder = root / "outputs" / "2026-10"
    rekap = (folder / "rekap_tahun_2026.html").read_text(encoding="utf-8")
    paket = (folder / "paket_tahun_2026.html").read_text(encoding="utf-8")
    assert "Rekap Tahun 2026 (s.d. Oktober 2026)" in rekap
    assert paket.index("Rekap Tahun 2026") < paket.index("isi rakor_asisten-II")
    sel = _sel(rekap)
    bulan = [str(Periode(2026, b)) for b in range(1, 11)]  # the sample's 2026 months
    tutup = open_period(root, "2026-10")
    scope = tutup.evaluasi.opd[tutup.evaluasi.opd["asisten"] == "II"]
    assert set(sel) == set(scope["singkatan"])  # the params of 2026-10: Asisten II
    belum_akhir = 0
    for i, b in enumerate(bulan):
        opd = open_period(root, b).evaluasi.opd.set_index("singkatan")
        for singkatan, cells in sel.items():
            r = opd.loc[singkatan]
            if str(r["status_laporan"]) in ("kosong", "tidak lapor"):
                assert cells[i] == "belum lapor", (singkatan, b)
                belum_akhir += b == "2026-10"
            elif pd.isna(r["rata_capaian"]):
                assert cells[i] == "–"
            else:
                assert cells[i] == fmt.angka(r["rata_capaian"]), (singkatan, b)
            if b == "2026-10":  # the closing month's predikat beside the months
                harap = "–" if pd.isna(r["predikat"]) else str(r["predikat"])
                assert cells[len(bulan)] == harap, singkatan
    assert belum_akhir >= 1  # the sample plants a non-reporter in October
    for p in ("00:00:00", "NaN", "True", "False", "None"):
        assert p not in BeautifulSoup(rekap, "html.parser").get_text()
    indeks = (folder / "index.html").read_text(encoding="utf-8")
    assert '<a href="rekap_tahun_2026.html">Rekap Tahun 2026</a>' in indeks
    assert '<a href="paket_tahun_2026.html">' in indeks


def test_a_window_without_published_reports_or_badly_written_is_refused(
    sample_workbook_copy, capsys
):
    from monev.cli import main

    root = str(sample_workbook_copy)
    assert main(["paket", "--root", root, "--triwulan", "2026-T5", "--tanpa-pdf"]) == 1
    assert "contoh 2026-T3" in capsys.readouterr().out
    assert main(["paket", "--root", root, "--triwulan", "2026-T2", "--tanpa-pdf"]) == 1
    out = capsys.readouterr().out
    assert "belum ada laporan rakor" in out and "monev run --periode" in out
    assert not list((sample_workbook_copy / "outputs").glob("*/paket_*"))
