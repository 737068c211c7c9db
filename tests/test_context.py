"""The shared report context: computed once, cached under data/cache/ (data only), recomputed whenever an
input or the code changes, and never trusted when the file is damaged."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from monev.app import context as konteks
from monev.data import cache
from monev.model.workbook import Workbook

PERIODE = "2026-10"


@pytest.fixture
def buku(sample_workbook_copy):
    konteks.forget_contexts()
    yield sample_workbook_copy
    konteks.forget_contexts()


def _hitung_terlarang(*args):
    raise AssertionError("konteks dihitung ulang padahal cache masih berlaku")


def _sama(a: konteks.Context, b: konteks.Context) -> None:
    pd.testing.assert_frame_equal(a.evaluasi.opd, b.evaluasi.opd)
    pd.testing.assert_frame_equal(a.evaluasi.indikator, b.evaluasi.indikator)
    pd.testing.assert_frame_equal(a.kualitas, b.kualitas)
    assert a.settings == b.settings and a.periode == b.periode


def test_second_process_loads_the_cache_instead_of_computing(buku, monkeypatch):
    pertama = konteks.load_context(buku, PERIODE)
    files = list(Workbook.at(buku).cache.glob(f"context-*{cache.SUFFIX}"))
    assert len(files) == 1

    konteks.forget_contexts()  # as a fresh kernel would start
    monkeypatch.setattr(konteks, "compute_context", _hitung_terlarang)
    kedua = konteks.load_context(buku, PERIODE)
    assert kedua is not pertama
    _sama(kedua, pertama)


def test_changed_input_or_settings_recompute(buku, monkeypatch):
    konteks.load_context(buku, PERIODE)
    dihitung = []
    asli = konteks.compute_context

    def hitung(*args):
        dihitung.append(args[1:3])
        return asli(*args)

    monkeypatch.setattr(konteks, "compute_context", hitung)
    konteks.forget_contexts()
    konteks.load_context(buku, PERIODE)
    assert dihitung == []

    # an analyst edits a reference file: a new key, a new computation
    opd = Workbook.at(buku).reference / "opd.csv"
    opd.write_text(opd.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    konteks.forget_contexts()
    konteks.load_context(buku, PERIODE)
    # other settings are another context
    konteks.load_context(buku, PERIODE, '{"trend_window": 3}')
    assert dihitung == [(PERIODE, "{}"), (PERIODE, '{"trend_window": 3}')]


def test_damaged_cache_file_is_recomputed_not_trusted(buku):
    benar = konteks.load_context(buku, PERIODE)
    (berkas,) = Workbook.at(buku).cache.glob(f"context-*{cache.SUFFIX}")
    berkas.write_bytes(berkas.read_bytes()[:1000])  # a half-written or truncated file
    konteks.forget_contexts()
    _sama(konteks.load_context(buku, PERIODE), benar)
    assert berkas.stat().st_size > 1000  # rewritten whole


def test_unwritable_cache_only_costs_a_recomputation(buku):
    folder = Workbook.at(buku).cache
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("bukan folder")  # data/cache cannot be created
    try:
        ktx = konteks.load_context(buku, PERIODE)
    finally:
        os.remove(folder)
    assert not ktx.evaluasi.opd.empty


def test_validated_reference_is_reused_until_a_file_changes(buku, monkeypatch):
    from monev.data import reference

    wb = Workbook.at(buku)
    for lama in wb.cache.glob(f"referensi-*{cache.SUFFIX}"):
        lama.unlink()
    pertama = reference.load_reference(wb.reference, wb.cache)
    assert len(list(wb.cache.glob(f"referensi-*{cache.SUFFIX}"))) == 1

    def baca_terlarang(*args):
        raise AssertionError("referensi divalidasi ulang padahal berkasnya tidak berubah")

    monkeypatch.setattr(reference, "read_reference_file", baca_terlarang)
    kedua = reference.load_reference(wb.reference, wb.cache)
    pd.testing.assert_frame_equal(kedua.indikator, pertama.indikator)
    pd.testing.assert_frame_equal(kedua.target, pertama.target)

    # an analyst adds a target for an indicator that does not exist: the cache must not hide it
    monkeypatch.undo()
    target = wb.reference / "target.csv"
    target.write_text(
        target.read_text(encoding="utf-8") + "TIDAK-ADA,2026,tahunan,0,1,,\n", encoding="utf-8"
    )
    with pytest.raises(reference.ReferensiError, match="TIDAK-ADA"):
        reference.load_reference(wb.reference, wb.cache)


def test_kiriman_records_the_blank_file_and_status_follows(sample_workbook):
    """The sample's DLH sent its October template blank, DISPAR nothing, DISHUB late: the
    context's submissions and the evaluation's status say so (contract13, Inputs)."""
    from monev.data.ingest.messages import MESSAGES
    from monev.engine.status import KOSONG_AWAL

    assert MESSAGES["kosong"].id.startswith(KOSONG_AWAL)  # how the store marks a blank file
    konteks.forget_contexts()
    ctx = konteks.load_context(sample_workbook, PERIODE)
    singkat = ctx.ref.opd.set_index("singkatan")["kode_opd"]
    kir = ctx.kiriman
    assert list(kir.columns) == ["kode_opd", "periode", "diterima", "kosong"]
    oktober = kir[kir["periode"] == PERIODE].set_index("kode_opd")
    assert bool(oktober.loc[singkat["DLH"], "kosong"])
    assert singkat["DISPAR"] not in oktober.index
    assert not oktober.drop(index=singkat["DLH"])["kosong"].any()
    opd = ctx.evaluasi.opd.set_index("singkatan")
    assert opd.loc["DLH", "status_laporan"] == "kosong"
    assert opd.loc["DISPAR", "status_laporan"] == "tidak lapor"
    assert opd.loc["DISHUB", "status_laporan"] == "lengkap" and opd.loc["DISHUB", "terlambat"]
    assert opd.loc["DISHUB", "hari_terlambat"] == 4
    for s in ("DLH", "DISPAR"):
        assert not opd.loc[s, "diperingkat"] and pd.isna(opd.loc[s, "rata_capaian"])
    skor = ctx.skor_kualitas.set_index("singkatan")
    # late but complete is not "no file": only timeliness loses points
    assert (
        skor.loc["DISHUB", "skor_kelengkapan"] == 100 and skor.loc["DISHUB", "skor_ketepatan"] == 60
    )
    assert skor.loc["DISHUB", "skor"] > skor.loc["DLH", "skor"] == 0
    konteks.forget_contexts()
