"""A `monev report` killed at any moment leaves the manifest true: the next run re-renders every
page the manifest does not describe and never calls such a page reused."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from monev.cli import main
from monev.data.files import file_sha256
from monev.data.ingest import ingest_files
from monev.model.workbook import Workbook

pytestmark = pytest.mark.slow
PERIODE = "2026-10"


def _manifest_true(folder) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for nama, e in manifest["laporan"].items():
        assert file_sha256(folder / e["berkas"]) == e["sha256"], nama


def test_killed_report_runs_leave_the_manifest_true(sample_workbook_copy, capfd):
    root = sample_workbook_copy
    wb = Workbook.at(root)
    argv = ["report", "--root", str(root), "--periode", PERIODE, "--diam"]
    argv += ["--opd", "DUKCAPIL", "DISTAN", "DINKES"]
    assert main(argv) == 0
    folder = wb.periode_dir(PERIODE)
    _manifest_true(folder)
    capfd.readouterr()

    for delay in (1.0, 2.5, 4.0, 6.0):
        # a resubmission, so the next run has pages to replace
        kinerja = wb.submissions / PERIODE / "DUKCAPIL_2026-10_kinerja.csv"
        kinerja.write_bytes(kinerja.read_bytes() + b"\r\n")
        assert not ingest_files(wb, [kinerja]).ditolak
        run = subprocess.Popen(
            [sys.executable, "-m", "monev.cli", *argv],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(delay)
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        run.wait()
        if (folder / "manifest.json").exists():
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
            assert manifest["laporan"]  # whole JSON, never half a file
        # the next run: whatever the kill left, the manifest ends up describing every page
        assert main(argv) == 0
        out = capfd.readouterr().out
        _manifest_true(folder)
        assert "gagal" not in out.split("\n")[0] or " 0 gagal" in out
