"""Lineage shared by every raw row: which file, which bytes, which line, when, and a stable id.

``source_row_id`` is a fingerprint of the row's natural key (never of the file or line), so the
same transaction read again from the same or an overlapping file gets the same id and is not loaded
twice.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl

from ingestion.duck import md5_hex
from ingestion.encoding import as_utf8

KEY_SEPARATOR = "\x1f"  # ASCII unit separator: never part of a narration, body or amount

# (file_id, line_no, content, reason): a row or file that could not be read
QuarantineRecord = tuple[int, int, str | None, str]


@dataclass(frozen=True)
class FileLineage:
    """Where a batch of rows came from; ``file_id`` is its position in the batch."""

    file_id: int
    path: str
    file_hash: str
    person_ref: str | None


def read_with_lineage(
    file_id: int, path: Path, person_ref: str | None
) -> tuple[FileLineage, bytes]:
    """The lineage (hash of the bytes as they landed) and the content, text as UTF-8."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    return FileLineage(file_id, str(path), digest, person_ref), as_utf8(data)


_clock = threading.Lock()
_last_now = datetime.min


def utc_now() -> datetime:
    """``ingested_at``: naive UTC, as the raw schema stores timestamps; never the same value twice
    in a process, so each batch's timestamp identifies its rows."""
    global _last_now
    with _clock:
        now = datetime.now(UTC).replace(tzinfo=None)
        _last_now = max(now, _last_now + timedelta(microseconds=1))
        return _last_now


def fingerprint(frame: pl.DataFrame, columns: Sequence[str], name: str) -> pl.Series:
    """md5 of the ``columns`` of each row joined by an unprintable separator (nulls as empty)."""
    parts = [pl.col(column).cast(pl.String).fill_null("") for column in columns]
    keys = frame.select(pl.concat_str(parts, separator=KEY_SEPARATOR).alias(name)).to_series()
    return md5_hex(keys)


def lineage_frame(files: Sequence[FileLineage]) -> pl.DataFrame:
    """One row per file, joined onto parsed rows by ``file_id``."""
    return pl.DataFrame(
        {
            "file_id": [f.file_id for f in files],
            "source_file": [f.path for f in files],
            "file_hash": [f.file_hash for f in files],
            "person_ref": [f.person_ref for f in files],
        },
        schema={
            "file_id": pl.Int64,
            "source_file": pl.String,
            "file_hash": pl.String,
            "person_ref": pl.String,
        },
    )


def empty_quarantine() -> pl.DataFrame:
    return pl.DataFrame(
        schema={"file_id": pl.Int64, "line_no": pl.Int64, "content": pl.String, "reason": pl.String}
    )


def quarantine_rows(records: Sequence[QuarantineRecord]) -> pl.DataFrame:
    """Quarantine rows built in Python (file-level problems, broken JSON lines)."""
    if not records:
        return empty_quarantine()
    return pl.DataFrame(records, schema=empty_quarantine().schema, orient="row")


def finish_quarantine(
    rows: pl.DataFrame, files: Sequence[FileLineage], source: str, ingested_at: datetime
) -> pl.DataFrame:
    """Add source and lineage; the id makes re-quarantining the same problem a no-op."""
    joined = rows.join(lineage_frame(files).drop("person_ref"), on="file_id", how="left")
    joined = joined.with_columns(source=pl.lit(source), ingested_at=pl.lit(ingested_at))
    key = ("source", "file_hash", "line_no", "reason", "content")
    return joined.with_columns(fingerprint(joined, key, "quarantine_id"))


def with_lineage(
    rows: pl.DataFrame, files: Sequence[FileLineage], ingested_at: datetime
) -> pl.DataFrame:
    """Join file lineage and ``person_ref`` onto parsed rows keyed by ``file_id``."""
    joined = rows.join(lineage_frame(files), on="file_id", how="left")
    return joined.with_columns(ingested_at=pl.lit(ingested_at).cast(pl.Datetime("us")))
