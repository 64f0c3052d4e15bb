"""Read-only queries against the warehouse, whichever engine it is."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import psycopg

from hisaab.settings import WarehouseLocation

_NOT_BUILT = "the ledger is not built yet: run `make demo` or `hisaab pipeline run`"


class WarehouseNotBuilt(RuntimeError):
    """The warehouse file or schema does not exist yet: run the pipeline first."""


def query(location: WarehouseLocation, sql: str) -> list[tuple[Any, ...]]:
    """Run one read-only statement and return its rows."""
    if location.kind == "duckdb":
        assert location.path is not None
        if not location.path.exists():
            raise WarehouseNotBuilt(f"no warehouse at {location.path}: run `make demo` first")
        try:
            with duckdb.connect(str(location.path), read_only=True) as conn:
                return conn.execute(sql).fetchall()
        except duckdb.CatalogException as exc:
            raise WarehouseNotBuilt(f"{_NOT_BUILT}: {exc}".splitlines()[0]) from exc
    try:
        with psycopg.connect(location.postgres_conninfo()) as conn:
            return list(conn.execute(sql).fetchall())  # type: ignore[arg-type]
    except psycopg.errors.UndefinedTable as exc:
        raise WarehouseNotBuilt(f"{_NOT_BUILT}: {exc}".splitlines()[0]) from exc


def scalar(location: WarehouseLocation, sql: str) -> Any:
    rows: Sequence[tuple[Any, ...]] = query(location, sql)
    return rows[0][0] if rows else None
