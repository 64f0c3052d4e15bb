"""Applying a gateway's callback: verified, recorded once, and only ever moving money forward.

By the time a callback reaches ``apply_callback`` its signature and timestamp have been checked
(``payments.signing``). Here the rest of the defence happens, in one transaction:

- replay: every ``callback_id`` is stored; the second delivery of one changes nothing;
- staleness: a callback the state machine cannot accept (an old ``pending`` after ``success``,
  a ``failed`` after ``success``) is recorded as ``stale`` and ignored — the first final word
  stands, and reconciliation against the bank statement settles any disagreement;
- amount: a callback for a different amount than the intent is refused (``mismatch``): the
  gateway must never be able to change what a person agreed to pay.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection, bindparam, insert, select

from payments.gateway.base import Callback, GatewayStatus
from payments.intents import Intent, IntentNotFound, load_intent, transition
from payments.status import PaymentStatus, can_transition
from payments.tables import gateway_callbacks

Outcome = Literal["applied", "duplicate", "stale", "mismatch", "unknown_txn"]

TARGET_STATUS = {
    GatewayStatus.SUCCESS: PaymentStatus.SUCCESS,
    GatewayStatus.FAILED: PaymentStatus.FAILED,
    GatewayStatus.EXPIRED: PaymentStatus.EXPIRED,
    GatewayStatus.PENDING: PaymentStatus.PENDING,
}

_SEEN = select(gateway_callbacks.c.outcome).where(
    gateway_callbacks.c.callback_id == bindparam("callback_id")
)
_RECORD = insert(gateway_callbacks)


@dataclass(frozen=True)
class CallbackOutcome:
    outcome: Outcome
    intent: Intent | None
    detail: str


def apply_callback(conn: Connection, callback: Callback, now: datetime) -> CallbackOutcome:
    """Apply one verified callback inside the caller's transaction."""
    seen = conn.execute(_SEEN, {"callback_id": callback.callback_id}).first()
    if seen is not None:
        return CallbackOutcome("duplicate", None, f"callback already received ({seen.outcome})")
    outcome = _decide(conn, callback, now)
    detail = {"detail": outcome.detail, "sent_at": callback.sent_at.isoformat()}
    row = {
        "callback_id": callback.callback_id,
        "txn_id": callback.txn_id,
        "status": str(callback.status),
        "outcome": outcome.outcome,
        "detail": json.dumps(detail),
        "received_at": now,
    }
    conn.execute(_RECORD, row)
    return outcome


def _decide(conn: Connection, callback: Callback, now: datetime) -> CallbackOutcome:
    try:
        intent = load_intent(conn, callback.txn_id)
    except IntentNotFound:
        return CallbackOutcome("unknown_txn", None, f"no intent {callback.txn_id}")
    target = TARGET_STATUS.get(callback.status)
    if target is None:
        return CallbackOutcome("stale", intent, f"status {callback.status} carries no outcome")
    if callback.amount_paise != intent.amount_paise:
        detail = f"callback amount {callback.amount_paise} != intent {intent.amount_paise} paise"
        return CallbackOutcome("mismatch", intent, detail)
    if intent.status == target:
        return CallbackOutcome("duplicate", intent, f"already {target}")
    if not can_transition(intent.status, target) or _older_than_last(intent, callback, target):
        return CallbackOutcome("stale", intent, f"{intent.status} does not go back to {target}")
    moved = transition(
        conn,
        intent,
        target,
        reason="late_success" if intent.status == PaymentStatus.EXPIRED else "callback",
        now=now,
        updates=_outcome_fields(callback),
        detail={"callback_id": callback.callback_id, "gateway_ref": callback.gateway_ref},
    )
    return CallbackOutcome("applied", moved, f"{intent.status} -> {target}")


def _older_than_last(intent: Intent, callback: Callback, target: PaymentStatus) -> bool:
    """A non-final callback sent before one already applied is old news."""
    last = intent.last_callback_sent_at
    return target == PaymentStatus.PENDING and last is not None and callback.sent_at < last


def _outcome_fields(callback: Callback) -> dict[str, object]:
    fields: dict[str, object] = {"last_callback_sent_at": callback.sent_at}
    if callback.rrn:
        fields["rrn"] = callback.rrn
    if callback.npci_code:
        fields["npci_code"] = callback.npci_code
        fields["npci_reason"] = callback.npci_reason
    if callback.gateway_ref:
        fields["gateway_ref"] = callback.gateway_ref
    return fields
