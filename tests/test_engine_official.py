"""Official tables (methods.md §8): RKPD evaluation (16 columns) and Renja evaluation (15), rows
in the nomenclature hierarchy, K and Rp, quarters at a month in progress — on hand-made frames
whose every figure is worked out in the comments."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from test_engine_evaluasi import (  # sibling test module: pytest puts tests/ on sys.path
    KEU_COLS,
    O1,
    REAL_COLS,
    TL_COLS,
    anggaran_row,
    frame,
    indikator_row,
    make_ref,
    real,
    target_row,
)

from monev.engine.evaluasi import evaluasi
from monev.engine.official import (
    SEKSI_TANPA_SIMPUL,
    judul_kolom,
    nomor_bawah,
    nomor_kolom,
    tabel_renja,
    tabel_rkpd,
)

L1, L2 = "1.03.02.2.01.0001", "1.03.02.2.01.0002"
NOMEN = pd.DataFrame(
    [("urusan", "1", "Urusan Wajib Pelayanan Dasar"),
     ("bidang_urusan", "1.03", "Pekerjaan Umum dan Penataan Ruang"),
     ("program", "1.03.02", "Program Penyelenggaraan Jalan"),
     ("kegiatan", "1.03.02.2.01", "Penyelenggaraan Jalan Kabupaten"),
     ("sub_kegiatan", L1, "Pembangunan Jalan"), ("sub_kegiatan", L2, "Rehabilitasi Jalan")],
    columns=["level", "kode", "nama"],
)  # fmt: skip


@pytest.fixture(scope="module")
def kasus():
    ind = [
        indikator_row("JALAN", kode_nomenklatur="1.03.02", level="program", satuan="km",
                      akhir_periode="jumlah"),
        indikator_row("RUSAK", pol="negatif", sifat="terakhir", level="kegiatan",
                      kode_nomenklatur="1.03.02.2.01"),
        indikator_row("LEPAS", level="program", kode_nomenklatur="1.03.09"),  # not in the list
    ]  # fmt: skip
    tgt = [
        target_row("JALAN", 2026, 120), target_row("JALAN", 2029, 600, "akhir_rpjmd"),
        target_row("JALAN", 2024, 999, "akhir_rpjmd"),  # an older plan: the latest one counts
        target_row("RUSAK", 2026, 5.0), target_row("RUSAK", 2029, 4.0, "akhir_rpjmd"),
        target_row("LEPAS", 2026, 10), target_row("LEPAS", 2029, 50, "akhir_rpjmd"),
    ]  # fmt: skip
    ang = [anggaran_row(O1, L1, 1200, [100] * 12), anggaran_row(O1, L2, 800, [800 / 12] * 12)]
    ref = make_ref(ind, tgt, ang)
    t = ref.target.copy()
    t["anggaran"] = np.nan
    t.loc[(t["kode_indikator"] == "JALAN") & (t["tahun"] == 2029), "anggaran"] = 6000.0
    t.loc[(t["kode_indikator"] == "RUSAK") & (t["jenis"] == "akhir_rpjmd"), "anggaran"] = 5000.0
    ref = dataclasses.replace(ref, target=t, nomenklatur=NOMEN)
    rows = [real("JALAN", f"2025-{m:02d}", 8.0 * m) for m in range(1, 13)]  # 96 in 2025
    rows += [real("JALAN", f"2026-{m:02d}", 10.0 * m) for m in range(1, 11)]  # 100 by October
    rows += [real("RUSAK", "2025-06", 5.9), real("RUSAK", "2026-02", 5.6),
             real("RUSAK", "2026-08", 5.2)]  # fmt: skip
    keu = [dict(kode_opd=O1, periode="2025-12", kode_kegiatan=L1, realisasi_keuangan=900.0),
           dict(kode_opd=O1, periode="2025-12", kode_kegiatan=L2, realisasi_keuangan=500.0)]  # fmt: skip
    keu += [dict(kode_opd=O1, periode=f"2026-{m:02d}", kode_kegiatan=k, realisasi_keuangan=v * m)
            for m in range(1, 11) for k, v in ((L1, 40.0), (L2, 20.0))]  # fmt: skip
    keu_df = frame(keu, KEU_COLS)
    ev = evaluasi(ref, frame(rows, REAL_COLS), keu_df, frame([], TL_COLS), "2026-10")
    return ref, ev, keu_df


def _tabel(kasus, renja=False):
    ref, ev, keu = kasus
    if renja:
        return tabel_renja(ref, ev.riwayat, keu, "2026-10", O1)
    return tabel_rkpd(ref, ev.riwayat, keu, "2026-10")


def _baris(t, kode=None, indikator=None):
    b = t.baris
    sel = b[b["kode"] == kode] if kode else b[b["kode_indikator"] == indikator]
    assert len(sel) == 1, (kode, indikator)
    return sel.iloc[0]


def test_rows_follow_the_hierarchy_with_names_and_codes(kasus):
    b = _tabel(kasus).baris
    coded = b[b["tingkat"] != "seksi"]
    assert list(coded["tingkat"][:6]) == [
        "urusan", "bidang_urusan", "program", "kegiatan", "sub_kegiatan", "sub_kegiatan"
    ]  # fmt: skip
    assert list(coded["kode"][:6]) == ["1", "1.03", "1.03.02", "1.03.02.2.01", L1, L2]
    assert list(coded["uraian"][:3]) == list(NOMEN["nama"][:3])
    # the indicator that does not attach is kept, in the closing section, with its code
    seksi = b.index[b["tingkat"] == "seksi"][0]
    assert b.at[seksi, "uraian"] == SEKSI_TANPA_SIMPUL
    assert b.at[seksi + 1, "kode_indikator"] == "LEPAS" and b.at[seksi + 1, "kode"] == "1.03.09"
    assert np.isnan(b.at[seksi + 1, "rp8"])
    assert list(b["no"].dropna()) == list(range(1, 7))


def test_program_row_cumulative_indicator_and_rupiah(kasus):
    r = _baris(_tabel(kasus), kode="1.03.02")
    assert r["kode_indikator"] == "JALAN" and r["penanggung_jawab"] == "Dinas PUPR"
    assert r["k6"] == 600.0 and r["k7"] == 96.0 and r["k8"] == 120.0
    # realised within each quarter; October only for the quarter in progress
    assert [r[f"k{n}"] for n in (9, 10, 11, 12)] == [30.0, 30.0, 30.0, 10.0]
    assert r["k13"] == 100.0 and r["k14"] == 96.0 + 100.0
    assert r["k15"] == 32.67  # 196 / 600 (a total over the plan years), rounded half up
    # Rp: both budget lines of the program
    assert r["rp6"] == 6000.0 and r["rp7"] == 1400.0 and r["rp8"] == 2000.0
    assert [r[f"rp{n}"] for n in (9, 10, 11, 12)] == [180.0, 180.0, 180.0, 60.0]
    assert r["rp13"] == 600.0 and r["rp14"] == 2000.0 and r["rp15"] == 33.33


def test_kegiatan_row_level_indicator_uses_latest_value_and_polarity(kasus):
    r = _baris(_tabel(kasus), kode="1.03.02.2.01")
    assert r["kode_indikator"] == "RUSAK"
    assert r["k7"] == 5.9
    assert [r[f"k{n}"] for n in (9, 10, 11, 12)] == [5.6, 5.6, 5.2, 5.2]
    assert r["k13"] == 5.2 and r["k14"] == 5.2  # a level: the latest value, not 7 + 13
    assert r["k15"] == pytest.approx((2 * 4.0 - 5.2) / 4.0 * 100)  # negatif, not 14 / 6
    assert r["rp8"] == 2000.0 and r["rp6"] == 5000.0 and r["rp15"] == 40.0
    assert _baris(_tabel(kasus), kode=L1)["rp8"] == 1200.0
    assert np.isnan(_baris(_tabel(kasus), kode=L1)["k13"])  # a sub kegiatan carries no K


def test_footer_averages_and_texts(kasus):
    t = _tabel(kasus)
    assert t.rata_k == pytest.approx((32.67 + 70.0) / 2, abs=0.006)
    assert t.predikat_k == "Rendah"
    assert t.rata_rp == pytest.approx((33.33 + 40.0) / 2, abs=0.006)
    labels = [label for label, _ in t.faktor]
    assert labels == [
        "Faktor pendorong keberhasilan pencapaian",
        "Faktor penghambat pencapaian kinerja",
        "Tindak lanjut yang diperlukan dalam triwulan berikutnya",
        "Tindak lanjut yang diperlukan dalam RKPD berikutnya",
    ]
    assert all(text for _, text in t.faktor)
    assert t.triwulan == ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV s.d. Oktober")
    assert t.judul[0] == "Evaluasi terhadap Hasil RKPD Kabupaten Uji Tahun 2026"


def test_headers_and_numbering_row():
    assert [n for n, _, _ in judul_kolom("RKPD", 2026, ("a", "b", "c", "d"))] == list(range(1, 17))
    assert [n for n, _, _ in judul_kolom("Renja", 2026, ("a", "b", "c", "d"))] == list(range(1, 16))
    rkpd, renja = nomor_bawah("RKPD"), nomor_bawah("Renja")
    assert rkpd[13] == "14 = 7 + 13" and rkpd[14] == "15 = 14 / 6 × 100 %"
    assert renja[12] == "13 = 6 + 12" and renja[13] == "14 = 13 / 5 × 100 %"


def test_renja_is_the_same_values_under_its_own_numbers(kasus):
    renja, rkpd = _tabel(kasus, renja=True), _tabel(kasus)
    assert nomor_kolom(renja.tabel) == list(range(1, 16))
    assert nomor_kolom(rkpd.tabel) == list(range(1, 17))
    r = renja.tabel[renja.tabel["2 Kode"] == "1.03.02"].iloc[0]
    col = next(c for c in renja.tabel.columns if c.startswith("13 ") and c.endswith("(K)"))
    assert r[col] == 196.0
    assert renja.faktor[3][0] == "Tindak lanjut yang diperlukan dalam Renja berikutnya"
    assert "Dinas PUPR" in renja.judul[0]
