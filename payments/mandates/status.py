"""Where a mandate can be, and where it may go next: one table, one guard (like payments.status).

- ``created``: the payer set it up; nothing may be debited until they approve it.
- ``active``: approved; pre-debit notifications and executions are allowed.
- ``paused``: the payer stopped debits for a while; ``resume`` makes it active again.
- ``declined`` / ``expired``: never approved — refused by the payer, or not approved in time.
- ``revoked``: the payer cancelled it for good (from active or paused).
- ``completed``: its validity ended, or a one-time mandate was debited. A paused mandate can
  complete too: its validity runs out whether or not the payer paused it, and leaving it
  "paused" forever would show a mandate that can never be used again as merely resting.

Executions (one debit attempt each) have their own small machine; it mirrors the payment
intent behind them, so ``expired → succeeded`` exists for the same reason it does there: expiry
is our inference, a verified success arriving later is the network's word.
"""

from __future__ import annotations

from enum import StrEnum


class MandateStatus(StrEnum):
    CREATED = "created"
    ACTIVE = "active"
    PAUSED = "paused"
    DECLINED = "declined"
    EXPIRED = "expired"
    REVOKED = "revoked"
    COMPLETED = "completed"


M = MandateStatus

ALLOWED_TRANSITIONS: dict[MandateStatus, frozenset[MandateStatus]] = {
    M.CREATED: frozenset({M.ACTIVE, M.DECLINED, M.EXPIRED}),
    M.ACTIVE: frozenset({M.PAUSED, M.REVOKED, M.COMPLETED}),
    M.PAUSED: frozenset({M.ACTIVE, M.REVOKED, M.COMPLETED}),
    M.DECLINED: frozenset(),
    M.EXPIRED: frozenset(),
    M.REVOKED: frozenset(),
    M.COMPLETED: frozenset(),
}


class ExecutionStatus(StrEnum):
    REQUESTED = "requested"  # stored with its payment intent, not yet answered by the gateway
    PENDING = "pending"  # sent; the outcome is not known yet
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"


E = ExecutionStatus

EXECUTION_TRANSITIONS: dict[ExecutionStatus, frozenset[ExecutionStatus]] = {
    E.REQUESTED: frozenset({E.PENDING, E.SUCCEEDED, E.FAILED, E.EXPIRED}),
    E.PENDING: frozenset({E.SUCCEEDED, E.FAILED, E.EXPIRED}),
    E.EXPIRED: frozenset({E.SUCCEEDED}),
    E.SUCCEEDED: frozenset(),
    E.FAILED: frozenset(),
}


class InvalidMandateTransition(ValueError):
    """A change the mandate's state machine does not allow (e.g. resuming a revoked mandate)."""


def can_transition(current: MandateStatus, target: MandateStatus) -> bool:
    return target in ALLOWED_TRANSITIONS[current]


def ensure_transition(current: MandateStatus, target: MandateStatus) -> None:
    if not can_transition(current, target):
        raise InvalidMandateTransition(f"a mandate cannot go from {current} to {target}")


def can_move_execution(current: ExecutionStatus, target: ExecutionStatus) -> bool:
    return target in EXECUTION_TRANSITIONS[current]
