"""Tables escape every text, numbers print the Indonesian way, charts draw the engine's values,
sections show the engine's figures under the settings in force and the regency's own names."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pandas as pd
import pytest

from monev.model.settings import Settings
from monev.present import charts, rakor, sections, status
from monev.present import format as fmt
from monev.present.escape import judul, teks
from monev.present.labels import LABEL, kolom
from monev.present.tables import tabel_html
from monev.present.theme import WARNA_BAND, warna_predikat

PAYLOADS = [
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.title='pwned'\">",
    "[klik](javascript:document.title='pwned')",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_table_escapes_cells_and_labels(payload):
    df = pd.DataFrame({"nama": [payload], "capaian": [85.5]})
    html = tabel_html(df, {"nama": payload, "capaian": "Capaian"}, caption=payload)
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript' not in html
    assert teks(payload) in html
    assert "85,50" in html


def test_dates_and_yes_no_cells_read_as_indonesian():
    df = pd.DataFrame({"batas_waktu": [pd.Timestamp("2026-10-31")], "tepat_waktu": [True]})
    html = tabel_html(df, {"batas_waktu": "Batas", "tepat_waktu": "Tepat"})
    assert "<td>31 Oktober 2026</td><td>Ya</td>" in html


def test_heading_is_html_not_markdown():
    out = judul("[x](javascript:alert(1))")
    assert out == "<h2>[x](javascript:alert(1))</h2>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1234.5, "1.234,50"), (-90.2, "-90,20"), (None, "–"), (np.nan, "–"), (pd.NA, "–")],
)
def test_angka(value, expected):
    assert fmt.angka(value) == expected


def test_rupiah_and_dates():
    import datetime as dt

    assert fmt.rupiah(102495819644) == "Rp 102.495.819.644"
    assert fmt.rupiah_ringkas(1.33e12) == "Rp 1,33 T"
    assert fmt.tanggal(dt.date(2026, 2, 9)) == "9 Februari 2026"
    assert fmt.periode("2026-10") == "Oktober 2026"


def opd_frame():
    return pd.DataFrame(
        {
            "kode_opd": ["a", "b", "c", "d"],
            "singkatan": ["DPUPR", "DINKES", "DISTAN", "BKAD"],
            "rata_capaian": [95.0, 60.0, -20.0, np.nan],
            "predikat": ["Sangat Tinggi", "Rendah", "Sangat Rendah", None],
            "realisasi_keuangan_pct": [40.0, 55.0, 10.0, 30.0],
            "target_keuangan_pct": [50.0, 50.0, 50.0, 50.0],
            "deviasi_keuangan": [-10.0, 5.0, -40.0, -20.0],
            "milestone_target": [50.0, 50.0, 50.0, 50.0],
            "memenuhi_milestone": [False, True, False, False],
            "perubahan_mom": [3.0, -4.0, np.nan, 1.0],
            "status_laporan": ["lengkap", "sebagian", "lengkap", "lengkap"],
            "terlambat": [False, True, False, False],
            "hari_terlambat": pd.array([pd.NA, 2, pd.NA, pd.NA], dtype="Int64"),
            "diperingkat": [True, True, True, True],
            "nilai_ditandai": [0, 1, 0, 0],
        }
    )


def opd_dengan_belum_lapor():
    """opd_frame plus DISPAR (sent nothing: the engine leaves its figures NA, not ranked) and
    DLH (a blank template)."""
    belum = pd.DataFrame(
        {
            "kode_opd": ["e", "f"],
            "singkatan": ["DISPAR", "DLH"],
            "rata_capaian": [np.nan, np.nan],
            "predikat": [None, None],
            "realisasi_keuangan_pct": [np.nan, np.nan],
            "target_keuangan_pct": [50.0, 50.0],
            "deviasi_keuangan": [np.nan, np.nan],
            "perubahan_mom": [np.nan, np.nan],
            "status_laporan": ["tidak lapor", "kosong"],
            "terlambat": [False, False],
            "hari_terlambat": pd.array([pd.NA, pd.NA], dtype="Int64"),
            "diperingkat": [False, False],
            "nilai_ditandai": [0, 0],
        }
    )
    return pd.concat([opd_frame(), belum], ignore_index=True)


# five bands with other bounds and other labels (as a params file may set them)
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


def test_ranking_chart_draws_engine_values_clipped_at_zero():
    opd = opd_frame()
    fig = charts.peringkat_capaian(opd, settings=Settings())
    ax = fig.axes[0]
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == sorted([95.0, 60.0, 0.0])  # -20 drawn at 0; NaN left out
    labels = [t.get_text() for t in ax.texts]
    assert "-20,0" in labels  # the label keeps the true value


def test_band_colours_follow_position_not_label():
    from matplotlib.colors import to_hex

    lain = Settings.from_dict({"bands": LAIN["bands"]})
    opd = opd_frame().assign(predikat=["A", "D", "E", None])
    bawaan = charts.peringkat_capaian(opd_frame(), settings=Settings()).axes[0].patches
    ganti = charts.peringkat_capaian(opd, settings=lain).axes[0].patches
    warna = [to_hex(p.get_facecolor()) for p in ganti]
    assert warna == [to_hex(p.get_facecolor()) for p in bawaan]  # renamed bands keep colours
    assert len(set(warna)) == 3 and "#bbbbbb" not in warna
    # three bands: best, middle and worst colours of the five
    tiga = Settings.from_dict(
        {"bands": [{"batas_bawah": 80, "label": "Baik"}, {"batas_bawah": 50, "label": "Cukup"},
                   {"batas_bawah": None, "label": "Kurang"}]}
    )  # fmt: skip
    assert [warna_predikat(x, tiga) for x in ("Baik", "Cukup", "Kurang", "Sangat Tinggi")] == [
        WARNA_BAND[0], WARNA_BAND[2], WARNA_BAND[4], "#BBBBBB"
    ]  # fmt: skip
    html = tabel_html(pd.DataFrame({"predikat": ["D"]}), {"predikat": "P"}, settings=lain)
    assert f"background-color: {WARNA_BAND[3]}" in html


def test_absorption_chart_and_caption():
    opd = opd_frame()
    fig = charts.serapan_anggaran(opd)
    heights = sorted(p.get_width() for p in fig.axes[0].patches)
    assert heights == sorted(opd["realisasi_keuangan_pct"])
    assert charts.caption_serapan(opd) == "3 dari 4 OPD di bawah tonggak serapan 50 %."
    tanpa = opd.drop(columns=["milestone_target", "memenuhi_milestone"])
    assert charts.caption_serapan(tanpa) == "3 dari 4 OPD menyerap di bawah rencana anggaran kas."


def test_ranking_caption_states_the_finding_in_the_bands_in_force():
    cap = charts.caption_peringkat(opd_frame(), Settings())
    assert cap.startswith("DPUPR tertinggi dengan 95,00 %")
    assert cap.endswith("2 dari 3 OPD berpredikat Rendah atau di bawahnya.")
    lain = Settings.from_dict({"bands": LAIN["bands"]})
    # the engine's predikat is what counts: under bands A–E, "D" and "E" are the low ones
    opd = opd_frame().assign(predikat=["A", "C", "E", None])
    assert charts.caption_peringkat(opd, lain).endswith(
        "1 dari 3 OPD berpredikat D atau di bawahnya."
    )


def test_peringkat_and_who_changed():
    opd = opd_dengan_belum_lapor()
    ranked = rakor.peringkat_opd(opd)
    assert list(ranked["singkatan"]) == ["DPUPR", "DINKES", "DISTAN", "BKAD"]  # no DISPAR, DLH
    assert list(ranked["peringkat_capaian"]) == [1, 2, 3, 4]
    assert list(ranked["status"]) == ["lengkap", "sebagian, terlambat 2 hari", "lengkap", "lengkap"]
    assert list(ranked["verifikasi"]) == ["", "perlu verifikasi (1)", "", ""]
    assert status.daftar_belum_lapor(opd) == "DISPAR (tidak lapor), DLH (kosong)"
    tabel = tabel_html(status.anggaran_belum_lapor(opd), kolom(Settings(), "singkatan",
                       "realisasi_keuangan_pct", "deviasi_keuangan"))  # fmt: skip
    assert '<td>DISPAR</td><td>belum lapor</td><td class="angka">–</td>' in tabel
    assert '<td>DLH</td><td>belum lapor</td><td class="angka">–</td>' in tabel
    naik, turun = rakor.berubah(opd)
    assert list(naik["singkatan"]) == ["DPUPR", "BKAD"]
    assert list(turun["singkatan"]) == ["DINKES"]


def test_figure_html_is_inline_png_with_escaped_caption():
    fig = charts.peringkat_capaian(opd_frame(), settings=Settings())
    html = charts.gambar_html(fig, "<b>temuan</b>")
    assert 'src="data:image/png;base64,' in html
    assert "&lt;b&gt;temuan&lt;/b&gt;" in html


def test_heatmap_colours_each_cell_by_its_predikat():
    from matplotlib.colors import to_hex

    from monev.engine.capaian import predikat

    nilai = {"2026-01": [50.0, 90.0], "2026-02": [90.5, np.nan]}
    kecil = pd.DataFrame(nilai, index=["Dinkes", "PUPR"])
    s = Settings()
    fig = charts.heatmap_capaian(kecil, settings=s)
    fig.canvas.draw()
    ax = fig.axes[0]
    mesh = ax.collections[0]
    # row by row: 50 is not above 50 (Sangat Rendah), 90.5 Sangat Tinggi, 90 Tinggi, NaN empty
    sel = [50.0, 90.5, 90.0]
    label = predikat(pd.Series(sel)).astype(str)
    assert [to_hex(c) for c in mesh.get_facecolors()[:3]] == [
        warna_predikat(x, s).lower() for x in label
    ]
    assert np.ma.is_masked(mesh.get_array().ravel()[3])
    assert [t.get_text() for t in ax.texts] == ["50", "90", "90"]  # the values, not the codes
    besar = pd.DataFrame(np.full((20, 12), 90.0))
    assert len(charts.heatmap_capaian(besar, settings=s).axes[0].texts) == 0


def test_trend_captions_are_the_engine_rows():
    s = Settings.from_dict({"trend_window": 4})
    baris = pd.Series({"kemiringan": -1.256, "arah_tren": "turun", "rata_capaian": 80.0})
    assert charts.caption_tren(baris, "Asisten II", s) == (
        "Tren 4 bulan Asisten II: turun (−1,26 poin per bulan); rata-rata capaian 80,00 % "
        "bulan ini."
    )
    opd = pd.DataFrame(
        {
            "singkatan": ["DISTAN", "DISKAN", "DLH", "BARU"],
            "kemiringan": [2.5, -1.25, 0.1, np.nan],
            "arah_tren": ["membaik", "memburuk", "stabil", None],
        }
    )
    # the engine's words and label (basis, window, tolerance), never raw naik/turun
    assert charts.caption_heatmap(opd, s) == (
        "Tren 4 bulan (kemiringan capaian, toleransi 0,5 poin/bulan): 1 OPD membaik, "
        "1 memburuk, 1 stabil; membaik tercepat DISTAN (+2,50 poin/bulan); "
        "memburuk tercepat DISKAN (−1,25 poin/bulan)."
    )
    assert charts.caption_heatmap(opd.iloc[3:], s) == (
        "Belum ada OPD dengan riwayat cukup untuk tren 4 bulan (kemiringan capaian, "
        "toleransi 0,5 poin/bulan)."
    )


def test_glossary_names_every_column_once_and_fills_the_window():
    s = Settings.from_dict({"trend_window": 4})
    assert kolom(s, "singkatan", "arah_tren") == {"singkatan": "OPD", "arah_tren": "Tren 4 bulan"}
    with pytest.raises(KeyError, match="belum punya label"):
        kolom(s, "kolom_baru")
    assert len(set(LABEL.values())) == len(LABEL)  # one label, one column


# ------------------------------------------------------------------------------ on the sample


@pytest.fixture(scope="module")
def ctx_lain(sample_workbook):
    from monev.app.context import load_context

    return load_context(sample_workbook, "2026-10", json.dumps(LAIN))


def _teks(obj) -> str:
    return obj.data if hasattr(obj, "data") else str(obj)


def test_monthly_grid_is_the_engine_opd_capaian(ctx_lain):
    opd = sections.opd_dalam_cakupan(ctx_lain)
    tabel = rakor.capaian_bulanan(ctx_lain, opd, "2026-05")
    assert list(tabel.columns) == [f"2026-{m:02d}" for m in range(5, 11)]
    akhir = ctx_lain.evaluasi.opd.set_index("singkatan")["rata_capaian"].reindex(tabel.index)
    pd.testing.assert_series_equal(tabel["2026-10"], akhir, check_names=False, rtol=1e-9)
    assert tabel["2026-10"].dropna().is_monotonic_decreasing  # best first


def test_trend_lines_end_at_the_engine_rollup(ctx_lain):
    """Under weights and clipping, each Asisten's line ends at its row of Evaluasi.asisten."""
    ev = ctx_lain.evaluasi
    bulanan = rakor.tren_cakupan(ctx_lain)
    assert sorted(bulanan["periode"].unique()) == ["2026-07", "2026-08", "2026-09", "2026-10"]
    akhir = bulanan[bulanan["periode"] == "2026-10"].set_index("asisten")["rata_capaian"]
    harap = ev.asisten.assign(asisten="Asisten " + ev.asisten["asisten"].astype(str))
    harap = harap.set_index("asisten")["rata_capaian"].reindex(akhir.index)
    pd.testing.assert_series_equal(akhir, harap, check_names=False, rtol=1e-12)
    # and the unweighted, unclipped mean would differ: the settings do reach the lines
    riw = ev.riwayat[ev.riwayat["periode"].astype(str) == "2026-10"]
    polos = riw.groupby(riw["asisten"].astype(str), observed=True)["capaian"].mean()
    assert not np.allclose(polos.to_numpy(), harap.to_numpy())


