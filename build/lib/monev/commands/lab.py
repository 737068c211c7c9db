"""``monev lab``: JupyterLab on the workbook, opened on the explorer notebook."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

BANTUAN = "Buka JupyterLab pada buku kerja dengan notebook eksplorasi (penyaring interaktif)."
NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8888, help="porta JupyterLab (bawaan 8888)")
    parser.add_argument("--no-browser", action="store_true", help="jangan buka peramban")


def siapkan_notebook(root: Path) -> Path:
    """Put the explorer notebook in <root>/notebooks if the workbook has none (never overwrite)."""
    tujuan = root / "notebooks" / "eksplorasi.ipynb"
    if not tujuan.exists():
        tujuan.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(NOTEBOOKS / "eksplorasi.ipynb", tujuan)
    return tujuan


def perintah(root: Path, port: int, no_browser: bool) -> list[str]:
    args = [
        sys.executable,
        "-m",
        "jupyterlab",
        f"--ServerApp.root_dir={root}",
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.allow_root=True",  # analysts' machines differ; a container runs as root
        "notebooks/eksplorasi.ipynb",
    ]
    if no_browser:
        args.append("--no-browser")
    return args


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    siapkan_notebook(root)
    print(f"JupyterLab pada {root}; tekan Ctrl+C untuk berhenti.")
    return subprocess.call(perintah(root, args.port, args.no_browser), cwd=root)
