"""Killed ingest (issue 12, item 5, the archive half): ``monev ingest`` of a folder of real files
is killed (SIGKILL) in the middle of an archive copy, in the middle of a store transaction, and at
several moments of a run; afterwards every archive in ``data/raw`` verifies against its name, each
submission of the folder is in the store either as it was before or as a complete load leaves it,
and running the same command again finishes cleanly with exactly the complete load's store.

Test hooks (environment variables, read only when set): ``MONEV_UJI_JEDA_ARSIP=<s>`` sleeps with
half of an archive written, ``MONEV_UJI_JEDA_TRANSAKSI=<s>`` sleeps before a COMMIT."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from test_ingest_identity import TIMES, csv_parts, month_folder, snapshot, submission

from monev.data.files import file_sha256
from monev.data.ingest import ingest_files
from monev.data.store import STORE_TABLES, read_table
from monev.model.workbook import Workbook

PERIODE = "2026-10"


@pytest.fixture(scope="module")
def scene(sample_workbook, tmp_path_factory):
    """(a loaded workbook and its month folder of new submissions — three .xlsx and DUKCAPIL's
    three CSV parts, each replacing the sample's —, the store after a complete load)."""
    base = tmp_path_factory.mktemp("bunuh") / "buku"
    shutil.copytree(sample_workbook, base)
    folder = month_folder(base)
    for singkatan in ("DPUPR", "DINKES", "DISTAN"):
        submission(base, folder, singkatan, nilai=80.0)
    csv_parts(base, folder, "DUKCAPIL", nilai=80.0)
    complete = tmp_path_factory.mktemp("lengkap") / "buku"
    shutil.copytree(base, complete)
    hasil = ingest_files(Workbook.at(complete), [month_folder(complete)])
    assert not hasil.ditolak and {b.status for b in hasil.berkas} == {"dimuat"}
    return base, complete


def fresh(scene, tmp_path) -> Path:
    base, _ = scene
    root = tmp_path / "buku"
    shutil.copytree(base, root)
    return root


def rows(root: Path, table: str) -> pd.DataFrame:
    frame = read_table(Workbook.at(root).store, table)
    return frame.drop(columns=[c for c in TIMES if c in frame.columns])


def by_file(frame: pd.DataFrame) -> dict[tuple[str, str], str]:
    """A table's rows per file: per (kode_opd, periode) — and part, where the table has it (a
    CSV part is a file of its own) —, temuan_muat per hash; as text in a fixed order."""
    key = [c for c in ("kode_opd", "periode", "bagian") if c in frame.columns] or ["sha256"]
    return {k: g.sort_values(list(g.columns)).to_csv(index=False) for k, g in frame.groupby(key)}


def start(root: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "monev.cli", "ingest", "--root", str(root), str(month_folder(root))],
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def wait_for(condition, seconds: float = 90) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("the ingest never reached the point to kill it at")


def archives(root: Path) -> list[Path]:
    return [p for p in Workbook.at(root).raw.iterdir() if not p.name.startswith(".")]


def temporaries(root: Path) -> list[Path]:
    raw = Workbook.at(root).raw
    return [p for p in raw.iterdir() if p.name.startswith(".")] if raw.exists() else []


def check_after_kill(root: Path, scene) -> None:
    base, complete = scene
    for path in archives(root):  # every archive is whole: its bytes hash to its name
        assert file_sha256(path) == path.name.split(".")[0], path.name
    for table in STORE_TABLES:  # each file's rows as before or as the complete load left them
        old, new, now = (by_file(rows(r, table)) for r in (base, complete, root))
        for key in set(old) | set(new) | set(now):
            assert now.get(key) in (old.get(key), new.get(key)), (table, key)
    rerun = subprocess.run(
        [sys.executable, "-m", "monev.cli", "ingest", "--root", str(root), str(month_folder(root))],
        capture_output=True,
        text=True,
    )
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert snapshot(root) == snapshot(complete)
    for path in archives(root):
        assert file_sha256(path) == path.name.split(".")[0], path.name
    assert not temporaries(root)  # the killed copy's temporary file is cleaned up


def test_kill_in_the_middle_of_an_archive_copy(scene, tmp_path):
    root = fresh(scene, tmp_path)
    known = {p.name for p in archives(root)}
    proc = start(root, MONEV_UJI_JEDA_ARSIP="60")
    try:
        wait_for(lambda: bool(temporaries(root)))
        time.sleep(0.3)
        half = temporaries(root)[0]
        kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    target = half.name.removeprefix(".").split(".")[0]
    assert half.stat().st_size > 0  # half a copy was on disk, under a temporary name only
    assert not any(p.name.startswith(target) for p in archives(root) if p.name not in known)
    check_after_kill(root, scene)


def test_kill_in_the_middle_of_a_store_transaction(scene, tmp_path):
    root = fresh(scene, tmp_path)
    known = {p.name for p in archives(root)}
    before = snapshot(root)
    proc = start(root, MONEV_UJI_JEDA_TRANSAKSI="60")
    try:
        wait_for(lambda: any(p.name not in known for p in archives(root)))
        time.sleep(1.5)  # archived: now inside the first transaction, asleep before COMMIT
        kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert snapshot(root) == before  # the transaction never committed
    check_after_kill(root, scene)


@pytest.mark.parametrize(("archived", "then"), [(1, 0.0), (2, 0.15), (3, 0.05), (-1, 0.2)])
def test_kill_at_several_moments_of_a_run(scene, tmp_path, archived, then):
    """Killed once ``archived`` new archives are on disk (-1: all of them), ``then`` seconds
    later: between an archive and its transaction, inside one, or while the next file is read."""
    root = fresh(scene, tmp_path)
    known = {p.name for p in archives(root)}
    if archived < 0:
        archived = len({p.name for p in archives(scene[1])} - known)
    proc = start(root)
    try:
        wait_for(lambda: sum(p.name not in known for p in archives(root)) >= archived)
        time.sleep(then)
        kill(proc)
    finally:
        if proc.poll() is None:
            proc.kill()
    check_after_kill(root, scene)


def test_a_truncated_archive_is_never_trusted(scene, tmp_path):
    """An archive cut short by a kill of an older monev (which copied in place) is detected by
    its hash and written again."""
    root = fresh(scene, tmp_path)
    path = sorted(month_folder(root).glob("*.xlsx"))[0]
    sha = file_sha256(path)
    truncated = Workbook.at(root).raw / f"{sha}.xlsx"
    truncated.write_bytes(path.read_bytes()[:1000])
    hasil = ingest_files(Workbook.at(root), [path])
    assert hasil.berkas[0].status == "dimuat"
    assert truncated.read_bytes() == path.read_bytes()
