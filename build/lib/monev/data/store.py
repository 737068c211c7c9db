"""The DuckDB store: tables from ``monev.model.schemas.STORE_SCHEMAS``, short-lived connections,
explicit transactions (a multi-statement string is not atomic in DuckDB)."""

from __future__ import annotations

import os
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd

# the schemas (and pandera, ~0,4 s to import) are loaded by the functions that create or write
# tables; reading, as every report and the runner's planning do, does not need them
STORE_TABLES = ("berkas", "realisasi", "keuangan", "tindak_lanjut", "temuan_muat")


def _skema() -> dict:
    from monev.model.schemas import STORE_SCHEMAS

    return STORE_SCHEMAS


class StoreBusyError(RuntimeError):
    """Another program holds the store file open."""


TIPE = {"str": "VARCHAR", "float64": "DOUBLE", "int64": "BIGINT"}


def _tipe(dtype) -> str:
    name = str(dtype)
    if name.startswith("datetime64"):
        return "TIMESTAMP"
    if name.startswith("string") or name == "str":
        return "VARCHAR"
    return TIPE[name]


def ddl() -> list[str]:
    out = []
    for name, schema in _skema().items():
        cols = [
            f"{c} {_tipe(spec.dtype)}{'' if spec.nullable else ' NOT NULL'}"
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


def siapkan(path: Path) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    with connect(path) as con:
        for stmt in ddl():
            con.execute(stmt)


def _kosong(table: str) -> pd.DataFrame:
    schema = _skema()[table]
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
        return _kosong(table)
    with connect(path, read_only=True) as con:
        ada = con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]
        ).fetchone()[0]
        if not ada:
            return _kosong(table)
        return con.execute(f"SELECT * FROM {table}").df()


def ganti_kiriman(
    path: Path, berkas: dict, bagian: dict[str, pd.DataFrame], temuan: pd.DataFrame
) -> None:
    """Replace one OPD-period (all parts for an .xlsx, one part for a CSV) in ONE transaction."""
    siapkan(path)
    kode_opd, periode = berkas["kode_opd"], berkas["periode"]
    with connect(path) as con:
        con.begin()
        try:
            for table, frame in bagian.items():
                con.execute(
                    f"DELETE FROM {table} WHERE kode_opd = ? AND periode = ?", [kode_opd, periode]
                )
                if len(frame):
                    con.register("baru", frame)
                    cols = ", ".join(frame.columns)
                    con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM baru")
                    con.unregister("baru")
            lama = con.execute(
                "SELECT sha256 FROM berkas WHERE kode_opd = ? AND periode = ? AND (bagian = ? OR ? = 'semua' OR bagian = 'semua')",
                [kode_opd, periode, berkas["bagian"], berkas["bagian"]],
            ).fetchall()
            for (sha,) in lama:
                con.execute("DELETE FROM temuan_muat WHERE sha256 = ?", [sha])
                con.execute("DELETE FROM berkas WHERE sha256 = ?", [sha])
            con.execute(
                "INSERT INTO berkas VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [berkas[c] for c in _skema()["berkas"].columns],
            )
            if len(temuan):
                con.register("temuan", temuan)
                con.execute("INSERT INTO temuan_muat SELECT * FROM temuan")
                con.unregister("temuan")
            jeda = os.environ.get("MONEV_UJI_JEDA_TRANSAKSI")  # test hook: a kill mid-transaction
            if jeda:
                time.sleep(float(jeda))
            con.commit()
        except BaseException:
            con.rollback()
            raise
