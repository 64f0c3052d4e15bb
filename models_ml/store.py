"""Reading marts and writing the ``ml`` schema, the same way on DuckDB and PostgreSQL.

Every ``ml`` table is written whole by the asset that owns it (``replace_table``): a model's
output is a function of one training run, so a half-old, half-new table would be wrong. The
replacement happens in one transaction, so readers see the old table or the new one.
"""

from __future__ import annotations

import re

import polars as pl

from hisaab.settings import WarehouseLocation
from ingestion.warehouse import open_warehouse

ML_SCHEMA = "ml"
_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")

_POSTGRES_TYPES: dict[type[pl.DataType], str] = {
    pl.Int8: "smallint", pl.Int16: "smallint", pl.Int32: "integer", pl.Int64: "bigint",
    pl.UInt8: "smallint", pl.UInt16: "integer", pl.UInt32: "bigint",
    pl.Float32: "double precision", pl.Float64: "double precision",
    pl.Boolean: "boolean", pl.String: "varchar", pl.Date: "date",
    pl.Datetime: "timestamp",
}  # fmt: skip


def read_frame(location: WarehouseLocation, sql: str) -> pl.DataFrame:
    """Rows of one query as a polars frame (marts, ``ml`` tables)."""
    with open_warehouse(location) as warehouse:
        return warehouse.read(sql)


def replace_table(location: WarehouseLocation, table: str, frame: pl.DataFrame) -> None:
    """``ml.<table>`` becomes exactly ``frame`` (created with columns typed from the frame)."""
    if not _NAME.match(table):
        raise ValueError(f"not a plain table name: {table!r}")
    with open_warehouse(location) as warehouse, warehouse.transaction():
        warehouse.execute(f"create schema if not exists {ML_SCHEMA}")
        warehouse.execute(f"drop table if exists {ML_SCHEMA}.{table}")
        if warehouse.dialect == "duckdb":
            connection = warehouse.connection  # type: ignore[attr-defined]
            connection.register("ml_frame", frame.to_arrow())
            try:
                connection.execute(f"create table {ML_SCHEMA}.{table} as select * from ml_frame")
            finally:
                connection.unregister("ml_frame")
            return
        _postgres_create(warehouse, table, frame)


def _postgres_create(warehouse: object, table: str, frame: pl.DataFrame) -> None:
    columns = ", ".join(f"{name} {_postgres_type(dtype)}" for name, dtype in frame.schema.items())
    connection = warehouse.connection  # type: ignore[attr-defined]
    with connection.cursor() as cursor:
        cursor.execute(f"create table {ML_SCHEMA}.{table} ({columns})".encode())
        if frame.height:
            names = ", ".join(frame.columns)
            payload = frame.write_csv(include_header=False, quote_style="non_numeric")
            statement = f"copy {ML_SCHEMA}.{table} ({names}) from stdin (format csv)"
            with cursor.copy(statement.encode()) as copy:
                copy.write(payload)


def _postgres_type(dtype: pl.DataType) -> str:
    for kind, name in _POSTGRES_TYPES.items():
        if isinstance(dtype, kind):
            return name
    raise TypeError(f"no PostgreSQL type for {dtype}: convert the column first (JSON as text)")
