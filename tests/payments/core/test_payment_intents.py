"""Creating and submitting intents: validation, the state machine, events and outbox together."""

from __future__ import annotations

import itertools
import json

import pytest
from payment_fakes import Clock, FakeGateway, pay_request
from sqlalchemy import Engine, func, select

from payments.intents import IntentNotFound, load_intent, transition
from payments.service import PaymentService
from payments.status import ALLOWED_TRANSITIONS, InvalidTransition, PaymentStatus, ensure_transition
from payments.tables import outbox, payment_events, payment_intents
from payments.upi.limits import AmountOutOfRange
from payments.upi.vpa import InvalidVpa


def counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (payment_intents, payment_events, outbox)
        )


def test_create_stores_intent_event_and_outbox_row_together(service: PaymentService) -> None:
    response = service.create_intent("p1", "key-00000001", pay_request())
    body = json.loads(response.body)
    assert response.status_code == 201 and not response.replayed
    assert body["status"] == "created" and body["amount_paise"] == 25_000
    assert len(body["intent_id"]) == 35
    assert counts(service.engine) == (1, 1, 1)
    with service.engine.connect() as conn:
        event = conn.execute(select(payment_events)).one()
        message = json.loads(conn.execute(select(outbox.c.payload)).scalar_one())
    assert message["event_id"] == event.event_id
    assert message["schema_version"] == 1 and message["to_status"] == "created"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"payee_vpa": "not a vpa"}, InvalidVpa),
        ({"amount_paise": 0}, AmountOutOfRange),
        ({"amount_paise": 10_000_001}, AmountOutOfRange),  # ₹1 lakh and a paisa
        ({"payee_vpa": "asha.k@okhdfcbank"}, ValueError),  # paying oneself
        ({"note": "x" * 81}, ValueError),
    ],
)
def test_invalid_requests_store_nothing(
    service: PaymentService, change: dict[str, object], error: type[Exception]
) -> None:
    request = pay_request().__class__(**{**pay_request().__dict__, **change})
    with pytest.raises(error):
        service.create_intent("p1", "key-00000001", request)
    assert counts(service.engine) == (0, 0, 0)


def test_submit_accepted_rejected_and_timed_out(
    service: PaymentService, gateway: FakeGateway
) -> None:
    outcomes = {}
    for behaviour in ("accept", "reject", "timeout"):
        gateway.behaviour = behaviour
        created = service.create_intent("p1", f"key-{behaviour}-1", pay_request())
        outcomes[behaviour] = service.submit("p1", created.intent_id)
    assert outcomes["accept"].status == PaymentStatus.SUBMITTED
    assert outcomes["accept"].gateway_ref == "GW1"
    assert outcomes["reject"].status == PaymentStatus.FAILED
    assert outcomes["reject"].npci_code == "ZM"
    # A timeout is an unknown outcome, not a failure: the money may have moved.
    assert outcomes["timeout"].status == PaymentStatus.PENDING
    assert len(gateway.sent) == 3


def test_every_transition_writes_one_event_and_one_outbox_row(service: PaymentService) -> None:
    created = service.create_intent("p1", "key-00000001", pay_request())
    service.submit("p1", created.intent_id)
    intents, events, messages = counts(service.engine)
    assert (intents, events, messages) == (1, 2, 2)
    with service.engine.connect() as conn:
        event_ids = set(conn.execute(select(payment_events.c.event_id)).scalars())
        outbox_ids = set(conn.execute(select(outbox.c.event_id)).scalars())
        sequences = list(conn.execute(select(payment_events.c.sequence)).scalars())
    assert event_ids == outbox_ids and sorted(sequences) == [1, 2]


def test_another_persons_intent_is_not_found(service: PaymentService) -> None:
    created = service.create_intent("p1", "key-00000001", pay_request())
    with pytest.raises(IntentNotFound):
        service.get("p2", created.intent_id)
    with pytest.raises(IntentNotFound):
        service.submit("p2", created.intent_id)


def test_submitting_twice_is_refused(service: PaymentService, clock: Clock) -> None:
    created = service.create_intent("p1", "key-00000001", pay_request())
    service.submit("p1", created.intent_id)
    with pytest.raises(InvalidTransition):
        service.submit("p1", created.intent_id)


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (current, target)
        for current, target in itertools.product(PaymentStatus, PaymentStatus)
        if target not in ALLOWED_TRANSITIONS[current]
    ],
)
def test_transitions_outside_the_table_are_refused(
    current: PaymentStatus, target: PaymentStatus
) -> None:
    with pytest.raises(InvalidTransition):
        ensure_transition(current, target)


def test_a_transition_refuses_to_set_a_field_the_table_lacks(
    service: PaymentService, clock: Clock
) -> None:
    """The change statement is built once and sets whichever columns it is given: a misspelt
    field must fail loudly, not be left out of the update."""
    intent_id = service.create_intent("p1", "key-00000009", pay_request()).intent_id
    with service.engine.begin() as conn:
        intent = load_intent(conn, intent_id)
        with pytest.raises(ValueError, match="no column submited_at"):
            transition(
                conn, intent, PaymentStatus.SUBMITTED, reason="sent_to_gateway",
                now=clock(), updates={"submited_at": clock()},
            )  # fmt: skip
    assert service.get("p1", intent_id).status == PaymentStatus.CREATED
