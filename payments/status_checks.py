"""Status checks within NPCI's limits, and expiry when no final word comes.

NPCI (circular effective 16 June 2025) lets an app check a transaction's status at most three
times within two hours, the first no earlier than 90 seconds after the transaction. The gateway
enforces this too; checking here first means a person's "refresh" never burns a check early.
Checks are also spaced (``min_gap``): three checks in the first two minutes would spend the
allowance before a slow bank has answered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, select, update

from payments.gateway.base import GatewayError, GatewayStatus, GatewayTimeout, StatusResult
from payments.intents import PULLED_KINDS, Intent, load_intent, transition
from payments.status import AWAITING_OUTCOME, PaymentStatus, can_transition
from payments.tables import payment_intents

if TYPE_CHECKING:
    from payments.service import PaymentService

RESULT_STATUS = {
    GatewayStatus.SUCCESS: PaymentStatus.SUCCESS,
    GatewayStatus.FAILED: PaymentStatus.FAILED,
    GatewayStatus.EXPIRED: PaymentStatus.EXPIRED,
    GatewayStatus.NOT_FOUND: PaymentStatus.EXPIRED,
    GatewayStatus.PENDING: PaymentStatus.PENDING,
}


@dataclass(frozen=True)
class StatusCheckPolicy:
    first_after: timedelta = timedelta(seconds=90)
    max_checks: int = 3
    window: timedelta = timedelta(hours=2)
    min_gap: timedelta = timedelta(minutes=20)

    def scaled(self, factor: float) -> StatusCheckPolicy:
        """The same rules on a faster clock (the sandbox and tests run NPCI time sped up)."""
        return StatusCheckPolicy(
            self.first_after * factor, self.max_checks, self.window * factor, self.min_gap * factor
        )


class StatusCheckNotAllowed(Exception):
    """Checking now would break NPCI's limits; ``retry_after`` says when it may be tried."""

    def __init__(self, reason: str, retry_after: timedelta | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def ensure_allowed(policy: StatusCheckPolicy, intent: Intent, now: datetime) -> None:
    if intent.status not in AWAITING_OUTCOME or intent.submitted_at is None:
        raise StatusCheckNotAllowed(f"the payment is {intent.status}: there is nothing to check")
    earliest = intent.submitted_at + policy.first_after
    if now < earliest:
        raise StatusCheckNotAllowed("too early for a status check", retry_after=earliest - now)
    if intent.status_checks >= policy.max_checks:
        raise StatusCheckNotAllowed(f"all {policy.max_checks} status checks have been used")
    if now > intent.submitted_at + policy.window:
        raise StatusCheckNotAllowed("the status-check window for this payment has closed")
    last = intent.last_status_check_at
    if last is not None and now < last + policy.min_gap:
        raise StatusCheckNotAllowed("checked a moment ago", retry_after=last + policy.min_gap - now)


def resolve_status(service: PaymentService, person_id: str, intent_id: str) -> Intent:
    """Use one status check (counted even if the gateway fails to answer) and apply its result."""
    with service.engine.begin() as conn:
        intent = load_intent(conn, intent_id, person_id)
        now = service.clock()
        ensure_allowed(service.status_policy, intent, now)
        conn.execute(
            update(payment_intents)
            .where(payment_intents.c.intent_id == intent_id)
            .values(status_checks=payment_intents.c.status_checks + 1, last_status_check_at=now)
        )
    try:
        result = service.gateway.status(intent_id)
    except (GatewayTimeout, GatewayError):
        return service.get(person_id, intent_id)
    with service.engine.begin() as conn:
        return _apply_result(conn, load_intent(conn, intent_id), result, service.clock())


def _apply_result(conn: Connection, intent: Intent, result: StatusResult, now: datetime) -> Intent:
    target = RESULT_STATUS[result.status]
    if intent.status == target or not can_transition(intent.status, target):
        return intent
    updates: dict[str, object] = {}
    if result.rrn:
        updates["rrn"] = result.rrn
    if result.npci_code:
        updates.update(npci_code=result.npci_code, npci_reason=result.npci_reason)
    reason = "status_check" if result.status != GatewayStatus.NOT_FOUND else "unknown_to_gateway"
    return transition(conn, intent, target, reason=reason, now=now, updates=updates)


def expire_overdue(
    engine: Engine, clock: Callable[[], datetime], policy: StatusCheckPolicy
) -> list[str]:
    """Expire intents whose time is up; returns their ids. Late successes can still land."""
    now = clock()
    table = payment_intents.c
    overdue = select(table.intent_id, table.status, table.kind).where(
        ((table.status == PaymentStatus.CREATED) & (table.expires_at < now))
        | (
            table.kind.in_(PULLED_KINDS)
            & table.status.in_(AWAITING_OUTCOME)
            & (table.expires_at < now)
        )
        | (
            (table.kind == "pay")
            & table.status.in_(AWAITING_OUTCOME)
            & (table.submitted_at < now - policy.window)
        )
    )
    with engine.connect() as conn:
        candidates = conn.execute(overdue).all()
    expired = []
    for row in candidates:
        with engine.begin() as conn:
            intent = load_intent(conn, row.intent_id)
            if intent.status != row.status:
                continue  # it moved on since we looked
            reason = _expiry_reason(intent)
            transition(conn, intent, PaymentStatus.EXPIRED, reason=reason, now=now)
            expired.append(intent.intent_id)
    return expired


def _expiry_reason(intent: Intent) -> str:
    if intent.status == PaymentStatus.CREATED:
        return "never_submitted"
    return "collect_expired" if intent.kind in PULLED_KINDS else "no_outcome_in_window"
