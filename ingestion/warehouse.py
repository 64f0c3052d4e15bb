"""The two warehouses raw rows land in, behind one small interface.

Loading is plain SQL shared by both (`ingestion.load`). They differ in how a polars frame becomes a
queryable relation (DuckDB scans the Arrow buffers in place, PostgreSQL gets a ``COPY`` into a
temporary table) and in how they keep row keys unique: PostgreSQL by its primary keys, DuckDB by an
anti-join (see `ingestion.raw_schema.create_statements`). Column names and types come from
`ingestion.raw_schema`, the contract.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

import duckdb
import polars as pl
import psycopg

from hisaab.settings import WarehouseLocation
from ingestion.derive import NARRATED_TABLES
from ingestion.duck import ArrowStream, relation_to_frame
from ingestion.raw_schema import Dialect, column_types, create_statements
from ingestion.upgrade import missing_columns, narration_backfill, needs_narration_backfill

_SQL_TYPES: dict[str, pl.DataType] = {
    "varchar": pl.String(),
    "bigint": pl.Int64(),
    "integer": pl.Int32(),
    "boolean": pl.Boolean(),
    "date": pl.Date(),
    "timestamp": pl.Datetime("us"),
}
_COUNTS = {"file_hash": pl.String(), "rows_loaded": pl.Int64()}
STAGED = "incoming_rows"


def table_schema(table: str) -> dict[str, pl.DataType]:
    """Column names and polars types of ``raw.<table>``, read from the DDL contract."""
    return {name: _SQL_TYPES[kind] for name, kind in column_types(table)}


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Exactly the table's columns, in order, with its types (a missing column is a bug: raise)."""
    return frame.select([pl.col(name).cast(dtype) for name, dtype in table_schema(table).items()])


def insert_sql(staged: str, table: str) -> str:
    columns = ", ".join(table_schema(table))
    return f"insert into raw.{table} ({columns}) select {columns} from {staged}"


def count_by_file(file_hashes: pl.Series) -> pl.DataFrame:
    """(file_hash, rows_loaded) for the rows an insert added."""
    counts = file_hashes.to_frame("file_hash").group_by("file_hash").len("rows_loaded")
    return counts.with_columns(pl.col("rows_loaded").cast(pl.Int64))


class Warehouse(Protocol):
    dialect: Dialect

    def execute(self, sql: str) -> list[tuple[object, ...]]: ...

    def stage(self, name: str, frame: pl.DataFrame, table: str) -> None:
        """Make ``frame`` (conformed to ``raw.<table>``) queryable as ``name``."""

    def unstage(self, name: str) -> None: ...

    def insert_new(self, table: str, rows: pl.DataFrame, key: str) -> pl.DataFrame:
        """Insert the rows (unique by ``key``) whose ``key`` is not in ``raw.<table>`` yet; returns
        (file_hash, rows_loaded) of the rows inserted. Runs inside `transaction`."""

    def read(self, sql: str) -> pl.DataFrame: ...

    def update_from(self, table: str, values: pl.DataFrame, key: str) -> None:
        """Set ``raw.<table>``'s columns named in ``values`` from the row with the same ``key``."""

    def transaction(self) -> AbstractContextManager[None]: ...

    def close(self) -> None: ...


