"""A non-editable install runs reports: the wheel carries the notebooks and the templates, and
``monev report`` from it (not from this source tree) renders the pack."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
REPO = Path(__file__).resolve().parents[1]
PERIODE = "2026-10"
PIP = (sys.executable, "-m", "pip")
MONEV = (sys.executable, "-m", "monev.cli")
IGNORE = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")


def _wheel(folder: Path) -> Path:
    """Build from a copy of what the package is made of, so the build leaves nothing here."""
    source = folder / "source"
    for folder_name in ("lib", "notebooks"):
        shutil.copytree(REPO / folder_name, source / folder_name, ignore=IGNORE)
    for file_name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / file_name, source / file_name)
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-q", str(source), "-w", str(folder)],
        check=True,
        capture_output=True,
        cwd=folder,
    )
    (wheel,) = folder.glob("monev-*.whl")
    return wheel


def test_wheel_install_runs_a_report(sample_workbook_copy, tmp_path):
    wheel = _wheel(tmp_path / "dist")
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in ("rakor", "opd", "iku", "kualitas_data", "eksplorasi"):
        assert f"monev/notebooks/{name}.ipynb" in names
    assert "monev/report/templates/monev/index.html.j2" in names

    target = tmp_path / "site"
    subprocess.run(
        [*PIP, "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    # the installed copy comes first on the path (kernels inherit it), ahead of the editable one
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run(
        [sys.executable, "-c", "import monev; print(monev.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
    )
    assert Path(where.stdout.strip()).is_relative_to(target)

    root = sample_workbook_copy
    run = subprocess.run(
        [*MONEV, "report", "--root", str(root), "--periode", PERIODE, "--opd", "DPUPR", "--diam"],
        env=env,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = root / "outputs" / PERIODE
    assert (out / "opd_DPUPR.html").stat().st_size > 10_000
    assert list(out.glob("rakor*.html")) and (out / "index.html").exists()
