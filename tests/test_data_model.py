"""docs/data-model.md and the pandera schemas describe the same tables, column for column."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from monev.model.keputusan import store_schemas
from monev.model.schemas import KAS_COLUMNS, REFERENCE_SCHEMAS, STORE_SCHEMAS

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-model.md"


def kind(dtype: object) -> str:
    """The documented type name of a pandera dtype."""
    name = str(dtype)
    if name.startswith("datetime64"):
        return "datetime"
    if name.startswith("string") or name == "str":
        return "str"
    return {"float64": "float", "int64": "int"}[name]


def documented_tables() -> dict[str, list[tuple[str, str, bool]]]:
    """``### name`` headings followed by a | column | type | null | meaning | table."""
    tables: dict[str, list[tuple[str, str, bool]]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### (\w+)(?:\.csv)?\s*$", line)
        if heading:
            current = heading.group(1)
            tables[current] = []
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if current and line.startswith("|") and len(cells) == 4 and cells[0] not in ("column",):
            if set(cells[0]) <= {"-"}:
                continue
            names = list(KAS_COLUMNS) if cells[0] == "kas_01 … kas_12" else [cells[0]]
            for name in names:
                tables[current].append((name, cells[1], cells[2] == "yes"))
    return tables


ALL = {**REFERENCE_SCHEMAS, **STORE_SCHEMAS, **store_schemas()}  # + the decisions register


def test_every_schema_is_documented_and_nothing_else():
    assert set(documented_tables()) == set(ALL)


@pytest.mark.parametrize("table", sorted(ALL))
def test_document_matches_schema(table):
    documented = documented_tables()[table]
    schema = ALL[table]
    assert [name for name, _, _ in documented] == list(schema.columns), table
    for name, type_name, nullable in documented:
        column = schema.columns[name]
        assert kind(column.dtype) == type_name, (table, name, str(column.dtype))
        assert column.nullable == nullable, (table, name)


def test_reference_file_list_matches_the_schemas():
    from monev.data.reference import REFERENCE_FILES

    assert tuple(REFERENCE_SCHEMAS) == REFERENCE_FILES


def test_store_table_list_matches_the_schemas():
    from monev.data.store import STORE_TABLES

    assert tuple(STORE_SCHEMAS) == STORE_TABLES
