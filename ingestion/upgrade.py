"""Bring a raw schema created by an older Hisaab up to the contract in `ingestion.raw_schema`.

New columns are only ever added (never renamed or dropped), so an upgrade is: add what is missing,
then fill derived columns for the rows already stored, exactly as a fresh load would have. It runs
inside the connection's first transaction, so a warehouse is either upgraded whole or not at all.
"""

from __future__ import annotations

import polars as pl

from ingestion.derive import PREFIX, narration_fields
from ingestion.raw_schema import TABLES, column_types


def missing_columns(existing: list[tuple[object, ...]]) -> dict[str, list[tuple[str, str]]]:
    """Per raw table, the contract's (column, type) pairs absent from ``existing``.

    ``existing`` is (table_name, column_name) rows of ``information_schema.columns``; a table
    that does not exist at all is not listed (``create table if not exists`` makes it whole).
    """
    present: dict[str, set[str]] = {}
    for table, column in existing:
        present.setdefault(str(table), set()).add(str(column))
    return {
        table: [(name, kind) for name, kind in column_types(table) if name not in present[table]]
        for table in TABLES
        if table in present and any(name not in present[table] for name, _ in column_types(table))
    }


def needs_narration_backfill(added: list[tuple[str, str]]) -> bool:
    return any(name.startswith(PREFIX) for name, _ in added)


def narration_backfill(stored: pl.DataFrame) -> pl.DataFrame:
    """``source_row_id`` and the ``narration_*`` columns for rows loaded before they existed."""
    return stored.select("source_row_id").hstack(
        narration_fields(stored["narration"]).get_columns()
    )
