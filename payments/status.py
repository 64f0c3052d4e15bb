"""Where a payment intent can be, and where it may go next: one table, one guard.

- ``created``: accepted from the person, not yet sent to the gateway.
- ``submitted``: sent; the gateway acknowledged it and owes us a final answer.
- ``pending``: sent, but the outcome is unknown (the gateway timed out or said "pending").
  Status checks and late callbacks resolve it; nothing treats it as failed.
- ``success`` / ``failed``: the network's final word.
- ``expired``: our own conclusion that no final word came in time (a collect request that ran
  out, or a pending payment past the status-check window). Because it is an inference, not the
  network's answer, a verified success arriving later still wins (``expired → success``): the
  rupees moved, and hiding that would lose them from the ledger.
"""

from __future__ import annotations

from enum import StrEnum


class PaymentStatus(StrEnum):
    CREATED = "created"
    SUBMITTED = "submitted"
    PENDING = "pending"
    SUCCESS = "success"
    FAILED = "failed"
    EXPIRED = "expired"


S = PaymentStatus

ALLOWED_TRANSITIONS: dict[PaymentStatus, frozenset[PaymentStatus]] = {
    S.CREATED: frozenset({S.SUBMITTED, S.FAILED, S.EXPIRED}),
    S.SUBMITTED: frozenset({S.PENDING, S.SUCCESS, S.FAILED, S.EXPIRED}),
    S.PENDING: frozenset({S.SUCCESS, S.FAILED, S.EXPIRED}),
    S.EXPIRED: frozenset({S.SUCCESS}),
    S.SUCCESS: frozenset(),
    S.FAILED: frozenset(),
}

FINAL = frozenset({S.SUCCESS, S.FAILED})
AWAITING_OUTCOME = frozenset({S.SUBMITTED, S.PENDING})


class InvalidTransition(ValueError):
    """A status change the state machine does not allow (a bug or a stale message)."""


def can_transition(current: PaymentStatus, target: PaymentStatus) -> bool:
    return target in ALLOWED_TRANSITIONS[current]


def ensure_transition(current: PaymentStatus, target: PaymentStatus) -> None:
    if not can_transition(current, target):
        raise InvalidTransition(f"a payment cannot go from {current} to {target}")
