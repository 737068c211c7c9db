"""Shared fixtures: a small sample workbook, generated and loaded once per test session.

Tests that only read it use ``sample_workbook``; tests that change it copy it first
(``sample_workbook_copy``), so no test sees another's writes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

# OPDs across the three Asisten: Bapperida (reports the IKU), cross-sector links to the stunting
# and poverty IKU, every OPD that carries a planted data problem, and the CSV senders.
SMALL_SAMPLE_OPD = [
    "BAPPERIDA", "DPUPR", "DINKES", "DISTAN", "DKP", "DISKAN", "DISHUB", "DISPAR",
    "DISPERINDAG", "DLH", "DPMPTSP", "BKPSDM", "DUKCAPIL",
]  # fmt: skip
SMALL_SAMPLE_PERIODS = ("2025-12", "2026-10")


@pytest.fixture(scope="session")
def sample_workbook(tmp_path_factory) -> Path:
    """A workbook root with reference data and a few OPDs' submissions, loaded into the store."""
    from monev.data.ingest import ingest_files
    from monev.data.sample import generate_sample
    from monev.model.workbook import Workbook

    root = tmp_path_factory.mktemp("sampel")
    dari, sampai = SMALL_SAMPLE_PERIODS
    generate_sample(root, dari=dari, sampai=sampai, opd=SMALL_SAMPLE_OPD)
    hasil = ingest_files(Workbook.at(root), [Workbook.at(root).submissions])
    assert not hasil.ditolak, [b.path.name for b in hasil.ditolak]
    return root


@pytest.fixture
def sample_workbook_copy(sample_workbook, tmp_path) -> Path:
    """A private copy of the small sample workbook, for tests that write to it."""
    target = tmp_path / "buku"
    shutil.copytree(sample_workbook, target)
    return target