class DuckDbWarehouse:
    dialect: Dialect = "duckdb"

    def __init__(self, location: WarehouseLocation) -> None:
        assert location.path is not None
        location.path.parent.mkdir(parents=True, exist_ok=True)
        # The default checkpoint threshold (16 MB of WAL) is kept: without primary-key indexes
        # a checkpoint is cheap, and frequent ones run on the loader thread while the next chunk
        # is parsed, leaving little for the checkpoint at close (a 256 MB threshold measured
        # slower end to end).
        self.connection = duckdb.connect(str(location.path))

    def execute(self, sql: str) -> list[tuple[object, ...]]:
        return self.connection.execute(sql).fetchall()

    def stage(self, name: str, frame: pl.DataFrame, table: str) -> None:
        self.connection.register(name, ArrowStream(conform(frame, table)))

    def unstage(self, name: str) -> None:
        self.connection.unregister(name)

    def insert_new(self, table: str, rows: pl.DataFrame, key: str) -> pl.DataFrame:
        """Rows whose key is already stored are dropped, the rest appended in one insert.

        No unique index does this: DuckDB maintains an index on a 32-character varchar far more
        slowly than it scans the key column once per batch. It is safe without a constraint
        because a DuckDB file has one writer process and this runs inside the load's transaction.
        A warehouse created with primary keys (before this) still loads, only more slowly.
        """
        rows = conform(rows, table)
        known = self._stored_keys(table, rows.select(key))
        if known.len():
            rows = rows.filter(~pl.col(key).is_in(known.implode()))
        self.connection.register(STAGED, ArrowStream(rows))
        try:
            self.connection.execute(insert_sql(STAGED, table))
        finally:
            self.unstage(STAGED)
        return count_by_file(rows["file_hash"])

    def read(self, sql: str) -> pl.DataFrame:
        return relation_to_frame(self.connection.sql(sql))

    def update_from(self, table: str, values: pl.DataFrame, key: str) -> None:
        self.connection.register(STAGED, ArrowStream(values))
        try:
            self.connection.execute(_update_sql(table, values, key))
        finally:
            self.unstage(STAGED)

    def _stored_keys(self, table: str, keys: pl.DataFrame) -> pl.Series:
        """Which of ``keys`` (a one-column frame) ``raw.<table>`` holds already (a semi-join)."""
        key = keys.columns[0]
        self.connection.register(STAGED, ArrowStream(keys))
        try:
            found = self.connection.sql(
                f"select {key} from raw.{table} where {key} in (select {key} from {STAGED})"
            )
            return relation_to_frame(found).to_series()
        finally:
            self.unstage(STAGED)

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
            self.connection.execute("checkpoint")  # leave a complete file, no WAL to replay
        finally:
            self.connection.close()


class PostgresWarehouse:
    dialect: Dialect = "postgres"

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

    def insert_new(self, table: str, rows: pl.DataFrame, key: str) -> pl.DataFrame:
        """The primary key finds conflicts; ``returning`` reports exactly the rows this statement
        inserted, even if another process is loading the same files concurrently."""
        self.stage(STAGED, rows, table)
        try:
            inserted = (
                f"{insert_sql(STAGED, table)} on conflict ({key}) do nothing returning file_hash"
            )
            counts = self.execute(
                f"with inserted as ({inserted}) select file_hash, count(*) from inserted group by 1"
            )
        finally:
            self.unstage(STAGED)
        return pl.DataFrame(counts, schema=_COUNTS, orient="row")

    def read(self, sql: str) -> pl.DataFrame:
        with self.connection.cursor() as cursor:
            cursor.execute(sql.encode())
            names = [column.name for column in cursor.description or []]
            return pl.DataFrame(cursor.fetchall(), schema=names, orient="row")

    def update_from(self, table: str, values: pl.DataFrame, key: str) -> None:
        columns = ", ".join(values.columns)
        payload = values.write_csv(include_header=False, quote_style="non_numeric")
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"create temp table {STAGED} as select {columns} from raw.{table} limit 0".encode()
            )
            try:
                with cursor.copy(
                    f"copy {STAGED} ({columns}) from stdin (format csv)".encode()
                ) as copy:
                    copy.write(payload)
                cursor.execute(_update_sql(table, values, key).encode())
            finally:
                cursor.execute(f"drop table if exists {STAGED}".encode())

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
            for statement in create_statements(dialect=warehouse.dialect):
                warehouse.execute(statement)
            upgrade(warehouse)
        yield warehouse
    finally:
        warehouse.close()


def upgrade(warehouse: Warehouse) -> None:
    """Add the contract's columns an older raw schema lacks and fill the derived ones."""
    existing = warehouse.execute(
        "select table_name, column_name from information_schema.columns where table_schema = 'raw'"
    )
    for table, added in missing_columns(existing).items():
        for name, kind in added:
            warehouse.execute(f"alter table raw.{table} add column {name} {kind}")
        if table in NARRATED_TABLES and needs_narration_backfill(added):
            stored = warehouse.read(f"select source_row_id, narration from raw.{table}")
            if stored.height:
                warehouse.update_from(table, narration_backfill(stored), "source_row_id")


def _update_sql(table: str, values: pl.DataFrame, key: str) -> str:
    assignments = ", ".join(f"{c} = {STAGED}.{c}" for c in values.columns if c != key)
    return (
        f"update raw.{table} set {assignments} from {STAGED}"
        f" where raw.{table}.{key} = {STAGED}.{key}"
    )
