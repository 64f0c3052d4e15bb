"""Handing polars frames to DuckDB and back through Arrow.

DuckDB recognises a polars DataFrame and converts it to a pyarrow table first, which copies and
re-encodes its strings. Wrapping the frame in an object that only speaks the Arrow C stream
interface makes DuckDB scan the polars buffers directly (zero copy): a million-row insert measured
about twice as fast as registering the frame or ``frame.to_arrow()``.
"""

from __future__ import annotations

import threading
from functools import cache
from typing import Any

import duckdb
import polars as pl


class ArrowStream:
    """A polars frame seen only through ``__arrow_c_stream__``; each scan gets a fresh stream."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any:
        return self.frame.__arrow_c_stream__(requested_schema)


def relation_to_frame(relation: duckdb.DuckDBPyRelation) -> pl.DataFrame:
    """A DuckDB query result as a polars frame, through a pyarrow table (zero copy; measured
    faster than letting polars pull the relation's C stream)."""
    frame = pl.from_arrow(relation.to_arrow_table())
    assert isinstance(frame, pl.DataFrame)
    return frame


def md5_hex(keys: pl.Series) -> pl.Series:
    """md5 of each string as 32 hex digits, computed vectorized inside an in-memory DuckDB.

    polars' own hash is not stable across polars versions, so it cannot key rows that live in the
    warehouse for years; md5 is the same in DuckDB and PostgreSQL, so SQL can recompute it. It is a
    fingerprint of a natural key here, not a security control.
    """
    connection, lock = _scratch()
    with lock:
        connection.register("fingerprint_keys", ArrowStream(keys.to_frame("key")))
        try:
            result = connection.sql("select md5(key) as digest from fingerprint_keys")
            return relation_to_frame(result).to_series().alias(keys.name)
        finally:
            connection.unregister("fingerprint_keys")


@cache
def _scratch() -> tuple[duckdb.DuckDBPyConnection, threading.Lock]:
    """One in-memory DuckDB per process (opening one costs tens of milliseconds)."""
    return duckdb.connect(), threading.Lock()
