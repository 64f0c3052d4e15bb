"""Callbacks: verified before anything changes, applied once, never moving money backwards."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from payment_fakes import SECRET, Clock, pay_request
from sqlalchemy import func, select

from payments.service import PaymentService
from payments.signing import InvalidSignature, sign
from payments.status import PaymentStatus
from payments.tables import gateway_callbacks, payment_events


def callback_body(
    txn_id: str, status: str, *, callback_id: str, sent_at: datetime, amount_paise: int = 25_000
) -> bytes:
    body = {
        "callback_id": callback_id,
        "txn_id": txn_id,
        "gateway_ref": "GW1",
        "status": status,
        "rrn": "612345678901" if status == "success" else None,
        "npci_code": "Z9" if status == "failed" else None,
        "npci_reason": "insufficient funds" if status == "failed" else None,
        "amount_paise": amount_paise,
        "sent_at": sent_at.isoformat(),
    }
    return json.dumps(body).encode()


def deliver(service: PaymentService, body: bytes, clock: Clock, secret: bytes = SECRET) -> str:
    headers = sign(secret, body, int(clock.now.timestamp()))
    return service.handle_callback(headers, body).outcome


@pytest.fixture
def submitted(service: PaymentService) -> str:
    created = service.create_intent("p1", "key-00000001", pay_request())
    service.submit("p1", created.intent_id)
    return created.intent_id


def test_success_callback_settles_the_intent(
    service: PaymentService, submitted: str, clock: Clock
) -> None:
    body = callback_body(submitted, "success", callback_id="cb-1", sent_at=clock.now)
    assert deliver(service, body, clock) == "applied"
    intent = service.get("p1", submitted)
    assert intent.status == PaymentStatus.SUCCESS and intent.rrn == "612345678901"


def test_a_redelivered_callback_changes_nothing(
    service: PaymentService, submitted: str, clock: Clock
) -> None:
    body = callback_body(submitted, "success", callback_id="cb-1", sent_at=clock.now)
    outcomes = [deliver(service, body, clock) for _ in range(3)]
    assert outcomes == ["applied", "duplicate", "duplicate"]
    with service.engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(payment_events)).scalar_one()
    assert events == 3  # created, submitted, success


def test_a_stale_failure_after_success_is_ignored(
    service: PaymentService, submitted: str, clock: Clock
) -> None:
    success = callback_body(submitted, "success", callback_id="cb-2", sent_at=clock.now)
    old_failure = callback_body(
        submitted, "failed", callback_id="cb-1", sent_at=clock.now - timedelta(seconds=5)
    )
    assert deliver(service, success, clock) == "applied"
    assert deliver(service, old_failure, clock) == "stale"
    assert service.get("p1", submitted).status == PaymentStatus.SUCCESS


def test_an_old_pending_after_a_newer_pending_is_stale(
    service: PaymentService, submitted: str, clock: Clock
) -> None:
    newer = callback_body(submitted, "pending", callback_id="cb-2", sent_at=clock.now)
    older = callback_body(
        submitted, "pending", callback_id="cb-1", sent_at=clock.now - timedelta(seconds=3)
    )
    assert deliver(service, newer, clock) == "applied"
    assert deliver(service, older, clock) == "duplicate"
    assert service.get("p1", submitted).status == PaymentStatus.PENDING


def test_a_callback_for_another_amount_is_refused(
    service: PaymentService, submitted: str, clock: Clock
) -> None:
    body = callback_body(
        submitted, "success", callback_id="cb-1", sent_at=clock.now, amount_paise=2_500_000
    )
    assert deliver(service, body, clock) == "mismatch"
    assert service.get("p1", submitted).status == PaymentStatus.SUBMITTED


def test_unknown_transactions_are_recorded_not_applied(
    service: PaymentService, clock: Clock
) -> None:
    body = callback_body("HSB" + "0" * 32, "success", callback_id="cb-9", sent_at=clock.now)
    assert deliver(service, body, clock) == "unknown_txn"


@pytest.mark.parametrize("problem", ["wrong_secret", "old", "tampered"])
def test_unverifiable_callbacks_change_nothing(
    service: PaymentService, submitted: str, clock: Clock, problem: str
) -> None:
    body = callback_body(submitted, "success", callback_id="cb-1", sent_at=clock.now)
    secret = b"someone-else" if problem == "wrong_secret" else SECRET
    stamp = clock.now - timedelta(minutes=10) if problem == "old" else clock.now
    headers = sign(secret, body, int(stamp.timestamp()))
    sent = body.replace(b"25000", b"25001") if problem == "tampered" else body
    with pytest.raises(InvalidSignature):
        service.handle_callback(headers, sent)
    with service.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(gateway_callbacks)).scalar_one() == 0
    assert service.get("p1", submitted).status == PaymentStatus.SUBMITTED
