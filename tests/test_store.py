"""The store's schema version: an older monev.duckdb (today's layout before versions, a real DuckDB
file) is migrated in one transaction, a newer one is refused with an Indonesian message."""

from __future__ import annotations

import duckdb
import pytest
from ingest_fixtures import PERIODE, clean_submission, opd_code, ref_of

from monev.data import store
from monev.data.ingest import ingest_files
from monev.data.store import (
    SCHEMA_VERSION,
    StoreVersionError,
    migrate,
    prepare,
    read_table,
    schema_version,
)
from monev.model.workbook import Workbook

BERKAS_ROW = (
    "a" * 64, "DPUPR_2026-10.xlsx", "1.03.01", "2026-10", "semua",
    "2026-11-05 08:00:00", "2026-11-06 09:00:00", "data/raw/x.xlsx", 0,
)  # fmt: skip


def old_store(path):
    """A store as monev wrote it before the schema version was recorded: the five tables, one
    row, no monev_meta."""
    con = duckdb.connect(str(path))
    for stmt in store.ddl():
        con.execute(stmt)
    con.execute("INSERT INTO berkas VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(BERKAS_ROW))
    con.close()
    return path


def tables(path) -> set[str]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }


def test_old_store_is_version_1_and_readable_without_migration(tmp_path):
    path = old_store(tmp_path / "monev.duckdb")
    with duckdb.connect(str(path), read_only=True) as con:
        assert schema_version(con) == 1
    assert list(read_table(path, "berkas")["nama_berkas"]) == ["DPUPR_2026-10.xlsx"]
    assert store.META_TABLE not in tables(path)  # reading does not write


def test_opening_an_old_store_for_writing_migrates_it_keeping_the_data(tmp_path):
    path = old_store(tmp_path / "monev.duckdb")
    prepare(path)
    with duckdb.connect(str(path), read_only=True) as con:
        assert schema_version(con) == SCHEMA_VERSION
        assert con.execute("SELECT value FROM monev_meta WHERE key = 'schema_version'").fetchone()[
            0
        ] == str(SCHEMA_VERSION)
    assert list(read_table(path, "berkas")["sha256"]) == ["a" * 64]
    prepare(path)  # once migrated, opening again changes nothing
    assert list(read_table(path, "berkas")["sha256"]) == ["a" * 64]


def test_a_new_store_starts_at_the_current_version(tmp_path):
    path = tmp_path / "data" / "monev.duckdb"
    prepare(path)
    with duckdb.connect(str(path), read_only=True) as con:
        assert schema_version(con) == SCHEMA_VERSION
    assert set(store.STORE_TABLES) < tables(path)


def test_a_failing_migration_step_changes_nothing(tmp_path):
    path = old_store(tmp_path / "monev.duckdb")

    def broken(con):
        con.execute("CREATE TABLE setengah_jalan (x INTEGER)")
        con.execute("DELETE FROM berkas")
        raise RuntimeError("langkah gagal")

    with duckdb.connect(str(path)) as con, pytest.raises(RuntimeError, match="langkah gagal"):
        migrate(con, path, migrations={1: broken})
    assert "setengah_jalan" not in tables(path) and store.META_TABLE not in tables(path)
    with duckdb.connect(str(path), read_only=True) as con:
        assert schema_version(con) == 1
    assert len(read_table(path, "berkas")) == 1


def test_a_newer_store_is_refused_for_writing_and_reading(tmp_path):
    path = tmp_path / "monev.duckdb"
    prepare(path)
    with duckdb.connect(str(path)) as con:
        con.execute(
            "UPDATE monev_meta SET value = ? WHERE key = 'schema_version'",
            [str(SCHEMA_VERSION + 1)],
        )
    for open_it in (lambda: prepare(path), lambda: read_table(path, "berkas")):
        with pytest.raises(StoreVersionError) as err:
            open_it()
        text = str(err.value)
        assert "monev.duckdb" in text and str(SCHEMA_VERSION + 1) in text
        assert f"versi {SCHEMA_VERSION}" in text and "perbarui monev" in text
    with duckdb.connect(str(path), read_only=True) as con:  # and left as it was
        assert schema_version(con) == SCHEMA_VERSION + 1


def test_ingest_into_an_old_sample_store_migrates_and_keeps_history(sample_workbook_copy, tmp_path):
    root = sample_workbook_copy
    wb = Workbook.at(root)
    with duckdb.connect(str(wb.store)) as con:  # back to the layout before versions
        con.execute(f"DROP TABLE {store.META_TABLE}")
        assert schema_version(con) == 1
    before = read_table(wb.store, "realisasi")
    path = clean_submission(root, tmp_path)
    assert ingest_files(wb, [path]).berkas[0].status == "dimuat"
    with duckdb.connect(str(wb.store), read_only=True) as con:
        assert schema_version(con) == SCHEMA_VERSION
    after = read_table(wb.store, "realisasi")
    mine = (after["kode_opd"] == opd_code(ref_of(root))) & (after["periode"] == PERIODE)
    assert (after.loc[mine, "realisasi"] == 50.0).all()
    others = before[
        ~((before["kode_opd"] == opd_code(ref_of(root))) & (before["periode"] == PERIODE))
    ]
    assert len(after[~mine]) == len(others) > 0
