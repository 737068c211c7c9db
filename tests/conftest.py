"""Shared fixtures: a small sample workbook, generated and loaded once per test session.

Tests that only read it use ``sample_workbook``; tests that change it copy it first
(``sample_workbook_copy``), so no test sees another's writes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# A handful of OPDs across the three Asisten, with cross-sector links to the stunting and
# poverty IKU, plus Bapperida that reports the IKU themselves.
SMALL_SAMPLE_OPD = ["BAPPERIDA", "DPUPR", "DINKES", "DISTAN", "BKAD"]
SMALL_SAMPLE_PERIODS = ("2025-07", "2026-10")


@pytest.fixture(scope="session")
def sample_workbook(tmp_path_factory) -> Path:
    """A workbook root with reference data and a few OPDs' submissions, loaded into the store."""
    from monev.data.ingest import ingest_files
    from monev.data.sample import generate_sample
    from monev.model.workbook import Workbook

    root = tmp_path_factory.mktemp("sampel")
    dari, sampai = SMALL_SAMPLE_PERIODS
    generate_sample(root, dari=dari, sampai=sampai, opd=SMALL_SAMPLE_OPD)
    workbook = Workbook.at(root)
    files = sorted(p for p in workbook.submissions.rglob("*") if p.suffix in (".xlsx", ".csv"))
    files = [p for p in files if p.name not in ("penerimaan.csv", "masalah_tertanam.csv")]
    ingest_files(workbook, files)
    return root


@pytest.fixture
def sample_workbook_copy(sample_workbook, tmp_path) -> Path:
    """A private copy of the small sample workbook, for tests that write to it."""
    target = tmp_path / "buku"
    shutil.copytree(sample_workbook, target)
    return target