@pytest.mark.parametrize("asisten", ["II", ""])
def test_headline_is_the_engine_rollup_of_the_scope(ctx_lain, asisten):
    ev = ctx_lain.evaluasi
    baris = (
        ev.asisten[ev.asisten["asisten"].astype(str) == asisten].iloc[0]
        if asisten
        else ev.kabupaten.iloc[0]
    )
    kartu = dict(rakor.kartu(ctx_lain, asisten))
    assert kartu["Rata-rata capaian"] == fmt.persen(baris["rata_capaian"], 2)
    assert kartu["Predikat"] == baris["predikat"] and kartu["Predikat"] in "ABCDE"
    assert kartu["Pagu"] == fmt.rupiah_ringkas(baris["pagu"])
    assert kartu["Serapan anggaran"] == fmt.persen(baris["realisasi_keuangan_pct"], 2)
    assert kartu["OPD"] == fmt.angka(baris["jumlah_opd"], 0)
    html = _teks(rakor.ringkasan(ctx_lain, asisten))
    assert fmt.persen(baris["rata_capaian"], 2) in html


def test_every_section_renders_with_other_settings(ctx_lain):
    from monev.present import iku, kualitas, opd

    ev = ctx_lain.evaluasi
    kode_opd = ev.opd.loc[ev.opd["singkatan"] == "DPUPR", "kode_opd"].iloc[0]
    kode_iku = ev.iku["kode_indikator"].iloc[0]
    bagian = [
        rakor.kepala(ctx_lain, "", "II", "2026-11-16"),
        *(f(ctx_lain, "II") for f in (rakor.ringkasan, rakor.peringkat, rakor.serapan,
                                      rakor.kuadran, rakor.perubahan, rakor.kualitas,
                                      rakor.tindak_lanjut)),
        rakor.iku(ctx_lain),
        *(f(ctx_lain, kode_opd) for f in (opd.kinerja, opd.anggaran, opd.kendala, opd.kualitas,
                                          opd.tindak_lanjut, opd.kontribusi_iku)),
        opd.kepala(ctx_lain, kode_opd),
        iku.kepala(ctx_lain), iku.seri(ctx_lain, kode_iku), iku.pendukung(ctx_lain, kode_iku),
        kualitas.kepala(ctx_lain), kualitas.ringkas(ctx_lain), kualitas.skor(ctx_lain),
        kualitas.rinci(ctx_lain), sections.catatan_kaki(ctx_lain),
    ]  # fmt: skip
    html = "\n".join(_teks(b) for b in bagian)
    assert "4 bulan" in html and "6 bulan" not in html and "enam bulan" not in html
    assert "Sangat Tinggi" not in html and "Rendah atau" not in html  # the labels in force
    assert "berpredikat D atau di bawahnya" in html
    assert "A di atas 85; B di atas 70; C di atas 60; D di atas 45; E 45 ke bawah." in html
    assert ctx_lain.daerah.judul_rakor in html  # no month title given: the regency's


