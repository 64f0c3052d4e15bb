"""Debit attempts: each one is a row here plus a ``collect`` payment intent that carries it.

The payee pulls under the mandate, so the intent is a collect from the payer's VPA, created in
the same transaction as the execution row (and its ``mandate.execution_requested`` event), and
submitted to the gateway after commit by the payments service, like any other intent.

The execution's status is the intent's, read back (``sync_execution``): callbacks and status
checks settle the intent, and syncing carries their answer here, with an event, and completes a
one-time mandate once it has been debited.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from payments.intents import IntentRequest, insert_intent, load_intent
from payments.mandates.history import append_mandate_event
from payments.mandates.notifications import PreDebitNotification
from payments.mandates.records import Mandate, load_mandate, transition_mandate
from payments.mandates.schedule import Frequency
from payments.mandates.status import ExecutionStatus, MandateStatus, can_move_execution
from payments.mandates.tables import mandate_executions
from payments.status import PaymentStatus
from payments.tables import payment_events
from payments.upi.limits import PaymentCategory

E = ExecutionStatus
FROM_INTENT = {
    PaymentStatus.CREATED: E.REQUESTED,
    PaymentStatus.SUBMITTED: E.PENDING,
    PaymentStatus.PENDING: E.PENDING,
    PaymentStatus.SUCCESS: E.SUCCEEDED,
    PaymentStatus.FAILED: E.FAILED,
    PaymentStatus.EXPIRED: E.EXPIRED,
}
OPEN = frozenset({E.REQUESTED, E.PENDING, E.EXPIRED})  # an answer may still arrive


@dataclass(frozen=True)
class Execution:
    execution_id: str
    mandate_id: str
    notification_id: str
    period: str
    debit_date: date
    attempt: int
    amount_paise: int
    intent_id: str
    status: ExecutionStatus
    reason: str
    npci_code: str | None
    step_up_verified_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def from_row(cls, row: Any) -> Execution:
        values = dict(row._mapping)
        values["status"] = ExecutionStatus(values["status"])
        return cls(**values)


def attempts_for(conn: Connection, mandate_id: str, period: str) -> list[Execution]:
    """Every attempt of one cycle, first to last."""
    table = mandate_executions.c
    rows = conn.execute(
        select(mandate_executions)
        .where(table.mandate_id == mandate_id)
        .where(table.period == period)
        .order_by(table.attempt)
    )
    return [Execution.from_row(row) for row in rows]


def open_execution_ids(conn: Connection, mandate_id: str | None = None) -> list[str]:
    query = select(mandate_executions.c.execution_id).where(
        mandate_executions.c.status.in_([str(status) for status in OPEN])
    )
    if mandate_id is not None:
        query = query.where(mandate_executions.c.mandate_id == mandate_id)
    return list(conn.execute(query.order_by(mandate_executions.c.created_at)).scalars())


def load_execution(conn: Connection, execution_id: str) -> Execution:
    query = select(mandate_executions).where(mandate_executions.c.execution_id == execution_id)
    return Execution.from_row(conn.execute(query).one())


def start_execution(
    conn: Connection,
    mandate: Mandate,
    notification: PreDebitNotification,
    *,
    attempt: int,
    now: datetime,
    step_up_verified: bool,
) -> Execution:
    """Store the attempt and its collect intent (status ``requested``), with the event."""
    intent = insert_intent(conn, mandate.person_id, _collect_request(mandate, notification), now)
    execution = Execution(
        str(uuid.uuid4()),
        mandate.mandate_id,
        notification.notification_id,
        notification.period,
        notification.debit_date,
        attempt,
        notification.amount_paise,
        intent.intent_id,
        E.REQUESTED,
        "created",
        None,
        now if step_up_verified else None,
        now,
        now,
    )
    conn.execute(insert(mandate_executions).values(**asdict(execution)))
    _record(conn, mandate, execution, None, now)
    return execution


def _collect_request(mandate: Mandate, notification: PreDebitNotification) -> IntentRequest:
    note = f"AutoPay {notification.period} {mandate.purpose}".strip()
    return IntentRequest(
        kind="mandate",
        payer_vpa=mandate.payer_vpa,
        payee_vpa=mandate.payee_vpa,
        payee_name=mandate.payee_name,
        amount_paise=notification.amount_paise,
        category=PaymentCategory(mandate.category),
        note=note[:80].strip(),
    ).validated()


def sync_execution(conn: Connection, execution_id: str, now: datetime) -> Execution:
    """Carry the intent's status over to the execution (with its event), if it moved on."""
    execution = load_execution(conn, execution_id)
    mandate = load_mandate(conn, execution.mandate_id)  # lock order: mandate, then intent
    intent = load_intent(conn, execution.intent_id)
    target = FROM_INTENT[intent.status]
    if target == execution.status or not can_move_execution(execution.status, target):
        return execution
    moved = replace(
        execution,
        status=target,
        reason=_last_reason(conn, intent.intent_id),
        npci_code=intent.npci_code,
        updated_at=now,
    )
    if not _store(conn, execution, moved):
        return load_execution(conn, execution_id)  # another sync carried it over first
    _record(conn, mandate, moved, execution.status, now)
    if target == E.SUCCEEDED:
        _complete_if_one_time(conn, mandate, now)
    return moved


def _store(conn: Connection, before: Execution, after: Execution) -> bool:
    """Compare-and-set on the status, so two syncs racing write one event, not two."""
    table = mandate_executions.c
    changed = conn.execute(
        update(mandate_executions)
        .where(table.execution_id == before.execution_id)
        .where(table.status == str(before.status))
        .values(
            status=str(after.status),
            reason=after.reason,
            npci_code=after.npci_code,
            updated_at=after.updated_at,
        )
    )
    return changed.rowcount == 1


def _last_reason(conn: Connection, intent_id: str) -> str:
    """Why the intent last moved (``gateway_rejected``, ``callback``…), from its own events."""
    query = (
        select(payment_events.c.reason)
        .where(payment_events.c.intent_id == intent_id)
        .order_by(payment_events.c.sequence.desc())
    )
    return str(conn.execute(query.limit(1)).scalar_one())


def _complete_if_one_time(conn: Connection, mandate: Mandate, now: datetime) -> None:
    if mandate.frequency == Frequency.ONETIME and mandate.status == MandateStatus.ACTIVE:
        transition_mandate(
            conn,
            mandate,
            MandateStatus.COMPLETED,
            event_type="mandate.completed",
            reason="onetime_debited",
            now=now,
        )


def _record(
    conn: Connection,
    mandate: Mandate,
    execution: Execution,
    previous: ExecutionStatus | None,
    now: datetime,
) -> None:
    append_mandate_event(
        conn,
        mandate,
        event_type=f"mandate.execution_{execution.status}",
        from_status=mandate.status,
        reason=execution.reason,
        now=now,
        amount_paise=execution.amount_paise,
        detail={
            "execution_id": execution.execution_id,
            "intent_id": execution.intent_id,
            "period": execution.period,
            "debit_date": execution.debit_date.isoformat(),
            "attempt": execution.attempt,
            "execution_status": str(execution.status),
            "previous_execution_status": previous and str(previous),
            "npci_code": execution.npci_code,
        },
    )
