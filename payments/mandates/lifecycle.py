"""The parts of a mandate's life that time decides: approval deadlines and the end of validity.

A person approves, pauses, resumes or revokes; nobody "ends" a mandate. A created mandate
nobody approved in time expires, and an active or paused one completes once its last valid
business date has passed. ``close_overdue`` (run by a schedule) records both, one mandate per
transaction, each with its event, so a crash halfway leaves the rest for the next run.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, Select, select

from payments.mandates.errors import ApprovalRefused
from payments.mandates.policy import MandatePolicy
from payments.mandates.records import Mandate, load_mandate, transition_mandate
from payments.mandates.schedule import business_date
from payments.mandates.status import MandateStatus
from payments.mandates.tables import mandates

M = MandateStatus


def ensure_approvable(mandate: Mandate, now: datetime, policy: MandatePolicy) -> None:
    """Refuse an approval that comes too late (the sweep will then expire the mandate)."""
    if now > mandate.created_at + policy.approval_ttl:
        minutes = policy.approval_ttl.total_seconds() / 60
        message = f"mandate {mandate.mandate_id} had to be approved within {minutes:g} minutes"
        raise ApprovalRefused("approval_expired", message)
    if business_date(now) > mandate.validity_end:
        message = f"mandate {mandate.mandate_id} was valid until {mandate.validity_end}"
        raise ApprovalRefused("validity_ended", message)


def closing(mandate: Mandate, now: datetime, policy: MandatePolicy) -> tuple[M, str] | None:
    """Where time takes this mandate now, and why; None if nowhere."""
    ended = business_date(now) > mandate.validity_end
    if mandate.status == M.CREATED:
        if now > mandate.created_at + policy.approval_ttl:
            return M.EXPIRED, "approval_timeout"
        return (M.EXPIRED, "validity_ended") if ended else None
    if mandate.status in (M.ACTIVE, M.PAUSED) and ended:
        return M.COMPLETED, "validity_ended"
    return None


def close_overdue(engine: Engine, now: datetime, policy: MandatePolicy) -> list[str]:
    """Expire or complete what time has ended; returns the ids that moved."""
    with engine.connect() as conn:
        mandate_ids: list[str] = list(conn.execute(_candidates(now, policy)).scalars())
    closed = []
    for mandate_id in mandate_ids:
        with engine.begin() as conn:
            mandate = load_mandate(conn, mandate_id)
            change = closing(mandate, now, policy)  # decided again: it may have moved since
            if change is None:
                continue
            target, reason = change
            event_type = f"mandate.{target}"
            transition_mandate(conn, mandate, target, event_type=event_type, reason=reason, now=now)
            closed.append(mandate_id)
    return closed


def _candidates(now: datetime, policy: MandatePolicy) -> Select[str]:
    table = mandates.c
    unapproved_too_long = (table.status == str(M.CREATED)) & (
        table.created_at < now - policy.approval_ttl
    )
    open_statuses = [str(M.CREATED), str(M.ACTIVE), str(M.PAUSED)]
    validity_ended = table.status.in_(open_statuses) & (table.validity_end < business_date(now))
    return select(table.mandate_id).where(unapproved_too_long | validity_ended)
