"""The DuckDB store: tables from ``monev.model.schemas.STORE_SCHEMAS``, short-lived connections,
explicit transactions (a multi-statement string is not atomic in DuckDB), and a schema version.

The version lives in the table ``monev_meta`` (key ``schema_version``). Opening a store for
writing brings an older one up to ``SCHEMA_VERSION`` through ``MIGRATIONS``, all steps in one
transaction; a store written by a newer monev is refused (``StoreVersionError``), for reading
too. Reading an older store without migrating it is allowed: every migration keeps the tables
that reports read readable as they were.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

# the schemas (and pandera, ~0,4 s to import) are loaded by the functions that create or write
# tables; reading, as every report and the runner's planning do, does not need them
STORE_TABLES = ("berkas", "realisasi", "keuangan", "tindak_lanjut", "temuan_muat")
META_TABLE = "monev_meta"

# Version 1: the five tables, without monev_meta (stores made before the version was recorded).
# Version 2: monev_meta records the schema version.
SCHEMA_VERSION = 2


def _schemas() -> dict:
    from monev.model.schemas import STORE_SCHEMAS

    return STORE_SCHEMAS


class StoreError(RuntimeError):
    """The store cannot be used as it is; the message says why and what to do."""


class StoreBusyError(StoreError):
    """Another program holds the store file open."""


class StoreVersionError(StoreError):
    """The store was written by a newer monev than this one."""


SQL_TYPES = {"str": "VARCHAR", "float64": "DOUBLE", "int64": "BIGINT"}


def _sql_type(dtype) -> str:
    name = str(dtype)
    if name.startswith("datetime64"):
        return "TIMESTAMP"
    if name.startswith("string") or name == "str":
        return "VARCHAR"
    return SQL_TYPES[name]


def ddl() -> list[str]:
    """``CREATE TABLE IF NOT EXISTS`` for every store table of the schemas."""
    out = []
    for name, schema in _schemas().items():
        cols = [
            f"{c} {_sql_type(spec.dtype)}{'' if spec.nullable else ' NOT NULL'}"
            for c, spec in schema.columns.items()
        ]
        key = schema.unique or ([c for c, s in schema.columns.items() if s.unique])
        if key:
            cols.append(f"PRIMARY KEY ({', '.join(key)})")
        out.append(f"CREATE TABLE IF NOT EXISTS {name} ({', '.join(cols)})")
    return out


@contextmanager
def connect(path: Path, read_only: bool = False):
    """A short-lived connection; a lock held by another process becomes ``StoreBusyError``."""
    path = Path(path)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreBusyError(
                f"Basis data {path.name} sedang dipakai program lain (misalnya notebook atau "
                "JupyterLab yang masih terbuka, atau monev lain yang sedang berjalan). Tutup atau "
                "restart kernel notebook itu, lalu ulangi perintah ini."
            ) from None
        raise
    try:
        yield con
    finally:
        con.close()


# ------------------------------------------------------------------------------ versions


def _has_table(con, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchone()[0]
    )


def schema_version(con) -> int | None:
    """The store's schema version; None for an empty file (no table yet)."""
    if _has_table(con, META_TABLE):
        row = con.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'").fetchone()
        if row is not None:
            return int(row[0])
    if any(_has_table(con, t) for t in STORE_TABLES):
        return 1
    return None


def _refuse_newer(version: int | None, path: Path) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise StoreVersionError(
            f"Basis data {Path(path).name} berversi skema {version}, lebih baru dari yang dikenal "
            f"monev ini (versi {SCHEMA_VERSION}). Basis data itu dibuat oleh monev yang lebih "
            "baru: perbarui monev (pip install -U monev), jangan memakai versi lama untuk "
            "menulisnya."
        )


def _record_version(con, version: int) -> None:
    con.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute(f"INSERT OR REPLACE INTO {META_TABLE} VALUES ('schema_version', ?)", [str(version)])


