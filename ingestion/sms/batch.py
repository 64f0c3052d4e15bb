"""SMS export files → one `SourceBatch` of ``raw.sms_messages`` rows and quarantine rows.

A line that is not JSON, lacks sender / received_at / body, or whose time has no UTC offset is
quarantined; every other line is kept, transaction or not (non-transactions carry a reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import polars as pl

from ingestion.amounts import parse_utc_timestamp
from ingestion.landing import LandingFile
from ingestion.lineage import (
    QuarantineRecord,
    fingerprint,
    finish_quarantine,
    quarantine_rows,
    read_with_lineage,
    with_lineage,
)
from ingestion.load import SourceBatch
from ingestion.sms.classify import classify
from ingestion.sms.read import FIELDS, raw_line, read_lines

NATURAL_KEY = ("person_ref", "sender", "received_at", "body")


def read_sms(files: Sequence[LandingFile], ingested_at: datetime) -> SourceBatch:
    loaded = [read_with_lineage(i, f.path, f.person_ref) for i, f in enumerate(files)]
    lineages = [lineage for lineage, _ in loaded]
    lines, broken = read_lines([(lineage.file_id, data) for lineage, data in loaded])
    lines = lines.rename({"received_at": "received_at_text"})
    lines = lines.with_columns(received_at=parse_utc_timestamp(pl.col("received_at_text")))
    lines = lines.with_columns(reason=_problem())
    invalid = _invalid_lines(lines, {lineage.file_id: data for lineage, data in loaded})
    messages = classify(lines.filter(pl.col("reason").is_null()).drop("reason"))
    messages = with_lineage(messages, lineages, ingested_at)
    messages = messages.with_columns(fingerprint(messages, NATURAL_KEY, "source_row_id"))
    quarantine = quarantine_rows([*broken, *invalid])
    return SourceBatch(
        source="sms",
        files=lineages,
        tables={"sms_messages": messages},
        quarantine=finish_quarantine(quarantine, lineages, "sms", ingested_at),
    )


def _invalid_lines(lines: pl.DataFrame, data_by_id: dict[int, bytes]) -> list[QuarantineRecord]:
    """Quarantine records, with the raw line as content, for rows that have a ``reason``."""
    bad = lines.filter(pl.col("reason").is_not_null()).select("file_id", "line_no", "reason")
    return [
        (file_id, line_no, raw_line(data_by_id[file_id], line_no), reason)
        for file_id, line_no, reason in bad.iter_rows()
    ]


def _problem() -> pl.Expr:
    """Why a JSON line cannot be stored, or null."""
    columns = {"sender": "sender", "received_at": "received_at_text", "body": "body"}
    missing = [pl.when(pl.col(columns[f]).fill_null("") == "").then(pl.lit(f)) for f in FIELDS]
    missing_list = pl.concat_str(missing, separator=", ", ignore_nulls=True)
    bad_time = pl.format(
        "received_at '{}' is not ISO 8601 with a UTC offset", pl.col("received_at_text")
    )
    return (
        pl.when(missing_list != "")
        .then(pl.format("missing field(s): {}", missing_list))
        .when(pl.col("received_at").is_null())
        .then(bad_time)
        .otherwise(pl.lit(None, pl.String))
    )
