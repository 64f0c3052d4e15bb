"""The transactional outbox: an event row written in the same transaction as the change.

Publishing after commit would lose the event whenever the process dies between the two; writing
the row inside the transaction means the change and its event exist together or not at all. The
relay (``payments.relay``) publishes rows to Kafka later, at least once; consumers de-duplicate
on ``event_id``.

Every payload is one JSON object: ``schema_version``, ``event_id``, ``event_type``,
``occurred_at`` (UTC, ISO 8601), ``person_id`` and the event's own fields.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from payments.tables import outbox

TOPIC = "hisaab.payments.v1"
SCHEMA_VERSION = 1
_INSERT = insert(outbox)


def record_event(
    conn: Connection,
    *,
    event_type: str,
    person_id: str,
    occurred_at: datetime,
    fields: dict[str, Any],
    event_id: str | None = None,
) -> str:
    """Add one event to the outbox inside the caller's open transaction; returns its id."""
    event_id = event_id or str(uuid.uuid4())
    payload = {
        "schema_version": SCHEMA_VERSION,
        "event_id": event_id,
        "event_type": event_type,
        "occurred_at": occurred_at.isoformat(),
        "person_id": person_id,
        **fields,
    }
    row = {
        "event_id": event_id,
        "topic": TOPIC,
        "message_key": person_id,
        "payload": json.dumps(payload, sort_keys=True, separators=(",", ":")),
        "created_at": occurred_at,
    }
    conn.execute(_INSERT, row)
    return event_id
