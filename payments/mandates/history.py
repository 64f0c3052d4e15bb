"""A mandate's history: one append-only ``mandate_events`` row per change, mirrored into the
outbox with the same id, inside the caller's transaction.

The outbox copy is what reaches Kafka and the warehouse, so it carries what a consumer needs
without reading the app database: the mandate's identity and terms, its status before and
after, the amount concerned (the notified or debited amount for notifications and executions,
the mandate's own amount otherwise) and the event's specifics. The payee's VPA is masked, as
for payments (``payments.events``); its name stays: an AutoPay payee is a merchant or biller
registered with a PSP (a streaming service, a lender), not a private person, and the
pre-debit notice a payer receives names it.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select

from payments.mandates.status import MandateStatus
from payments.mandates.tables import mandate_events
from payments.outbox import record_event
from payments.privacy import mask_vpa

if TYPE_CHECKING:
    from payments.mandates.records import Mandate


def append_mandate_event(
    conn: Connection,
    mandate: Mandate,
    *,
    event_type: str,
    from_status: MandateStatus | None,
    reason: str,
    now: datetime,
    amount_paise: int | None = None,
    detail: dict[str, Any] | None = None,
) -> str:
    """Write the event row and its outbox twin; returns the shared event id."""
    detail = detail or {}
    event_id = str(uuid.uuid4())
    sequence = _next_sequence(conn, mandate.mandate_id)
    conn.execute(
        insert(mandate_events).values(
            event_id=event_id,
            mandate_id=mandate.mandate_id,
            sequence=sequence,
            event_type=event_type,
            from_status=from_status and str(from_status),
            to_status=str(mandate.status),
            reason=reason,
            detail=json.dumps(detail, sort_keys=True),
            occurred_at=now,
        )
    )
    fields = _outbox_fields(mandate, sequence, from_status, reason, amount_paise)
    record_event(
        conn,
        event_type=event_type,
        person_id=mandate.person_id,
        occurred_at=now,
        fields={**fields, **detail},
        event_id=event_id,
    )
    return event_id


def _next_sequence(conn: Connection, mandate_id: str) -> int:
    """Safe without a lock of its own: callers hold the mandate's row lock (``load_mandate``)."""
    query = select(func.count()).where(mandate_events.c.mandate_id == mandate_id)
    return 1 + conn.execute(query).scalar_one()


def _outbox_fields(
    mandate: Mandate,
    sequence: int,
    from_status: MandateStatus | None,
    reason: str,
    amount_paise: int | None,
) -> dict[str, Any]:
    return {
        "mandate_id": mandate.mandate_id,
        "sequence": sequence,
        "from_status": from_status and str(from_status),
        "to_status": str(mandate.status),
        "reason": reason,
        "amount_paise": mandate.amount_paise if amount_paise is None else amount_paise,
        "mandate_amount_paise": mandate.amount_paise,
        "amount_rule": str(mandate.amount_rule),
        "frequency": str(mandate.frequency),
        "category": mandate.category,
        "payee_vpa": mask_vpa(mandate.payee_vpa),
        "payee_name": mandate.payee_name,
    }
