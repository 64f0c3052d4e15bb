"""The history of a payment: an append-only event per transition, mirrored into the outbox.

``payment_events`` is the app's own audit of every status an intent went through (never updated,
never deleted); the outbox copy, with the same id, is what reaches Kafka and the warehouse. That
copy leaves the app database, so it carries VPAs masked and no payee name (``payments.privacy``):
the warehouse reads neither, and a topic is no place for who-paid-whom.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, insert, select

from payments.outbox import record_event
from payments.privacy import mask_vpa
from payments.status import PaymentStatus
from payments.tables import payment_events

if TYPE_CHECKING:
    from payments.intents import Intent

PAYMENT_EVENT = "payment.status_changed"
_INSERT = insert(payment_events)
_COUNT = select(func.count()).where(payment_events.c.intent_id == bindparam("intent_id"))


def append_event(
    conn: Connection,
    intent: Intent,
    from_status: PaymentStatus | None,
    *,
    reason: str,
    detail: dict[str, Any],
    now: datetime,
    sequence: int | None = None,
) -> None:
    """``sequence`` is counted from the events so far unless the caller knows it (a new intent's
    first event is 1)."""
    if sequence is None:
        sequence = 1 + conn.execute(_COUNT, {"intent_id": intent.intent_id}).scalar_one()
    event_id = str(uuid.uuid4())
    row = {
        "event_id": event_id,
        "intent_id": intent.intent_id,
        "sequence": sequence,
        "from_status": from_status and str(from_status),
        "to_status": str(intent.status),
        "reason": reason,
        "detail": json.dumps(detail, sort_keys=True),
        "occurred_at": now,
    }
    conn.execute(_INSERT, row)
    fields = {
        "intent_id": intent.intent_id,
        "kind": intent.kind,
        "sequence": sequence,
        "from_status": from_status and str(from_status),
        "to_status": str(intent.status),
        "reason": reason,
        "amount_paise": intent.amount_paise,
        "category": intent.category,
        "payer_vpa": mask_vpa(intent.payer_vpa),
        "payee_vpa": mask_vpa(intent.payee_vpa),
        "rrn": intent.rrn,
        "npci_code": intent.npci_code,
    }
    record_event(
        conn,
        event_type=PAYMENT_EVENT,
        person_id=intent.person_id,
        occurred_at=now,
        fields=fields,
        event_id=event_id,
    )
