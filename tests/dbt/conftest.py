"""Build the dbt project against a throwaway warehouse loaded with handwritten raw rows."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest
from ledger_sample import RAW_ROWS

from hisaab.settings import WarehouseLocation
from ingestion.raw_schema import create_statements
from tests.support.dbt import dbt_build

BuildLedger = Callable[[WarehouseLocation], None]


def _inserts(placeholder: str) -> Iterator[tuple[str, list[tuple[Any, ...]]]]:
    for table, rows in RAW_ROWS.items():
        columns = list(rows[0])
        marks = ", ".join([placeholder] * len(columns))
        sql = f"insert into raw.{table} ({', '.join(columns)}) values ({marks})"
        yield sql, [tuple(row[column] for column in columns) for row in rows]


def load_raw(location: WarehouseLocation) -> None:
    """Create the raw schema from ingestion's contract and insert the sample rows."""
    if location.kind == "duckdb":
        with duckdb.connect(str(location.path)) as conn:
            for statement in create_statements():
                conn.execute(statement)
            for sql, rows in _inserts("?"):
                conn.executemany(sql, rows)
        return
    with psycopg.connect(location.postgres_conninfo()) as conn:
        for statement in create_statements():
            conn.execute(statement)
        with conn.cursor() as cursor:
            for sql, rows in _inserts("%s"):
                cursor.executemany(sql, rows)


@pytest.fixture
def build_ledger(tmp_path: Path) -> BuildLedger:
    """The handwritten raw rows loaded into ``location``, then ``dbt build``."""

    def build(location: WarehouseLocation) -> None:
        load_raw(location)
        dbt_build(location, tmp_path)

    return build


@pytest.fixture
def run_dbt_build(tmp_path: Path) -> Callable[[WarehouseLocation], None]:
    """``dbt build`` on a warehouse whose raw schema a test loaded itself (e.g. by ingestion)."""
    return lambda location: dbt_build(location, tmp_path)


@pytest.fixture(scope="session")
def dbt_build_into() -> Callable[[WarehouseLocation, Path], None]:
    """``dbt_build`` itself, for module-scoped fixtures (``tmp_path`` is per test): they pass
    a folder of their own for each build's target/ and logs/."""
    return dbt_build
