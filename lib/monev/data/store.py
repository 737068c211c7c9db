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
STORE_TABLES = (
    "berkas",
    "realisasi",
    "keuangan",
    "tindak_lanjut",
    "temuan_muat",
    "riwayat_berkas",
)
# the rakor's decisions register (``monev.model.keputusan``): written by ``replace_keputusan``
REGISTER_TABLES = ("keputusan", "berkas_keputusan")
META_TABLE = "monev_meta"

# Version 1: the five tables, without monev_meta (stores made before the version was recorded).
# Version 2: monev_meta records the schema version.
# Version 3: riwayat_berkas keeps every version of every submission (lineage, never deleted);
#            berkas and the data tables hold only the version in force per identity.
# Version 4: keputusan and berkas_keputusan hold the rakor's decisions register of each period.
SCHEMA_VERSION = 4


def _schemas() -> dict:
    from monev.model.keputusan import store_schemas
    from monev.model.schemas import STORE_SCHEMAS

    return {**STORE_SCHEMAS, **store_schemas()}


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
    if any(_has_table(con, t) for t in STORE_TABLES + REGISTER_TABLES):
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


def _create(con, table: str) -> None:
    for stmt in ddl():
        if stmt.startswith(f"CREATE TABLE IF NOT EXISTS {table} "):
            con.execute(stmt)


def _v2_to_v3(con) -> None:
    """riwayat_berkas: every file record of berkas becomes a version in force (revision 0)."""
    _create(con, "riwayat_berkas")
    con.execute(
        "INSERT INTO riwayat_berkas (sha256, nama_berkas, kode_opd, periode, bagian, revisi, "
        "diterima, dimuat, arsip, jumlah_peringatan) "
        "SELECT b.sha256, b.nama_berkas, b.kode_opd, b.periode, b.bagian, 0, b.diterima, "
        "b.dimuat, b.arsip, b.jumlah_peringatan FROM berkas b WHERE NOT EXISTS (SELECT 1 FROM "
        "riwayat_berkas r WHERE r.sha256 = b.sha256 AND r.kode_opd = b.kode_opd "
        "AND r.periode = b.periode AND r.bagian = b.bagian)"
    )
    _record_version(con, 3)


def _v3_to_v4(con) -> None:
    """The decisions register: two new tables, empty; nothing else changes."""
    for table in REGISTER_TABLES:
        _create(con, table)
    _record_version(con, 4)


# version n → the step that brings a store from n to n + 1
MIGRATIONS: dict[int, Callable] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4}


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
    if table not in STORE_TABLES + REGISTER_TABLES:
        raise KeyError(table)
    path = Path(path)
    if not path.exists():
        return _empty(table)
    with connect(path, read_only=True) as con:
        _refuse_newer(schema_version(con), path)
        if not _has_table(con, table):
            return _empty(table)
        return con.execute(f"SELECT * FROM {table}").df()


IDENTITY = ("sha256", "kode_opd", "periode", "bagian")  # a version's key: never the hash alone
_OVERLAPS = "kode_opd = ? AND periode = ? AND (bagian = ? OR bagian = 'semua' OR ? = 'semua')"


def _insert_row(con, table: str, row: dict) -> None:
    columns = [c for c in _schemas()[table].columns if c in row]
    con.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [row[c] for c in columns],
    )


def _insert_frame(con, table: str, frame: pd.DataFrame) -> None:
    if len(frame):
        con.register("new_rows", frame)
        cols = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM new_rows")
        con.unregister("new_rows")


def _test_pause() -> None:
    """``MONEV_UJI_JEDA_TRANSAKSI=<seconds>`` (tests only): sleep just before COMMIT, so that a
    test can kill ingest in the middle of a transaction."""
    pause = os.environ.get("MONEV_UJI_JEDA_TRANSAKSI")
    if pause:
        time.sleep(float(pause))


