"""Every command turns what goes wrong into a message an analyst can act on: an Indonesian
"Galat:" line, exit code 1 (the workbook's data) or 2 (what was typed), never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from monev.cli import main

PERIODE = "2026-10"


@pytest.fixture
def busy_store(sample_workbook_copy):
    """Another program (here: a second Python process) holds the store open for writing."""
    store = sample_workbook_copy / "data" / "monev.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('ok', flush=True); "
            "time.sleep(120)",
            str(store),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "ok"
    yield sample_workbook_copy
    holder.kill()
    holder.wait()


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--periode", PERIODE],
        ["check", "--periode", PERIODE, "-o", "temuan.csv"],
        ["export", "--periode", PERIODE],
        ["template", "--periode", "2026-11", "--opd", "DPUPR"],
        ["report", "--periode", PERIODE, "--diam"],
    ],
    ids=lambda a: " ".join(a[:1] + a[3:4]),
)
def test_busy_store_is_a_message_not_a_traceback(busy_store, capfd, argv):
    start = time.monotonic()
    code = main([argv[0], "--root", str(busy_store), *argv[1:]])
    err = capfd.readouterr().err
    assert code == 1, err
    assert "Galat:" in err and "sedang dipakai program lain" in err
    assert "Traceback" not in err
    assert time.monotonic() - start < 60


@pytest.mark.parametrize("command", ["check", "export", "report", "run"])
def test_impossible_period_is_a_usage_message(sample_workbook, capfd, command):
    code = main([command, "--root", str(sample_workbook), "--periode", "2026-13"])
    err = capfd.readouterr().err
    assert code == 2 and "Galat:" in err and "Traceback" not in err


def test_broken_daerah_yaml_is_named(sample_workbook_copy, capfd):
    (sample_workbook_copy / "data" / "reference" / "daerah.yaml").write_text(
        "nama: [tidak, ditutup\n", encoding="utf-8"
    )
    code = main(["check", "--root", str(sample_workbook_copy), "--periode", PERIODE])
    err = capfd.readouterr().err
    assert code in (1, 2) and "daerah.yaml" in err and "Traceback" not in err


def test_a_revision_is_named_by_check_and_the_opd_page(sample_workbook_copy, capfd):
    """A corrected file (``_rev1``) replaces the original; check and the OPD page say when."""
    import openpyxl

    from monev.app.context import load_context
    from monev.present.opd import status_kiriman

    folder = sample_workbook_copy / "data" / "kiriman" / PERIODE
    asli = folder / "DPUPR_2026-10.xlsx"
    book = openpyxl.load_workbook(asli)  # saved again: other bytes, so another version
    book.save(folder / "DPUPR_2026-10_rev1.xlsx")
    assert main(["ingest", "--root", str(sample_workbook_copy), str(folder)]) == 0
    capfd.readouterr()
    assert main(["check", "--root", str(sample_workbook_copy), "--periode", PERIODE]) == 0
    out = capfd.readouterr().out
    assert "Kiriman direvisi: DPUPR (revisi 1, direvisi pada" in out
    ctx = load_context(sample_workbook_copy, PERIODE)
    kode = ctx.ref.opd.set_index("singkatan").loc["DPUPR", "kode_opd"]
    assert "direvisi pada" in status_kiriman(ctx, kode)
    lain = ctx.ref.opd.set_index("singkatan").loc["DINKES", "kode_opd"]
    assert "dimuat pada" in status_kiriman(ctx, lain)


def test_store_taken_during_a_multi_file_load_says_what_was_loaded(sample_workbook_copy):
    """Another program takes the store after the first file: that file stays loaded, the others
    are listed as not loaded yet, exit code 1, and loading again finishes the job."""
    import os
    import shutil

    import duckdb

    from monev.data.store import read_table

    root = sample_workbook_copy
    store = root / "data" / "monev.duckdb"
    store.unlink()
    shutil.rmtree(root / "data" / "raw")  # so each file is archived again, with the pause
    folder = root / "data" / "kiriman" / PERIODE
    files = [str(folder / f"{s}_2026-10.xlsx") for s in ("BAPPERIDA", "DINKES", "DPUPR")]
    env = {**os.environ, "MONEV_UJI_JEDA_ARSIP": "1.5"}  # a pause while each file is archived
    run = subprocess.Popen(
        [sys.executable, "-m", "monev.cli", "ingest", "--root", str(root), *files],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # wait, without touching the store (a reader's lock would make the writer busy), until the
    # first file is archived and stored and the second is half-way through its archive copy
    raw = root / "data" / "raw"
    start = time.monotonic()
    while time.monotonic() - start < 60 and not (
        list(raw.glob("*.xlsx")) and list(raw.glob(".*.tmp"))
    ):
        time.sleep(0.05)
    holder = duckdb.connect(str(store))  # now another program holds the store
    try:
        out, _ = run.communicate(timeout=120)
    finally:
        holder.close()
    assert run.returncode == 1, out
    assert "1 dimuat" in out and "2 belum dimuat (basis data sibuk)" in out, out
    assert out.count("BELUM DIMUAT") == 2 and "Traceback" not in out
    assert len(read_table(store, "berkas")) == 1
    assert main(["ingest", "--root", str(root), *files]) == 0  # the rest, once the store is free
    assert len(read_table(store, "berkas")) == 3
