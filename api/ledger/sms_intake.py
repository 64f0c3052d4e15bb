"""Bank SMS forwarded by the phone app: read each at once, and land the batch for the pipeline.

Each message is parsed with the parser ingestion runs (`ingestion.sms.parse_sms`), so the
answer the phone gets is the row the ledger will hold. Messages not seen before are written
to ``<landing>/person=<ref>/sms/api-<batch>.jsonl`` in the SMS export format
(docs/landing-formats.md) *before* they are recorded as received: if anything fails after the
file is written, the phone re-sends and ingestion's natural key (person, sender, received_at,
body) drops the copy, so a message is never lost and never counted twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from api.ledger.tables import sms_batch_messages, sms_batches
from ingestion.sms import ParsedSms
from ingestion.sms.classify import classify


@dataclass(frozen=True)
class Sms:
    sender: str
    body: str
    received_at: datetime  # aware

    def key(self, person_ref: str) -> str:
        moment = self.received_at.astimezone(UTC).isoformat()
        return hashlib.sha256(
            "\x1f".join((person_ref, self.sender, moment, self.body)).encode()
        ).hexdigest()

    def export_line(self) -> str:
        return json.dumps(
            {"sender": self.sender, "received_at": self.received_at.isoformat(), "body": self.body},
            ensure_ascii=False,
        )


@dataclass(frozen=True)
class Outcome:
    parsed: ParsedSms
    is_duplicate: bool


def accept_batch(
    engine: Engine, landing: Path, person_ref: str, device_id: str, messages: list[Sms]
) -> tuple[str, list[Outcome]]:
    """Parse, land and record one batch; the batch id and one outcome per message, in order."""
    keys = [message.key(person_ref) for message in messages]
    seen = _known(engine, person_ref, set(keys))
    fresh: dict[str, Sms] = {}
    for key, message in zip(keys, messages, strict=True):
        if key not in seen:
            fresh.setdefault(key, message)
    batch_id = uuid.uuid4().hex
    landed = _land(landing, person_ref, batch_id, list(fresh.values())) if fresh else ""
    inserted = _record(engine, person_ref, device_id, batch_id, landed, fresh, len(messages))
    outcomes, counted = [], set()
    for key, parsed in zip(keys, parse_all(messages), strict=True):
        new = key in inserted and key not in counted
        counted.add(key)
        outcomes.append(Outcome(parsed, not new))
    return batch_id, outcomes


def parse_all(messages: list[Sms]) -> list[ParsedSms]:
    """`ingestion.sms.parse_sms` for a whole batch in one vectorized pass (same classifier)."""
    frame = pl.DataFrame(
        {
            "sender": [message.sender for message in messages],
            "body": [message.body for message in messages],
            "received_at": [_naive_utc(message.received_at) for message in messages],
        },
        schema={"sender": pl.String, "body": pl.String, "received_at": pl.Datetime("us")},
    )
    names = ParsedSms.__dataclass_fields__
    rows = classify(frame).iter_rows(named=True)
    return [ParsedSms(**{name: row[name] for name in names}) for row in rows]


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _known(engine: Engine, person_ref: str, keys: set[str]) -> set[str]:
    table = sms_batch_messages.c
    query = select(table.message_key).where(
        table.person_ref == person_ref, table.message_key.in_(keys)
    )
    with engine.connect() as conn:
        return {str(row[0]) for row in conn.execute(query)}


def _land(landing: Path, person_ref: str, batch_id: str, messages: list[Sms]) -> str:
    """Write the export file atomically (ingestion never sees half a file); its relative path."""
    relative = Path(f"person={person_ref}") / "sms" / f"api-{batch_id}.jsonl"
    target = landing / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.parent / f".{target.name}.partial"  # dot files are skipped by ingestion
    with partial.open("w", encoding="utf-8") as handle:
        handle.write("".join(message.export_line() + "\n" for message in messages))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return relative.as_posix()


def _record(
    engine: Engine,
    person_ref: str,
    device_id: str,
    batch_id: str,
    landed: str,
    fresh: dict[str, Sms],
    total: int,
) -> set[str]:
    """Remember the batch and its new messages; the keys this batch was first to record."""
    insert = (postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert)(
        sms_batch_messages
    )
    inserted: set[str] = set()
    with engine.begin() as conn:
        for key in fresh:
            statement = insert.values(person_ref=person_ref, message_key=key, batch_id=batch_id)
            if conn.execute(statement.on_conflict_do_nothing()).rowcount:
                inserted.add(key)
        conn.execute(
            sms_batches.insert().values(
                batch_id=batch_id,
                person_ref=person_ref,
                device_id=device_id[:128],
                landing_file=landed,
                message_count=total,
                new_count=len(inserted),
                received_at=datetime.now(UTC),
            )
        )
    return inserted
