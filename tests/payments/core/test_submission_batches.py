"""Submitting intents in batches: each outcome is its own, whatever else is in the round."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from payment_fakes import Clock, FakeGateway, pay_request
from sqlalchemy import func, select
from test_gateway_callbacks import callback_body, deliver

from payments.dispatch import SubmissionDispatcher
from payments.gateway.base import GatewayAck, PayRequest
from payments.gateway.http import IDLE_CONNECTIONS
from payments.intents import IntentNotFound
from payments.service import PaymentService
from payments.status import InvalidTransition, PaymentStatus
from payments.submission import MAX_PARALLEL_SENDS
from payments.tables import outbox, payment_events


def created(service: PaymentService, count: int, person: str = "p1") -> list[str]:
    return [
        service.create_intent(person, f"key-batch-{person}-{n:04d}", pay_request()).intent_id
        for n in range(count)
    ]


def test_a_batch_settles_each_intent_and_isolates_the_ones_that_cannot_go(
    service: PaymentService, gateway: FakeGateway
) -> None:
    ids = created(service, 3)
    service.submit("p1", ids[2])  # already sent: may not be sent again
    results = service.submit_many([("p1", ids[0]), ("p2", ids[1]), ("p1", ids[2]), ("p1", ids[1])])
    assert not isinstance(results[0], Exception)
    assert isinstance(results[1], IntentNotFound)  # another person's id looks like no intent
    assert isinstance(results[2], InvalidTransition)
    assert [getattr(r, "status", None) for r in (results[0], results[3])] == ["submitted"] * 2
    assert len(gateway.sent) == 3  # ids[2] once on its own, ids[0] and ids[1] in the batch
    with service.engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(payment_events)).scalar_one()
        published = conn.execute(select(func.count()).select_from(outbox)).scalar_one()
    assert events == published == 3 + 3  # created x3, submitted x3: each with its outbox row


@pytest.mark.parametrize(
    ("behaviour", "status", "code"),
    [("accept", "submitted", None), ("reject", "failed", "ZM"), ("timeout", "pending", None)],
)
def test_what_a_batch_returns_is_what_the_database_holds(
    service: PaymentService, gateway: FakeGateway, behaviour: str, status: str, code: str | None
) -> None:
    gateway.behaviour = behaviour
    ids = created(service, 4)
    results = service.submit_many([("p1", intent_id) for intent_id in ids])
    for intent_id, result in zip(ids, results, strict=True):
        assert not isinstance(result, Exception)
        assert result == service.get("p1", intent_id)  # no stale in-memory shortcut
        assert (result.status, result.npci_code) == (status, code)


class CallbackFirstGateway(FakeGateway):
    """The switch's success callback reaches the app before its answer to the call does."""

    def __init__(self, service: PaymentService, clock: Clock) -> None:
        super().__init__()
        self.service, self.clock = service, clock

    def pay(self, request: PayRequest) -> GatewayAck:
        body = callback_body(
            request.txn_id, "success", callback_id=f"cb-{request.txn_id}", sent_at=self.clock.now
        )
        assert deliver(self.service, body, self.clock) == "applied"
        return super().pay(request)


def test_a_callback_that_comes_before_the_gateway_answers_stands(
    service: PaymentService, clock: Clock
) -> None:
    """The answer then records nothing over it: the intent stays as the callback left it."""
    service.gateway = CallbackFirstGateway(service, clock)
    ids = created(service, 3)
    results = service.submit_many([("p1", intent_id) for intent_id in ids])
    for intent_id, result in zip(ids, results, strict=True):
        assert not isinstance(result, Exception)
        assert result == service.get("p1", intent_id)
        assert (result.status, result.rrn, result.gateway_ref) == ("success", "612345678901", "GW1")


class HeldGateway(FakeGateway):
    """Holds the first call until released, so that the other submissions queue up behind it."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()
        self.first = True
        self.lock = threading.Lock()

    def pay(self, request: PayRequest) -> GatewayAck:
        with self.lock:
            hold, self.first = self.first, False
        if hold:
            self.release.wait(10)
        return super().pay(request)


def test_the_dispatcher_sends_what_queued_up_together_and_each_caller_gets_its_own(
    service: PaymentService, monkeypatch: pytest.MonkeyPatch
) -> None:
    held = HeldGateway()
    service.gateway = held
    ids = created(service, 20)
    rounds: list[int] = []
    submit_many = service.submit_many

    def counted(items: Any) -> Any:
        rounds.append(len(items))
        return submit_many(items)

    monkeypatch.setattr(service, "submit_many", counted)
    dispatcher = SubmissionDispatcher(service)
    futures = [dispatcher.submit("p1", ids[0])]
    while not held.sent and not rounds:  # the first round is at the gateway: the rest queue
        threading.Event().wait(0.01)
    futures += [dispatcher.submit("p1", intent_id) for intent_id in ids[1:]]
    held.release.set()
    results = [future.result(10) for future in futures]
    dispatcher.close()
    assert [result.intent_id for result in results] == ids
    assert {result.status for result in results} == {PaymentStatus.SUBMITTED}
    assert sorted(request.txn_id for request in held.sent) == sorted(ids)  # each sent once
    assert sum(rounds) == 20 and max(rounds) > 1  # the queued ones went out together


def test_the_dispatcher_hands_each_caller_its_own_error(service: PaymentService) -> None:
    (intent_id,) = created(service, 1)
    dispatcher = SubmissionDispatcher(service)
    with pytest.raises(IntentNotFound):
        dispatcher.submit("p2", intent_id).result(10)
    assert dispatcher.submit("p1", intent_id).result(10).status == PaymentStatus.SUBMITTED
    with pytest.raises(InvalidTransition):
        dispatcher.submit("p1", intent_id).result(10)
    assert dispatcher.wait_idle(10)
    dispatcher.close()


def test_rounds_reuse_the_sending_threads_until_the_service_closes(
    service: PaymentService, gateway: FakeGateway
) -> None:
    senders: set[threading.Thread] = set()
    pay = gateway.pay

    def recorded(request: PayRequest) -> GatewayAck:
        senders.add(threading.current_thread())
        return pay(request)

    gateway.pay = recorded  # type: ignore[method-assign]
    for person in ("p1", "p2", "p3"):
        service.submit_many([(person, intent_id) for intent_id in created(service, 4, person)])
    assert len(gateway.sent) == 12
    assert len(senders) <= 4  # a round's threads wait for the next, none started per round
    pool = service.senders()
    service.close()
    with pytest.raises(RuntimeError):
        pool.submit(print)  # closed with the service
    assert service.senders() is not pool  # used again, it starts afresh
    service.close()


def test_the_gateway_keeps_a_connection_for_each_call_a_round_sends_at_once() -> None:
    """Fewer, and each round wider than that would open connections only to close them."""
    assert IDLE_CONNECTIONS >= MAX_PARALLEL_SENDS