def replace_kiriman(
    path: Path,
    berkas: dict,
    bagian: dict[str, pd.DataFrame],
    temuan: pd.DataFrame,
    revisi: int = 0,
) -> tuple[str, list[dict]]:
    """Store one submission version in ONE transaction; returns (status, the other versions).

    ``berkas`` is the file record (the columns of ``berkas``). When no version in force of an
    overlapping identity (same OPD and periode; same part, or an .xlsx) has a higher revision,
    this file becomes the version in force: ``("berlaku", the versions it replaced)``; their rows
    of ``bagian``'s tables for the OPD-period, their ``berkas`` records (by identity and hash)
    and their ``temuan_muat`` (unless another file in force has the same bytes) go, and their
    ``riwayat_berkas`` rows are marked replaced. Otherwise it is only recorded in
    ``riwayat_berkas`` as replaced: ``("digantikan", [the version in force that outranks it])``.
    """
    prepare(path)
    kode_opd, periode, part = berkas["kode_opd"], berkas["periode"], berkas["bagian"]
    now = pd.Timestamp(berkas["dimuat"])
    with connect(path) as con:
        con.begin()
        try:
            in_force = (
                con.execute(
                    f"SELECT * FROM riwayat_berkas WHERE diganti_oleh IS NULL AND {_OVERLAPS} "
                    "ORDER BY revisi DESC, dimuat DESC",
                    [kode_opd, periode, part, part],
                )
                .df()
                .to_dict("records")
            )
            key = [berkas[c] for c in IDENTITY]
            where = " AND ".join(f"{c} = ?" for c in IDENTITY)
            if con.execute(f"SELECT count(*) FROM riwayat_berkas WHERE {where}", key).fetchone()[0]:
                con.rollback()  # this very version is recorded already: nothing changes
                return "sama", []
            if in_force and in_force[0]["revisi"] > revisi:
                winner = in_force[0]
                _insert_row(
                    con,
                    "riwayat_berkas",
                    {**berkas, "revisi": revisi, "diganti_oleh": winner["sha256"], "diganti": now},
                )
                _test_pause()
                con.commit()
                return "digantikan", [winner]
            for table, frame in bagian.items():
                con.execute(
                    f"DELETE FROM {table} WHERE kode_opd = ? AND periode = ?", [kode_opd, periode]
                )
                _insert_frame(con, table, frame)
            for old in in_force:
                key = [old[c] for c in IDENTITY]
                where = " AND ".join(f"{c} = ?" for c in IDENTITY)
                con.execute(f"DELETE FROM berkas WHERE {where}", key)
                con.execute(
                    f"UPDATE riwayat_berkas SET diganti_oleh = ?, diganti = ? WHERE {where}",
                    [berkas["sha256"], now, *key],
                )
            for sha in {old["sha256"] for old in in_force} - {berkas["sha256"]}:
                if not con.execute(
                    "SELECT count(*) FROM berkas WHERE sha256 = ?", [sha]
                ).fetchone()[0]:
                    con.execute("DELETE FROM temuan_muat WHERE sha256 = ?", [sha])
            same_bytes = con.execute(
                "SELECT count(*) FROM berkas WHERE sha256 = ?", [berkas["sha256"]]
            ).fetchone()[0]
            _insert_row(con, "berkas", berkas)
            if not same_bytes:  # findings are kept once per content, as the engine joins them
                _insert_frame(con, "temuan_muat", temuan)
            _insert_row(con, "riwayat_berkas", {**berkas, "revisi": revisi})
            _test_pause()
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return "berlaku", in_force


def record_replaced(path: Path, berkas: dict, revisi: int, diganti_oleh: str) -> None:
    """Record a version that another file of the same load outranks (a lower revision): in
    ``riwayat_berkas`` only, replaced by ``diganti_oleh``; no data of it is stored."""
    prepare(path)
    with connect(path) as con:
        con.begin()
        try:
            _insert_row(
                con,
                "riwayat_berkas",
                {
                    **berkas,
                    "revisi": revisi,
                    "diganti_oleh": diganti_oleh,
                    "diganti": pd.Timestamp(berkas["dimuat"]),
                },
            )
            _test_pause()
            con.commit()
        except BaseException:
            con.rollback()
            raise


def revisi_kiriman(path: Path, periode: str | None = None) -> pd.DataFrame:
    """Per OPD and periode with a submission in force (of ``periode``, or all): ``dimuat`` when
    the version in force was loaded (the latest of its parts), ``revisi`` its revision (the
    highest of its parts), ``jumlah_berkas`` the files recorded (every part and version), and
    ``direvisi`` True when it replaced (or outranked) an earlier version — for "direvisi pada
    <dimuat>" in ``monev check`` and the OPD report."""
    columns = ["kode_opd", "periode", "dimuat", "revisi", "jumlah_berkas", "direvisi"]
    riwayat = read_table(path, "riwayat_berkas")
    if periode is not None:
        riwayat = riwayat[riwayat["periode"] == str(periode)]
    if riwayat.empty:
        return pd.DataFrame(columns=columns)
    riwayat = riwayat.assign(berlaku=riwayat["diganti_oleh"].isna())
    current = riwayat[riwayat["berlaku"]]
    out = (
        current.groupby(["kode_opd", "periode"], as_index=False)
        .agg(dimuat=("dimuat", "max"), revisi=("revisi", "max"))
        .merge(
            riwayat.groupby(["kode_opd", "periode"], as_index=False).agg(
                jumlah_berkas=("sha256", "size"), berlaku=("berlaku", "sum")
            ),
            on=["kode_opd", "periode"],
        )
    )
    out["direvisi"] = out["jumlah_berkas"] > out["berlaku"]
    return out[columns].sort_values(["periode", "kode_opd"], ignore_index=True)


def replace_keputusan(path: Path, berkas: dict, keputusan: pd.DataFrame) -> str:
    """Store the decisions register of one period in ONE transaction: its decisions replace the
    period's earlier ones and ``berkas`` (the columns of ``berkas_keputusan``) its file record.
    Returns ``"sama"`` when the file in force has the same bytes (nothing changes), else
    ``"dimuat"``."""
    prepare(path)
    with connect(path) as con:
        con.begin()
        try:
            row = con.execute(
                "SELECT sha256 FROM berkas_keputusan WHERE periode = ?", [berkas["periode"]]
            ).fetchone()
            if row is not None and row[0] == berkas["sha256"]:
                con.rollback()
                return "sama"
            con.execute("DELETE FROM keputusan WHERE periode = ?", [berkas["periode"]])
            con.execute("DELETE FROM berkas_keputusan WHERE periode = ?", [berkas["periode"]])
            _insert_frame(con, "keputusan", keputusan)
            _insert_row(con, "berkas_keputusan", berkas)
            _test_pause()
            con.commit()
        except BaseException:
            con.rollback()
            raise
    return "dimuat"
