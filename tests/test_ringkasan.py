"""The Asisten's first page: the month in five lines, from the engine's columns of the sample."""

from __future__ import annotations

import re

import pytest

from monev.app.context import open_period
from monev.present import ringkasan
from monev.present.sections import opd_dalam_cakupan


@pytest.fixture(scope="module")
def ctx(sample_workbook):
    return open_period(sample_workbook, "2026-10")


def test_five_lines_in_order_each_a_sentence(ctx):
    baris = ringkasan.lima_baris(ctx, "II")
    assert [label for label, _ in baris] == [
        "Tertinggal",
        "Belum lapor",
        "Perlu verifikasi",
        "Tindak lanjut terlambat",
        "Serapan anggaran",
    ]
    for _, kalimat in baris:
        assert kalimat.endswith(".") and "nan" not in kalimat and "None" not in kalimat


def test_behind_names_the_lowest_opd_with_its_gap(ctx):
    opd = opd_dalam_cakupan(ctx, "")
    kalimat = ringkasan.baris_tertinggal(ctx, opd)
    data = opd[opd["rata_capaian"].notna()]
    terendah = data.loc[data["rata_capaian"].idxmin()]
    if "berpredikat" in kalimat and "Tidak ada" not in kalimat:
        assert terendah["singkatan"] in kalimat
        assert re.search(r"kurang \d+,\d poin dari target", kalimat)


def test_overdue_follow_ups_are_counted_from_the_engine(ctx):
    opd = opd_dalam_cakupan(ctx, "")
    tl = ctx.evaluasi.tindak_lanjut
    lewat = tl[(tl["keadaan"].astype(str) == "terlambat") & tl["kode_opd"].isin(opd["kode_opd"])]
    kalimat = ringkasan.baris_tindak_lanjut(ctx, opd)
    if len(lewat):
        assert kalimat.startswith(f"{len(lewat)} dari ")
    else:
        assert "tidak ada yang melewati" in kalimat or "Tidak ada" in kalimat


def test_absorption_against_the_milestone_in_force(ctx):
    kab = ctx.evaluasi.kabupaten.iloc[0]
    kalimat = ringkasan.baris_serapan(ctx, opd_dalam_cakupan(ctx, "II"), "II")
    assert kalimat.startswith("Serapan anggaran Asisten II ")
    if kab.get("milestone_target") == kab.get("milestone_target"):  # a milestone applies
        assert "tonggak" in kalimat


def test_html_escapes_and_titles_the_section(ctx):
    html = ringkasan.bulan_ini(ctx, "II").data
    assert "<h2>Bulan ini dalam lima baris</h2>" in html and html.count("<li>") == 5


def test_not_reported_and_to_verify_come_from_the_engine_columns(ctx):
    opd = opd_dalam_cakupan(ctx, "II")
    belum = opd[opd["status_laporan"].astype(str).isin(["kosong", "tidak lapor"])]
    kalimat = ringkasan.baris_belum_lapor(ctx, opd)
    if len(belum):
        assert kalimat.startswith(f"{len(belum)} dari {len(opd)} OPD belum melapor")
        for r in belum.itertuples():
            assert f"{r.singkatan} ({r.status_laporan})" in kalimat or "lainnya" in kalimat
    ind = ctx.evaluasi.indikator
    tanda = ind[ind["kode_opd"].isin(opd["kode_opd"]) & ind["perlu_verifikasi"].fillna(False)]
    kalimat = ringkasan.baris_verifikasi(ctx, opd)
    if len(tanda):
        assert kalimat.startswith(f"{len(tanda)} nilai perlu diverifikasi")
    else:
        assert kalimat.startswith("Tidak ada nilai")
