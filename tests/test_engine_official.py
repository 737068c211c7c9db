"""Official tables (methods.md §8): RKPD evaluation (16 columns) and Renja evaluation (15)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from test_engine_evaluasi import (  # sibling test module: pytest puts tests/ on sys.path
    KEG1,
    KEU_COLS,
    O1,
    O2,
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
from monev.engine.official import nomor_kolom, tabel_renja, tabel_rkpd


@pytest.fixture(scope="module")
def kasus():
    ind = [
        indikator_row("JALAN", kode_nomenklatur="1.03.02.2.01", level="kegiatan"),
        indikator_row("P0", pol="negatif", opd=O2, sifat="terakhir", level="sasaran"),
        indikator_row("IPM", opd=O2, sifat="terakhir", level="sasaran"),
    ]
    tgt = [
        target_row("JALAN", 2026, 120), target_row("JALAN", 2029, 600, "akhir_rpjmd"),
        target_row("JALAN", 2024, 999, "akhir_rpjmd"),  # an older plan: the latest one counts
        target_row("P0", 2026, 5.0), target_row("P0", 2029, 4.0, "akhir_rpjmd"),
        target_row("IPM", 2026, bawah=70, atas=72), target_row("IPM", 2029, 75, "akhir_rpjmd"),
    ]  # fmt: skip
    ang = [anggaran_row(O1, KEG1, 1200, [100] * 12)]
    ref = make_ref(ind, tgt, ang)
    rows = [real("JALAN", f"2025-{m:02d}", 8.0 * m) for m in range(1, 13)]  # 96 in 2025
    rows += [real("JALAN", f"2026-{m:02d}", 10.0 * m) for m in range(1, 12)]  # no December
    rows += [real("P0", "2025-06", 5.9, opd=O2), real("P0", "2026-02", 5.6, opd=O2),
             real("P0", "2026-08", 5.2, opd=O2)]  # fmt: skip
    rows += [real("IPM", "2026-05", 71.0, opd=O2)]
    keu = [dict(kode_opd=O1, periode=f"2026-{m:02d}", kode_kegiatan=KEG1,
                realisasi_keuangan=90.0 * m, realisasi_fisik=8.0 * m) for m in (3, 6, 9, 12)]  # fmt: skip
    keu_df = frame(keu, KEU_COLS)
    ev = evaluasi(ref, frame(rows, REAL_COLS), keu_df, frame([], TL_COLS), "2026-12")
    return ref, ev, keu_df


def test_rkpd_has_the_16_numbered_columns(kasus):
    ref, ev, keu = kasus
    t = tabel_rkpd(ref, ev.riwayat, keu, 2026)
    assert nomor_kolom(t.tabel) == list(range(1, 17))
    assert t.tabel.columns[0] == "1 No"
    assert "16 Perangkat Daerah Penanggung Jawab" in t.tabel.columns
    assert list(t.tabel["1 No"]) == [1, 2, 3]


def _baris(t, indikator):
    tab = t.tabel
    col = next(c for c in tab.columns if "Indikator Kinerja" in c)
    return tab[tab[col] == f"Indikator {indikator}"].iloc[0]


def _k(row, nomor):
    return row[next(c for c in row.index if c.startswith(f"{nomor} ") and "(Rp)" not in c)]


def _rp(row, nomor):
    return row[next(c for c in row.index if c.startswith(f"{nomor} ") and "(Rp)" in c)]


def test_rkpd_cumulative_indicator(kasus):
    ref, ev, keu = kasus
    r = _baris(tabel_rkpd(ref, ev.riwayat, keu, 2026), "JALAN")
    assert r["3 Kode"] == "1.03.02.2.01"
    assert _k(r, 6) == 600.0
    assert _k(r, 7) == 96.0  # 2025's year value
    assert _k(r, 8) == 120.0
    # realised within each quarter (difference of the cumulative values)
    assert [_k(r, n) for n in (9, 10, 11, 12)] == [30.0, 30.0, 30.0, 20.0]
    assert _k(r, 13) == 110.0
    assert _k(r, 14) == 96.0 + 110.0
    assert _k(r, 15) == pytest.approx(206 / 600 * 100)
    assert _rp(r, 8) == 1200.0
    assert [_rp(r, n) for n in (9, 10, 11, 12)] == [270.0, 270.0, 270.0, 270.0]
    assert _rp(r, 13) == 1080.0
    assert r["16 Perangkat Daerah Penanggung Jawab"] == "Dinas PUPR"


def test_rkpd_level_indicator_uses_latest_value_and_polarity(kasus):
    ref, ev, keu = kasus
    r = _baris(tabel_rkpd(ref, ev.riwayat, keu, 2026), "P0")
    assert _k(r, 7) == 5.9
    assert [_k(r, n) for n in (9, 10, 11, 12)] == [5.6, 5.6, 5.2, 5.2]
    assert _k(r, 13) == 5.2 and _k(r, 14) == 5.2
    assert _k(r, 15) == pytest.approx((2 * 4.0 - 5.2) / 4.0 * 100)  # negatif, not 14 / 6
    ipm = _baris(tabel_rkpd(ref, ev.riwayat, keu, 2026), "IPM")
    assert _k(ipm, 8) == "70,00–72,00"  # a range target prints as a range
    assert np.isnan(_k(ipm, 7))
    assert _k(ipm, 14) == 71.0


def test_rkpd_footer(kasus):
    ref, ev, keu = kasus
    t = tabel_rkpd(ref, ev.riwayat, keu, 2026)
    col15 = next(c for c in t.tabel.columns if c.startswith("15 "))
    assert t.rata_capaian == pytest.approx(pd.to_numeric(t.tabel[col15]).mean())
    assert t.rata_capaian == pytest.approx((206 / 600 * 100 + 70 + 71 / 75 * 100) / 3)
    assert t.predikat == "Sedang"
    assert "triwulan" in t.catatan


def test_renja_for_one_opd(kasus):
    ref, ev, keu = kasus
    t = tabel_renja(ref, ev.riwayat, keu, 2026, O2)
    assert nomor_kolom(t.tabel) == list(range(1, 16))
    assert len(t.tabel) == 2
    assert set(t.tabel["15 Unit Perangkat Daerah Penanggung Jawab"]) == {"Dinas Kesehatan"}
    p0 = _baris(t, "P0")
    assert _k(p0, 13) == 5.2 and _k(p0, 14) == pytest.approx(70.0)
    jalan = _baris(tabel_renja(ref, ev.riwayat, keu, 2026, O1), "JALAN")
    assert _k(jalan, 13) == _k(jalan, 6) + _k(jalan, 12) == 206.0


def test_quarterly_view(kasus):
    _, ev, _ = kasus
    q = ev.triwulan
    j = q[(q["kode_indikator"] == "JALAN") & (q["tahun"] == 2026)]
    assert list(j["triwulan"]) == [1, 2, 3, 4]
    assert list(j["realisasi"][:3]) == [30.0, 60.0, 90.0]
    assert np.isnan(j["realisasi"].iloc[3])  # December not reported: kumulatif is not carried
