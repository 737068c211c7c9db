"""The data-validity checks find every problem the sample plants, and nothing else."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import SMALL_SAMPLE_OPD

from monev.data.reference import load_reference
from monev.data.store import read_table
from monev.engine.quality import periksa_kualitas, skor_kualitas
from monev.model.settings import Settings
from monev.model.workbook import Workbook

# a planted problem and the check that must report it
JENIS = {
    "terlambat": "ketepatan_waktu",
    "tidak_kirim": "kelengkapan",
    "placeholder": "kelengkapan",
    "kosong": "kelengkapan",
    "menurun": "konsistensi",
    "pencilan": "pencilan",
    "sumber_ganda": "sumber_ganda",
    "berkas_kosong": "kelengkapan",
    "salah_ketik": "validitas",  # perlu verifikasi
    "lonjakan_terbawa": "validitas",  # a kumulatif value still holding a flagged jump
}
# planted cases that are no data problem: no finding may name them (a value not yet due is
# not a gap; a valid Indonesian number is valid; a statistic's older year is its nature)
BUKAN_MASALAH = {"teks_indonesia", "triwulanan", "semesteran", "tahunan", "tahun_data_lama"}


def _periksa(root, periode, settings=None):
    settings = settings or Settings()
    wb = Workbook.at(root)
    ref = load_reference(wb.reference)
    t = {n: read_table(wb.store, n) for n in ("berkas", "realisasi", "keuangan", "temuan_muat")}
    return ref, periksa_kualitas(
        ref, t["berkas"], t["realisasi"], t["keuangan"], t["temuan_muat"], periode, settings
    )


def test_finds_every_planted_problem_and_nothing_else(sample_workbook):
    wb = Workbook.at(sample_workbook)
    planted = pd.read_csv(wb.submissions / "masalah_tertanam.csv", dtype=str)
    ref = load_reference(wb.reference)
    ikut = set(ref.opd.loc[ref.opd["singkatan"].isin(SMALL_SAMPLE_OPD), "kode_opd"])
    for periode in sorted(set(planted["periode"])):
        _, found = _periksa(sample_workbook, periode)
        # OPDs outside the small sample send nothing by construction: not a planted problem
        found = found[~((found["jenis"] == "kelengkapan") & ~found["kode_opd"].isin(ikut))]
        harap = planted[planted["periode"] == periode]
        for row in harap.itertuples():
            if row.kind in BUKAN_MASALAH:
                if ((harap["kode_opd"] == row.kode_opd) & (harap["kode"] == row.kode)
                        & ~harap["kind"].isin(BUKAN_MASALAH)).any():  # fmt: skip
                    continue  # the same value carries a planted problem too
                hit = found[
                    (found["kode_opd"] == row.kode_opd) & (found["kode_indikator"] == row.kode)
                ]
                assert hit.empty, f"{row.kind} reported as a problem: {hit['pesan'].tolist()}"
                continue
            hit = found[(found["kode_opd"] == row.kode_opd) & (found["jenis"] == JENIS[row.kind])]
            if isinstance(row.kode, str):
                hit = hit[hit["kode_indikator"] == row.kode]
            assert len(hit), f"{periode}: planted {row.kind} of {row.kode_opd} {row.kode} not found"
        # nothing beyond what was planted
        kunci = {
            (r.kode_opd, r.kode if isinstance(r.kode, str) else None) for r in harap.itertuples()
        }
        for f in found.itertuples():
            k = (f.kode_opd, f.kode_indikator if isinstance(f.kode_indikator, str) else None)
            assert k in kunci or (f.kode_opd, None) in kunci, (
                f"{periode}: unplanted finding {f.pesan}"
            )


def test_clean_month_has_only_the_standing_two_source_gap(sample_workbook):
    _, found = _periksa(sample_workbook, "2026-04")
    wb = Workbook.at(sample_workbook)
    ref = load_reference(wb.reference)
    ikut = set(ref.opd.loc[ref.opd["singkatan"].isin(SMALL_SAMPLE_OPD), "kode_opd"])
    found = found[~((found["jenis"] == "kelengkapan") & ~found["kode_opd"].isin(ikut))]
    assert list(found["jenis"]) == ["sumber_ganda"]


def test_settings_change_the_checks(sample_workbook):
    _, longgar = _periksa(
        sample_workbook, "2026-10", Settings(source_tolerance_pct=50, deadline_day=20)
    )
    assert "sumber_ganda" not in set(longgar["jenis"])
    assert "ketepatan_waktu" not in set(longgar["jenis"])


def test_score_ranks_late_and_incomplete_opds_lower(sample_workbook):
    from monev.engine.evaluasi import evaluasi
    from monev.engine.status import kiriman_berlaku

    wb = Workbook.at(sample_workbook)
    ref, found = _periksa(sample_workbook, "2026-10")
    t = {n: read_table(wb.store, n) for n in
         ("berkas", "realisasi", "keuangan", "tindak_lanjut", "temuan_muat")}  # fmt: skip
    ev = evaluasi(ref, t["realisasi"], t["keuangan"], t["tindak_lanjut"], "2026-10",
                  kiriman=kiriman_berlaku(t["berkas"], t["temuan_muat"]))  # fmt: skip
    skor = skor_kualitas(ref, t["berkas"], t["realisasi"], found, "2026-10", ev=ev).set_index(
        "singkatan"
    )
    # late but complete (4 days): only timeliness loses points, unlike no file or a blank one
    assert skor.loc["DISHUB", "skor_kelengkapan"] == pytest.approx(100)
    assert skor.loc["DISHUB", "skor_ketepatan"] == pytest.approx(60)
    assert skor.loc["DISHUB", "skor"] == pytest.approx(90)
    assert skor.loc["DISPAR", "skor"] == 0 and skor.loc["DLH", "skor"] == 0
    assert skor.loc["DINKES", "skor"] == pytest.approx(100)
    # a flagged value (the typo) costs validity only
    assert skor.loc["DPUPR", "skor_kelengkapan"] == pytest.approx(100)
    assert skor.loc["DPUPR", "skor_validitas"] < 100
    assert skor.loc["DINKES", "peringkat"] < skor.loc["DPUPR", "peringkat"]
    assert skor.loc["DPUPR", "peringkat"] < skor.loc["DLH", "peringkat"]