def test_second_regency_names_only_itself(ctx_lain):
    from monev.model.daerah import Asisten, Daerah
    from monev.present import iku, kualitas, opd

    lain = Daerah(nama="Kota Contoh", asisten=(Asisten("A", "Asisten Satu"),))
    ctx = dataclasses.replace(ctx_lain, ref=dataclasses.replace(ctx_lain.ref, daerah=lain))
    kode_opd = ctx.evaluasi.opd["kode_opd"].iloc[0]
    html = "\n".join(
        _teks(b)
        for b in (
            rakor.kepala(ctx, "", "A", ""),
            rakor.kepala(ctx, "Rakor", "", ""),
            opd.kepala(ctx, kode_opd, "", ""),
            iku.kepala(ctx),
            kualitas.kepala(ctx),
            rakor.sub_judul(ctx, "A"),
            rakor.sub_judul(ctx),
        )
    )
    assert "Gunung Mas" not in html
    assert (
        "Pemerintah Kota Contoh" in html
        and "koordinasi Asisten A (Asisten Satu) Setda Kota Contoh" in html
    )
    assert "Ikhtisar seluruh OPD Kota Contoh." in html
    assert not re.search(r"Asisten (I|II|III)\b", html)
    from monev.model.daerah import DaerahError

    with pytest.raises(DaerahError):
        rakor.sub_judul(ctx, "II")  # a line this regency does not have


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"target": np.nan, "target_bawah": 0.25, "target_atas": 0.26}, "0,25–0,26"),
        ({"target": 60.0, "target_bawah": 60.0, "target_atas": 85.0}, "60,00–85,00"),
        ({"target": 14.0, "target_bawah": np.nan, "target_atas": np.nan}, "14,00"),
        ({"target": 14.0, "target_bawah": 14.0, "target_atas": 14.0}, "14,00"),
        ({"target": np.nan, "target_bawah": np.nan, "target_atas": np.nan}, "–"),
    ],
)
def test_range_target_prints_as_a_range(row, expected):
    from monev.present.tables import dengan_target, format_target

    assert format_target(pd.Series(row)) == expected
    html = tabel_html(dengan_target(pd.DataFrame([row])), {"target": "Target"})
    assert f">{expected}</td>" in html