def _v1_to_v2(con) -> None:
    """Version 1 had no monev_meta; recording the version is the whole step."""
    _record_version(con, 2)


# version n → the step that brings a store from n to n + 1
MIGRATIONS: dict[int, Callable] = {1: _v1_to_v2}


def migrate(con, path: Path, migrations: dict[int, Callable] | None = None) -> int:
    """Bring the store open on ``con`` to ``SCHEMA_VERSION`` in ONE transaction (nothing changes
    if a step fails); create the tables of a new store. Returns the version found."""
    migrations = MIGRATIONS if migrations is None else migrations
    found = schema_version(con)
    _refuse_newer(found, path)
    if found == SCHEMA_VERSION:
        return found
    con.begin()
    try:
        if found is not None:
            for version in range(found, SCHEMA_VERSION):
                migrations[version](con)
        for stmt in ddl():
            con.execute(stmt)
        _record_version(con, SCHEMA_VERSION)
        con.commit()
    except BaseException:
        con.rollback()
        raise
    return found if found is not None else SCHEMA_VERSION


def prepare(path: Path) -> None:
    """Create the store, or bring an older one up to this monev's schema version."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as con:
        migrate(con, path)


# ------------------------------------------------------------------------------ read, write


def _empty(table: str) -> pd.DataFrame:
    schema = _schemas()[table]
    return pd.DataFrame(
        {
            c: pd.Series(dtype=s.dtype.type if hasattr(s.dtype, "type") else object)
            for c, s in schema.columns.items()
        }
    )


def read_table(path: Path, table: str) -> pd.DataFrame:
    """A whole table as a DataFrame, through a read-only connection (empty if no store yet)."""
    if table not in STORE_TABLES:
        raise KeyError(table)
    path = Path(path)
    if not path.exists():
        return _empty(table)
    with connect(path, read_only=True) as con:
        _refuse_newer(schema_version(con), path)
        if not _has_table(con, table):
            return _empty(table)
        return con.execute(f"SELECT * FROM {table}").df()


def replace_kiriman(
    path: Path, berkas: dict, bagian: dict[str, pd.DataFrame], temuan: pd.DataFrame
) -> None:
    """Replace one OPD-period (all parts for an .xlsx, one part for a CSV) in ONE transaction."""
    prepare(path)
    kode_opd, periode = berkas["kode_opd"], berkas["periode"]
    with connect(path) as con:
        con.begin()
        try:
            for table, frame in bagian.items():
                con.execute(
                    f"DELETE FROM {table} WHERE kode_opd = ? AND periode = ?", [kode_opd, periode]
                )
                if len(frame):
                    con.register("new_rows", frame)
                    cols = ", ".join(frame.columns)
                    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM new_rows")
                    con.unregister("new_rows")
            old = con.execute(
                "SELECT sha256 FROM berkas WHERE kode_opd = ? AND periode = ? "
                "AND (bagian = ? OR ? = 'semua' OR bagian = 'semua')",
                [kode_opd, periode, berkas["bagian"], berkas["bagian"]],
            ).fetchall()
            for (sha,) in old:
                con.execute("DELETE FROM temuan_muat WHERE sha256 = ?", [sha])
                con.execute("DELETE FROM berkas WHERE sha256 = ?", [sha])
            columns = list(_schemas()["berkas"].columns)
            con.execute(
                f"INSERT INTO berkas ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                [berkas[c] for c in columns],
            )
            if len(temuan):
                con.register("new_findings", temuan)
                cols = ", ".join(temuan.columns)
                con.execute(f"INSERT INTO temuan_muat ({cols}) SELECT {cols} FROM new_findings")
                con.unregister("new_findings")
            pause = os.environ.get("MONEV_UJI_JEDA_TRANSAKSI")  # test hook: a kill mid-transaction
            if pause:
                time.sleep(float(pause))
            con.commit()
        except BaseException:
            con.rollback()
            raise
