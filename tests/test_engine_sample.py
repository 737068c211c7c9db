"""evaluasi() on the bundled sample workbook, read from the real reference files and DuckDB store.

Skipped until the sample generator and ingest exist (they are built alongside the engine).
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("monev.data.sample")
pytest.importorskip("monev.data.ingest")

import duckdb

from monev.data.reference import load_reference
from monev.engine.capaian import hitung_capaian
from monev.engine.evaluasi import evaluasi
from monev.model.workbook import Workbook


@pytest.fixture(scope="module")
def ev(sample_workbook):
    wb = Workbook.at(sample_workbook)
    ref = load_reference(wb.reference)
    con = duckdb.connect(str(wb.store), read_only=True)
    try:
        tables = {t: con.sql(f"select * from {t}").df() for t in
                  ("realisasi", "keuangan", "tindak_lanjut")}  # fmt: skip
    finally:
        con.close()
    periode = max(tables["realisasi"]["periode"].astype(str))
    return ref, evaluasi(ref, tables["realisasi"], tables["keuangan"],
                         tables["tindak_lanjut"], periode)  # fmt: skip


def test_sample_one_row_per_key_and_every_opd(ev):
    ref, e = ev
    assert not e.indikator.duplicated(["kode_opd", "kode_indikator"]).any()
    assert set(ref.opd["kode_opd"]) <= set(e.opd["kode_opd"])
    assert e.indikator["capaian"].notna().any()


def test_sample_capaian_recomputes(ev):
    _, e = ev
    i = e.indikator
    again = hitung_capaian(
        i["target"], i["realisasi"], i["polaritas"].astype(str),
        target_bawah=i["target_bawah"], target_atas=i["target_atas"],
        arah_rentang=i["arah_rentang"].astype(object),
    )  # fmt: skip
    np.testing.assert_allclose(i["capaian"], again["capaian"], equal_nan=True)


def test_sample_opd_means_match_indicators(ev):
    _, e = ev
    i = e.indikator
    i = i[~i["perlu_verifikasi"]]  # flagged values stay out of the mean by default
    plain = i.groupby(i["kode_opd"].astype(str))["capaian"].mean()
    got = e.opd.set_index("kode_opd")["rata_capaian"]
    np.testing.assert_allclose(got.reindex(plain.index), plain, equal_nan=True)
