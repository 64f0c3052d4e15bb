"""Read a table for validation: read-only, only the columns a suite needs, sampled when large.

DuckDB allows one writing process: checks run after their asset's step has finished and closed
its connection, and each read here opens and closes its own read-only connection. A writer that
outlives its step (a dbt subprocess still exiting after a failed build) is waited for a little,
then reported as `WarehouseBusy` rather than crashing the check.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb
import pandas as pd  # type: ignore[import-untyped]
import psycopg

from hisaab.settings import WarehouseLocation

LOCK_WAIT_SECONDS = 15.0


class WarehouseBusy(RuntimeError):
    """Another process holds the DuckDB file's write lock."""


@dataclass(frozen=True)
class TableRead:
    """What was read, and which of the wanted columns the table lacks (or all, with no table)."""

    frame: pd.DataFrame
    rows_in_table: int
    missing_columns: tuple[str, ...] = ()
    table_exists: bool = True


def read_table(
    location: WarehouseLocation,
    relation: str,
    columns: list[str],
    max_rows: int,
    sample_key: str | None = None,
) -> TableRead:
    """Up to about ``max_rows`` rows of ``columns``; a larger table is sampled by ``sample_key``.

    Sampling by a hash of the key keeps every row of a sampled key, so a repeated key in the
    sample is a repeated key in the table; without a key the sample is a reservoir.
    """
    schema, table = relation.split(".")
    present = _columns(location, schema, table)
    if not present:
        return TableRead(pd.DataFrame(), 0, tuple(columns), table_exists=False)
    wanted = [column for column in columns if column in present]
    missing = tuple(column for column in columns if column not in present)
    count = int(str(query_rows(location, f"select count(*) from {relation}")[0][0]))
    select = ", ".join(f'"{column}"' for column in wanted) or "1 as row_present"
    sql = f"select {select} from {relation}"
    if count > max_rows:
        key = sample_key if sample_key in present else None
        sql += _sample(location, max_rows, count, key)
    return TableRead(_frame(location, sql), count, missing)


def query_rows(location: WarehouseLocation, sql: str) -> list[tuple[object, ...]]:
    if location.kind == "duckdb":
        with _read_only_duckdb(location) as conn:
            return conn.execute(sql).fetchall()
    with psycopg.connect(location.postgres_conninfo()) as conn:
        # Bytes: psycopg's types want a literal string, and these statements are built here.
        return list(conn.execute(sql.encode()).fetchall())


@contextmanager
def _read_only_duckdb(location: WarehouseLocation) -> Iterator[duckdb.DuckDBPyConnection]:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            conn = duckdb.connect(str(location.path), read_only=True)
            break
        except duckdb.IOException as exc:
            if "lock" not in str(exc) or time.monotonic() > deadline:
                raise WarehouseBusy(str(exc).splitlines()[0]) from exc
            time.sleep(0.5)
    try:
        yield conn
    finally:
        conn.close()


def _columns(location: WarehouseLocation, schema: str, table: str) -> set[str]:
    if location.kind == "duckdb" and not (location.path and location.path.exists()):
        return set()
    rows = query_rows(
        location,
        "select column_name from information_schema.columns"
        f" where table_schema = '{schema}' and table_name = '{table}'",
    )
    return {str(row[0]) for row in rows}


def _sample(location: WarehouseLocation, max_rows: int, count: int, key: str | None) -> str:
    """A reproducible sample of about ``max_rows`` rows."""
    per_mille = max(1, 1000 * max_rows // count)
    if key and location.kind == "duckdb":
        return f' where hash("{key}") % 1000 < {per_mille}'
    if key:
        return f' where abs(hashtext("{key}"::text)) % 1000 < {per_mille}'
    if location.kind == "duckdb":
        return f" using sample reservoir({max_rows} rows) repeatable (42)"
    return f" tablesample bernoulli ({per_mille / 10:.1f}) repeatable (42)"


def _frame(location: WarehouseLocation, sql: str) -> pd.DataFrame:
    if location.kind == "duckdb":
        with _read_only_duckdb(location) as conn:
            frame: pd.DataFrame = conn.execute(sql).df()
            return frame
    with psycopg.connect(location.postgres_conninfo()) as conn:
        cursor = conn.execute(sql.encode())
        names = [column.name for column in cursor.description or []]
        return _dates_as_timestamps(pd.DataFrame.from_records(cursor.fetchall(), columns=names))


def _dates_as_timestamps(frame: pd.DataFrame) -> pd.DataFrame:
    """psycopg returns ``date`` objects; pandas compares only datetime64 with the parameters."""
    for name in frame.columns:
        sample = frame[name].dropna()
        if frame[name].dtype == object and len(sample) and hasattr(sample.iloc[0], "isoformat"):
            frame[name] = pd.to_datetime(frame[name])
    return frame
