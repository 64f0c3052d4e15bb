"""Write delivered payments events into ``raw``: each event once, bad messages quarantined.

Both feeds deliver at least once (the relay re-publishes after a crash, a consumer re-reads after
one), so the load is an insert of the events whose ``event_id`` is not stored yet; the first
delivery's position is the one kept. Events and quarantine rows of a batch commit together.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from ingestion.lineage import fingerprint, utc_now
from ingestion.load import insert_new
from ingestion.payment_events.parse import parse_event
from ingestion.warehouse import Warehouse, table_schema

QUARANTINE_SOURCE = "payment_events"
QUARANTINE_KEY = ("source", "file_hash", "line_no", "reason", "content")


@dataclass(frozen=True)
class Message:
    """One delivered event: its feed ('kafka' | 'outbox'), where in it, and its bytes."""

    source: str
    position: str
    origin: str  # the topic or table, quarantine's ``source_file`` with the position
    value: bytes


@dataclass
class FeedResult:
    """What one run of a feed did; ``positions`` and ``lag`` say how far it has read."""

    read: int = 0
    loaded: int = 0
    duplicate: int = 0
    quarantined: int = 0
    positions: dict[str, int] = field(default_factory=dict)
    lag: int | None = None

    def add(self, other: FeedResult) -> None:
        self.read += other.read
        self.loaded += other.loaded
        self.duplicate += other.duplicate
        self.quarantined += other.quarantined


def write_messages(warehouse: Warehouse, messages: Sequence[Message]) -> FeedResult:
    """Load one batch in one transaction; returns its counts."""
    events, quarantine = frames(messages, utc_now())
    with warehouse.transaction():
        loaded = _inserted(insert_new(warehouse, "payment_events", events, "event_id"))
        quarantined = _inserted(insert_new(warehouse, "quarantine", quarantine, "quarantine_id"))
    duplicate = events.height - loaded  # already stored, or twice in this batch
    return FeedResult(len(messages), loaded, duplicate, quarantined)


def frames(messages: Sequence[Message], ingested_at: datetime) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(``raw.payment_events`` rows, ``raw.quarantine`` rows) for a batch, in delivery order."""
    events: list[dict[str, object]] = []
    problems: list[dict[str, object]] = []
    for message in messages:
        parsed = parse_event(message.value)
        digest = hashlib.sha256(message.value).hexdigest()
        if isinstance(parsed, str):
            problems.append(_quarantine_row(message, parsed, digest, ingested_at))
        else:
            parsed.update(
                payload=message.value.decode(),
                source=message.source,
                source_position=message.position,
                file_hash=digest,
                ingested_at=ingested_at,
            )
            events.append(parsed)
    return _frame(events, "payment_events"), _quarantine_frame(problems)


def _quarantine_row(
    message: Message, reason: str, digest: str, ingested_at: datetime
) -> dict[str, object]:
    """A message has no lines: its position goes in ``source_file``; the id is by content, so a
    re-delivered bad message is quarantined once."""
    return {
        "source": QUARANTINE_SOURCE,
        "content": message.value.decode(errors="replace"),
        "reason": reason,
        "source_file": f"{message.origin}:{message.position}",
        "file_hash": digest,
        "line_no": 0,
        "ingested_at": ingested_at,
    }


def _frame(rows: list[dict[str, object]], table: str) -> pl.DataFrame:
    schema = table_schema(table)
    return pl.DataFrame(rows, schema=schema) if rows else pl.DataFrame(schema=schema)


def _quarantine_frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    schema = table_schema("quarantine")
    frame = pl.DataFrame(rows, schema={k: v for k, v in schema.items() if k != "quarantine_id"})
    if frame.height == 0:
        return pl.DataFrame(schema=schema)
    return frame.with_columns(fingerprint(frame, QUARANTINE_KEY, "quarantine_id"))


def _inserted(counts: pl.DataFrame) -> int:
    return int(counts["rows_loaded"].sum()) if counts.height else 0
