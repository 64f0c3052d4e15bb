"""The two warehouses raw rows land in, behind one small interface.

Loading is plain SQL shared by both (`ingestion.load`). They differ in how a polars frame becomes a
queryable relation (DuckDB scans the Arrow buffers in place, PostgreSQL gets a ``COPY`` into a
temporary table) and in how the rows an insert added are counted. Column names and types come from
`ingestion.raw_schema`, the contract.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import datetime
from typing import Protocol

import duckdb
import polars as pl
import psycopg

from hisaab.settings import WarehouseLocation
from ingestion.duck import ArrowStream
from ingestion.raw_schema import TABLES, create_statements

_SQL_TYPES: dict[str, pl.DataType] = {
    "varchar": pl.String(),
    "bigint": pl.Int64(),
    "integer": pl.Int32(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "timestamp": pl.Datetime("us"),
}
_COLUMN = re.compile(r"^\s*(?P<name>\w+)\s+(?P<type>\w+)", re.MULTILINE)


def table_schema(table: str) -> dict[str, pl.DataType]:
    """Column names and polars types of ``raw.<table>``, read from the DDL contract."""
    return {m["name"]: _SQL_TYPES[m["type"]] for m in _COLUMN.finditer(TABLES[table])}


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Exactly the table's columns, in order, with its types (a missing column is a bug: raise)."""
    return frame.select([pl.col(name).cast(dtype) for name, dtype in table_schema(table).items()])


def insert_sql(staged: str, table: str, key: str) -> str:
    columns = ", ".join(table_schema(table))
    return (
        f"insert into raw.{table} ({columns}) select {columns} from {staged}"
        f" on conflict ({key}) do nothing"
    )


class Warehouse(Protocol):
    def execute(self, sql: str) -> list[tuple[object, ...]]: ...

    def stage(self, name: str, frame: pl.DataFrame, table: str) -> None:
        """Make ``frame`` (conformed to ``raw.<table>``) queryable as ``name``."""

    def unstage(self, name: str) -> None: ...

    def insert_new(
        self, staged: str, table: str, key: str, ingested_at: datetime
    ) -> list[tuple[object, ...]]:
        """Insert staged rows whose ``key`` is new; (file_hash, rows inserted) pairs.

        ``ingested_at`` is the batch's own timestamp, carried by every staged row.
        """

    def transaction(self) -> AbstractContextManager[None]: ...

    def close(self) -> None: ...


class DuckDbWarehouse:
    def __init__(self, location: WarehouseLocation) -> None:
        assert location.path is not None
        location.path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = duckdb.connect(str(location.path))
        # A checkpoint rewrites every primary-key index whole, so checkpointing every 16 MB of
        # WAL (the default) makes large loads slow; fewer, larger checkpoints run on the loader
        # thread while the next chunk is parsed, and one more when the connection closes.
        self.connection.execute("set checkpoint_threshold = '256MB'")

    def execute(self, sql: str) -> list[tuple[object, ...]]:
        return self.connection.execute(sql).fetchall()

    def stage(self, name: str, frame: pl.DataFrame, table: str) -> None:
        self.connection.register(name, ArrowStream(conform(frame, table)))

    def unstage(self, name: str) -> None:
        self.connection.unregister(name)

    def insert_new(
        self, staged: str, table: str, key: str, ingested_at: datetime
    ) -> list[tuple[object, ...]]:
        """Conflicts are found through the primary-key index; the new rows are then counted by
        their batch timestamp, which zone maps make a scan of the newest row groups only."""
        self.connection.execute(insert_sql(staged, table, key))
        return self.connection.execute(
            f"select file_hash, count(*) from raw.{table} where ingested_at = ?"
            f" and file_hash in (select file_hash from {staged}) group by file_hash",
            [ingested_at],
        ).fetchall()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.connection.begin()
        try:
            yield
        except BaseException:
            self.connection.rollback()
            raise
        self.connection.commit()

    def close(self) -> None:
        try:
            self.connection.execute("checkpoint")
            self.connection.execute("reset checkpoint_threshold")  # shared by the process
        finally:
            self.connection.close()


class PostgresWarehouse:
    def __init__(self, location: WarehouseLocation) -> None:
        self.connection = psycopg.connect(location.postgres_conninfo(), autocommit=True)

    def execute(self, sql: str) -> list[tuple[object, ...]]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql.encode())
            return cursor.fetchall() if cursor.description else []

    def stage(self, name: str, frame: pl.DataFrame, table: str) -> None:
        """``COPY`` as CSV: strings are quoted so an empty string stays distinct from NULL."""
        conformed = conform(frame, table)
        columns = ", ".join(conformed.columns)
        payload = conformed.write_csv(include_header=False, quote_style="non_numeric")
        with self.connection.cursor() as cursor:
            cursor.execute(f"create temp table {name} (like raw.{table}) on commit drop".encode())
            with cursor.copy(f"copy {name} ({columns}) from stdin (format csv)".encode()) as copy:
                copy.write(payload)

    def unstage(self, name: str) -> None:
        self.execute(f"drop table if exists {name}")

    def insert_new(
        self, staged: str, table: str, key: str, ingested_at: datetime
    ) -> list[tuple[object, ...]]:
        """``returning`` reports exactly the rows this statement inserted, even if another
        process is loading the same files concurrently."""
        inserted = f"{insert_sql(staged, table, key)} returning file_hash"
        return self.execute(
            f"with inserted as ({inserted}) select file_hash, count(*) from inserted group by 1"
        )

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.connection.transaction():
            yield

    def close(self) -> None:
        self.connection.close()


@contextmanager
def open_warehouse(location: WarehouseLocation) -> Iterator[Warehouse]:
    """Connect and make sure the raw schema exists (idempotent DDL from the contract)."""
    warehouse: DuckDbWarehouse | PostgresWarehouse
    if location.kind == "duckdb":
        warehouse = DuckDbWarehouse(location)
    else:
        warehouse = PostgresWarehouse(location)
    try:
        with warehouse.transaction():
            for statement in create_statements():
                warehouse.execute(statement)
        yield warehouse
    finally:
        warehouse.close()