def test_value_origin_and_status_read_as_words():
    ind = pd.DataFrame(
        {
            "periode_nilai": ["2026-09", "2026-10", "2026-10", pd.NA],
            "dibawa": [True, False, False, False],
            "perlu_verifikasi": [False, True, False, False],
            "alasan_verifikasi": [pd.NA, "80 jauh di atas riwayatnya (median 4,2)", pd.NA, pd.NA],
        }
    )
    assert list(status.dengan_asal(ind)["asal_nilai"]) == [
        "dibawa dari Sep 2026",
        "perlu verifikasi: 80 jauh di atas riwayatnya (median 4,2)",
        "",
        "",
    ]
    r = pd.Series({"status_laporan": "lengkap", "terlambat": True, "hari_terlambat": 2})
    assert status.teks_status(r) == "lengkap, terlambat 2 hari"
    assert status.teks_status(pd.Series({"status_laporan": pd.NA})) == "–"


def test_footnote_states_every_setting_the_figures_depend_on():
    s = Settings.from_dict(
        {
            "lampu_merah_below": -15,
            "lampu_kuning_below": -7,
            "milestones": {4: 25, 8: 60},
            "trend_window": 5,
            "trend_tolerance": 0.8,
            "include_flagged_in_mean": True,
            "plausibility_threshold": 4.5,
            "plausibility_target_ratio": 3,
            "outlier_threshold": 3.25,
            "bands": LAIN["bands"],
        }
    )
    teks_ = " ".join(sections.uraian_pengaturan(s))
    for bagian in (
        "merah di bawah -15,0, kuning di bawah -7,0",
        "25 % akhir April, 60 % akhir Agustus",
        "tren 5 bulan",
        "0,8 poin/bulan",
        "dan ikut dirata-rata",
        "melebihi 4,5",
        "3 × target",
        "di atas 3,25",
        "A di atas 85; B di atas 70; C di atas 60; D di atas 45; E 45 ke bawah.",
    ):
        assert bagian in teks_, bagian
    bawaan = " ".join(sections.uraian_pengaturan(Settings()))
    assert "tidak ikut dirata-rata" in bawaan and "20 % akhir Maret" in bawaan


