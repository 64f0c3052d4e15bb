"""Load one parsed batch into ``raw``: new rows in, known rows counted as duplicates, files noted.

Rows are deduplicated inside the batch first (two overlapping statements in one run), then only rows
whose key is not stored yet are inserted (`Warehouse.insert_new`), all inside one transaction per
batch so counts and rows agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from ingestion.lineage import FileLineage
from ingestion.warehouse import STAGED, Warehouse, table_schema

_FILE_COUNTS = ("rows_loaded", "rows_duplicate", "rows_quarantined")


@dataclass
class SourceBatch:
    """What a parser hands the loader: rows per raw table (main table first) and quarantine rows.

    Every frame carries ``file_hash`` so counts can be attributed to files.
    """

    source: str
    files: Sequence[FileLineage]
    tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    quarantine: pl.DataFrame | None = None


def load_batch(warehouse: Warehouse, batch: SourceBatch, ingested_at: datetime) -> pl.DataFrame:
    """Insert the batch; returns one row per file with rows_loaded / duplicate / quarantined.

    ``ingested_at`` must be the batch's own timestamp (`ingestion.lineage.utc_now` never repeats
    one), the one its rows carry.
    """
    with warehouse.transaction():
        loaded: pl.DataFrame | None = None
        for table, rows in batch.tables.items():
            inserted = insert_new(warehouse, table, rows, "source_row_id")
            loaded = inserted if loaded is None else loaded
        if batch.quarantine is not None and batch.quarantine.height:
            insert_new(warehouse, "quarantine", batch.quarantine, "quarantine_id")
        outcomes = file_outcomes(batch, loaded, ingested_at)
        record_files(warehouse, outcomes)
    return outcomes


def insert_new(warehouse: Warehouse, table: str, rows: pl.DataFrame, key: str) -> pl.DataFrame:
    """Insert rows whose ``key`` is not in ``raw.<table>`` yet; new-row counts per file_hash."""
    if rows.height == 0:
        return pl.DataFrame(schema={"file_hash": pl.String, "rows_loaded": pl.Int64})
    unique = rows.unique(subset=key, keep="first", maintain_order=True)
    return warehouse.insert_new(table, unique, key)


def file_outcomes(
    batch: SourceBatch, loaded: pl.DataFrame | None, ingested_at: datetime
) -> pl.DataFrame:
    """Per file (by content hash): rows seen in the main table, newly loaded, quarantined."""
    files = _files(batch.files)
    main_rows = next(iter(batch.tables.values()), None)
    for counts in (
        _count_by_file(main_rows, "rows_seen"),
        loaded,
        _count_by_file(batch.quarantine, "rows_quarantined"),
    ):
        if counts is not None:
            files = files.join(counts, on="file_hash", how="left")
    files = _with_zero_columns(files, ("rows_seen", *_FILE_COUNTS))
    return files.with_columns(
        rows_duplicate=pl.col("rows_seen") - pl.col("rows_loaded"),
        source=pl.lit(batch.source),
        ingested_at=pl.lit(ingested_at).cast(pl.Datetime("us")),
    )


def upsert(warehouse: Warehouse, table: str, rows: pl.DataFrame, key: str) -> None:
    """Insert ``rows`` into ``raw.<table>``, replacing stored rows with the same ``key``."""
    columns = list(table_schema(table))
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
    with warehouse.transaction():
        warehouse.stage(STAGED, rows, table)
        try:
            warehouse.execute(
                f"insert into raw.{table} ({', '.join(columns)})"
                f" select {', '.join(columns)} from {STAGED}"
                f" on conflict ({key}) do update set {updates}"
            )
        finally:
            warehouse.unstage(STAGED)


def record_files(warehouse: Warehouse, outcomes: pl.DataFrame) -> None:
    """Upsert ``raw.ingested_files``: the latest run's counts, with rows_loaded accumulated.

    Accumulating rows_loaded keeps ``sum(rows_loaded)`` equal to the rows a file contributed to raw,
    however many times it was re-ingested (or first quarantined for want of an owner).
    """
    columns = list(table_schema("ingested_files"))
    latest = [c for c in columns if c not in ("file_hash", "rows_loaded")]
    updates = ", ".join(f"{c} = excluded.{c}" for c in latest)
    warehouse.stage(STAGED, outcomes, "ingested_files")
    try:
        warehouse.execute(
            f"insert into raw.ingested_files as previous ({', '.join(columns)})"
            f" select {', '.join(columns)} from {STAGED}"
            f" on conflict (file_hash) do update set {updates},"
            " rows_loaded = previous.rows_loaded + excluded.rows_loaded"
        )
    finally:
        warehouse.unstage(STAGED)


def _files(files: Sequence[FileLineage]) -> pl.DataFrame:
    """One row per distinct content (two copies of a file are one ``raw.ingested_files`` row)."""
    return pl.DataFrame(
        {
            "file_hash": [f.file_hash for f in files],
            "path": [f.path for f in files],
            "person_ref": [f.person_ref for f in files],
        },
        schema={"file_hash": pl.String, "path": pl.String, "person_ref": pl.String},
    ).unique("file_hash", keep="first", maintain_order=True)


def _count_by_file(rows: pl.DataFrame | None, name: str) -> pl.DataFrame | None:
    if rows is None or rows.height == 0:
        return None
    return rows.group_by("file_hash").len(name).with_columns(pl.col(name).cast(pl.Int64))


def _with_zero_columns(frame: pl.DataFrame, names: Sequence[str]) -> pl.DataFrame:
    missing = [pl.lit(0, pl.Int64).alias(n) for n in names if n not in frame.columns]
    return frame.with_columns(missing).with_columns(pl.col(names).fill_null(0))
