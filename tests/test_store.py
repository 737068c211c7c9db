"""The store's schema version: an older monev.duckdb (today's layout before versions, a real DuckDB
file) is migrated in one transaction, a newer one is refused with an Indonesian message."""

from __future__ import annotations

import duckdb
import pandas as pd
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
    replace_kiriman,
    revisi_kiriman,
    schema_version,
)
from monev.model.workbook import Workbook

BERKAS_ROW = (
    "a" * 64, "DPUPR_2026-10.xlsx", "1.03.01", "2026-10", "semua",
    "2026-11-05 08:00:00", "2026-11-06 09:00:00", "data/raw/x.xlsx", 0,
)  # fmt: skip


FIVE_TABLES = ("berkas", "realisasi", "keuangan", "tindak_lanjut", "temuan_muat")


def old_store(path, version: int | None = None):
    """A store as monev wrote it before the schema version was recorded: the five tables, one
    row, no monev_meta (``version=2``: with monev_meta saying 2, before ``riwayat_berkas``)."""
    con = duckdb.connect(str(path))
    for stmt in store.ddl():
        if stmt.split()[5] in FIVE_TABLES:  # CREATE TABLE IF NOT EXISTS <name> (...)
            con.execute(stmt)
    con.execute("INSERT INTO berkas VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", list(BERKAS_ROW))
    if version is not None:
        con.execute("CREATE TABLE monev_meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute("INSERT INTO monev_meta VALUES ('schema_version', ?)", [str(version)])
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
        con.execute("DROP TABLE riwayat_berkas")
        assert schema_version(con) == 1
    before = read_table(wb.store, "realisasi")
    berkas = read_table(wb.store, "berkas")
    again = ingest_files(wb, [wb.submissions])  # the files of the old store: recognised
    assert {b.status for b in again.berkas} == {"sama"}
    pd.testing.assert_frame_equal(read_table(wb.store, "berkas"), berkas)
    assert len(read_table(wb.store, "riwayat_berkas")) == len(berkas)
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


@pytest.mark.parametrize("version", [None, 2])
def test_an_older_store_gets_its_files_as_the_versions_in_force(tmp_path, version):
    """Version 3 added riwayat_berkas: every file record of an older store becomes a version in
    force, revision 0; the tables reports read stay as they were."""
    path = old_store(tmp_path / "monev.duckdb", version)
    assert "riwayat_berkas" not in tables(path)
    assert read_table(path, "riwayat_berkas").empty  # readable before migrating
    berkas = read_table(path, "berkas")
    prepare(path)
    with duckdb.connect(str(path), read_only=True) as con:
        assert schema_version(con) == SCHEMA_VERSION >= 3
    pd.testing.assert_frame_equal(read_table(path, "berkas"), berkas)
    (row,) = read_table(path, "riwayat_berkas").to_dict("records")
    assert {k: row[k] for k in ("sha256", "nama_berkas", "kode_opd", "periode", "bagian")} == dict(
        zip(("sha256", "nama_berkas", "kode_opd", "periode", "bagian"), BERKAS_ROW[:5], strict=True)
    )
    assert row["revisi"] == 0 and pd.isna(row["diganti_oleh"])
    (rev,) = revisi_kiriman(path).to_dict("records")
    assert (rev["kode_opd"], rev["periode"], rev["direvisi"], rev["jumlah_berkas"]) == (
        "1.03.01",
        "2026-10",
        False,
        1,
    )
    prepare(path)  # again: nothing changes
    assert len(read_table(path, "riwayat_berkas")) == 1


def _berkas(sha: str, kode_opd: str, bagian: str = "tindak_lanjut", jam: int = 9) -> dict:
    return dict(
        sha256=sha,
        nama_berkas=f"{kode_opd}_2026-10_{bagian}.csv",
        kode_opd=kode_opd,
        periode="2026-10",
        bagian=bagian,
        diterima=pd.Timestamp("2026-11-05 08:00"),
        dimuat=pd.Timestamp(f"2026-11-06 {jam:02d}:00"),
        arsip=f"data/raw/{sha}.csv",
        jumlah_peringatan=1,
    )


def _finding(sha: str) -> pd.DataFrame:
    return pd.DataFrame(
        [dict(sha256=sha, tingkat="peringatan", lembar=None, sel=None, kolom=None, nilai=None,
              pesan="kosong")]
    )  # fmt: skip


def test_replacing_one_of_two_identical_files_keeps_the_others_records(tmp_path):
    """Header-only CSVs of two OPDs share a hash: replacing one OPD's version removes its record
    by identity, never the other OPD's (the bug of deleting by hash alone)."""
    path = tmp_path / "monev.duckdb"
    same, new = "c" * 64, "d" * 64
    for kode in ("1.03.01", "2.07.01"):
        status, _ = replace_kiriman(path, _berkas(same, kode), {}, _finding(same))
        assert status == "berlaku"
    assert len(read_table(path, "temuan_muat")) == 1  # one content, its findings once
    status, replaced = replace_kiriman(path, _berkas(new, "1.03.01", jam=10), {}, _finding(new))
    assert status == "berlaku" and [r["sha256"] for r in replaced] == [same]
    berkas = read_table(path, "berkas").set_index("kode_opd")["sha256"].to_dict()
    assert berkas == {"1.03.01": new, "2.07.01": same}
    assert set(read_table(path, "temuan_muat")["sha256"]) == {same, new}
    riwayat = read_table(path, "riwayat_berkas")
    assert len(riwayat) == 3  # every version kept
    old = riwayat[(riwayat["kode_opd"] == "1.03.01") & (riwayat["sha256"] == same)]
    assert list(old["diganti_oleh"]) == [new]
    revised = revisi_kiriman(path, "2026-10").set_index("kode_opd")
    assert revised.loc["1.03.01", "direvisi"] and not revised.loc["2.07.01", "direvisi"]
    assert revised.loc["1.03.01", "dimuat"] == pd.Timestamp("2026-11-06 10:00")


def test_a_lower_revision_is_recorded_as_outranked_and_stores_no_data(tmp_path):
    path = tmp_path / "monev.duckdb"
    high, low = "e" * 64, "f" * 64
    assert replace_kiriman(path, _berkas(high, "1.03.01"), {}, _finding(high), revisi=2)[0] == (
        "berlaku"
    )
    before = {t: read_table(path, t) for t in ("berkas", "temuan_muat")}
    status, (winner,) = replace_kiriman(path, _berkas(low, "1.03.01"), {}, _finding(low), revisi=1)
    assert status == "digantikan" and winner["sha256"] == high
    for t, frame in before.items():
        pd.testing.assert_frame_equal(read_table(path, t), frame)
    riwayat = read_table(path, "riwayat_berkas").set_index("sha256")
    assert riwayat.loc[low, "diganti_oleh"] == high and pd.isna(riwayat.loc[high, "diganti_oleh"])
    assert revisi_kiriman(path).loc[0, "revisi"] == 2