def test_grid_caption_counts_the_trend_words_of_the_table():
    s = Settings.from_dict({"trend_window": 4, "trend_tolerance": 0.5})
    opd = pd.DataFrame(
        {
            "singkatan": ["DISTAN", "DISKAN", "DLH", "DISPAR"],
            "kemiringan": [2.5, -1.25, 0.1, np.nan],
            "arah_tren": ["membaik", "memburuk", "stabil", pd.NA],
        }
    )
    assert rakor.caption_tren_opd(opd, s) == (
        "Tren 4 bulan (kemiringan capaian, toleransi 0,5 poin/bulan): 1 OPD membaik, "
        "1 memburuk, 1 stabil; membaik tercepat DISTAN (+2,50 poin/bulan); memburuk tercepat "
        "DISKAN (−1,25 poin/bulan)."
    )


@pytest.mark.parametrize(
    "atur, harapan",
    [
        ({}, "dihitung atas sub kegiatan yang melapor saja): DINKES (2 sub kegiatan)."),
        (
            {"anggaran_tanpa_laporan": "nol"},
            "dihitung Rp 0 dan fisik 0 %): DINKES (2 sub kegiatan).",
        ),
    ],
)
def test_budget_table_note_names_partial_sums(atur, harapan):
    """A reporting OPD with budget lines not reported is named under the budget table; a
    non-reporter is not (it reads "belum lapor"), and no note when every line is in."""
    opd = pd.DataFrame(
        {
            "singkatan": ["DINKES", "DISPAR", "DLH"],
            "status_laporan": ["lengkap", "tidak lapor", "sebagian"],
            "keuangan_sebagian": [True, True, False],
            "kegiatan_tanpa_laporan": [2, 5, 0],
        }
    )
    catatan = rakor.anggaran_sebagian(opd, Settings.from_dict(atur))
    assert catatan.startswith("Realisasi anggaran sebagian") and catatan.endswith(harapan)
    assert "DISPAR" not in catatan and "DLH" not in catatan
    assert rakor.anggaran_sebagian(opd.iloc[1:], Settings()) == ""
