"""Status checks within NPCI's limits, expiry, and a success that arrives after expiry."""

from __future__ import annotations

import pytest
from payment_fakes import Clock, FakeGateway, pay_request
from test_gateway_callbacks import callback_body, deliver

from payments.gateway.base import GatewayStatus
from payments.service import PaymentService
from payments.status import PaymentStatus
from payments.status_checks import StatusCheckNotAllowed


@pytest.fixture
def pending(service: PaymentService, gateway: FakeGateway) -> str:
    gateway.behaviour = "timeout"
    created = service.create_intent("p1", "key-00000001", pay_request())
    assert service.submit("p1", created.intent_id).status == PaymentStatus.PENDING
    return created.intent_id


def test_the_first_check_waits_90_seconds(
    service: PaymentService, pending: str, clock: Clock, gateway: FakeGateway
) -> None:
    clock.advance(seconds=89)
    with pytest.raises(StatusCheckNotAllowed) as refused:
        service.check_status("p1", pending)
    assert refused.value.retry_after is not None and refused.value.retry_after.total_seconds() == 1
    assert gateway.status_calls == []
    clock.advance(seconds=1)
    assert service.check_status("p1", pending).status == PaymentStatus.PENDING


def test_at_most_three_checks(
    service: PaymentService, pending: str, clock: Clock, gateway: FakeGateway
) -> None:
    for _ in range(3):
        clock.advance(minutes=21)
        service.check_status("p1", pending)
    clock.advance(minutes=21)
    with pytest.raises(StatusCheckNotAllowed, match="all 3"):
        service.check_status("p1", pending)
    assert len(gateway.status_calls) == 3


def test_checks_are_spaced_so_three_last_the_window(
    service: PaymentService, pending: str, clock: Clock, gateway: FakeGateway
) -> None:
    clock.advance(minutes=2)
    service.check_status("p1", pending)
    clock.advance(minutes=5)
    with pytest.raises(StatusCheckNotAllowed, match="a moment ago") as refused:
        service.check_status("p1", pending)
    assert (
        refused.value.retry_after is not None and refused.value.retry_after.total_seconds() == 900
    )
    assert len(gateway.status_calls) == 1


def test_a_check_that_finds_success_settles_the_intent(
    service: PaymentService, pending: str, clock: Clock, gateway: FakeGateway
) -> None:
    gateway.status_answer = GatewayStatus.SUCCESS
    clock.advance(minutes=2)
    intent = service.check_status("p1", pending)
    assert intent.status == PaymentStatus.SUCCESS and intent.rrn == "612345678901"
    with pytest.raises(StatusCheckNotAllowed, match="nothing to check"):
        service.check_status("p1", pending)


def test_unsubmitted_and_unresolved_intents_expire(
    service: PaymentService, pending: str, clock: Clock
) -> None:
    never_sent = service.create_intent("p1", "key-00000002", pay_request(note="later")).intent_id
    clock.advance(minutes=16)
    assert service.expire_overdue() == [never_sent]
    clock.advance(hours=2)
    assert service.expire_overdue() == [pending]
    assert service.get("p1", pending).status == PaymentStatus.EXPIRED
    assert service.expire_overdue() == []


def test_success_after_expiry_still_lands(
    service: PaymentService, pending: str, clock: Clock
) -> None:
    clock.advance(hours=2, minutes=1)
    service.expire_overdue()
    late = callback_body(pending, "success", callback_id="cb-late", sent_at=clock.now)
    assert deliver(service, late, clock) == "applied"
    assert service.get("p1", pending).status == PaymentStatus.SUCCESS
