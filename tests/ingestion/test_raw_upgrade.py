"""A raw schema from before the narration columns is upgraded in place, with the same values a
fresh load gives: nothing to re-ingest, nothing lost."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from ingestion.raw_schema import column_types

NARRATED = ("statement_lines", "aa_transactions")


def _narration_columns(table: str) -> list[str]:
    return [name for name, _ in column_types(table) if name.startswith("narration_")]


def _snapshot(connection: duckdb.DuckDBPyConnection, table: str) -> list[tuple[object, ...]]:
    columns = ", ".join(["source_row_id", *_narration_columns(table)])
    return connection.execute(f"select {columns} from raw.{table} order by 1").fetchall()


def test_duckdb_warehouse_gains_and_fills_the_narration_columns(
    landing_dir: Path, duckdb_location: WarehouseLocation
) -> None:
    ingest_paths([landing_dir], duckdb_location)
    with duckdb.connect(str(duckdb_location.path)) as connection:
        fresh = {table: _snapshot(connection, table) for table in NARRATED}
        for table in NARRATED:
            for column in _narration_columns(table):
                connection.execute(f"alter table raw.{table} drop column {column}")

    report = ingest_paths([landing_dir], duckdb_location)  # opening the warehouse upgrades it

    assert report.total.loaded == 0
    with duckdb.connect(str(duckdb_location.path), read_only=True) as connection:
        upgraded = {table: _snapshot(connection, table) for table in NARRATED}
    assert upgraded == fresh
    assert any(row[1] == "UPI" for row in upgraded["statement_lines"])


@pytest.mark.postgres
def test_postgres_warehouse_gains_and_fills_the_narration_columns(
    landing_dir: Path, postgres_url: str
) -> None:
    import psycopg

    location = WarehouseLocation.parse(postgres_url, Path("."))
    ingest_paths([landing_dir], location)

    def snapshot(connection: psycopg.Connection[tuple[object, ...]], table: str) -> list[object]:
        columns = ", ".join(["source_row_id", *_narration_columns(table)])
        return list(connection.execute(f"select {columns} from raw.{table} order by 1"))

    with psycopg.connect(location.postgres_conninfo(), autocommit=True) as connection:
        fresh = {table: snapshot(connection, table) for table in NARRATED}
        for table in NARRATED:
            for column in _narration_columns(table):
                connection.execute(f"alter table raw.{table} drop column {column}")

    ingest_paths([landing_dir], location)

    with psycopg.connect(location.postgres_conninfo(), autocommit=True) as connection:
        assert {table: snapshot(connection, table) for table in NARRATED} == fresh
