"""Idempotency keys: replay byte for byte, refuse a changed request, one intent under a race."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from payment_fakes import pay_request
from sqlalchemy import func, select

from payments.idempotency import IdempotencyKeyConflict, InvalidIdempotencyKey
from payments.service import PaymentService
from payments.tables import idempotency_keys, payment_intents


def intent_count(service: PaymentService) -> int:
    with service.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(payment_intents)).scalar_one()


def test_same_key_same_request_replays_the_first_response_byte_for_byte(
    service: PaymentService,
) -> None:
    first = service.create_intent("p1", "key-00000001", pay_request())
    service.submit("p1", first.intent_id)  # the intent moves on; the stored answer does not
    again = service.create_intent("p1", "key-00000001", pay_request())
    assert again.body == first.body and again.status_code == first.status_code == 201
    assert again.replayed and not first.replayed
    assert intent_count(service) == 1


def test_same_key_different_request_is_refused(service: PaymentService) -> None:
    service.create_intent("p1", "key-00000001", pay_request(amount_paise=25_000))
    with pytest.raises(IdempotencyKeyConflict, match="different request"):
        service.create_intent("p1", "key-00000001", pay_request(amount_paise=25_001))
    assert intent_count(service) == 1


def test_keys_belong_to_one_person(service: PaymentService) -> None:
    mine = service.create_intent("p1", "key-00000001", pay_request())
    theirs = service.create_intent("p2", "key-00000001", pay_request())
    assert mine.intent_id != theirs.intent_id and intent_count(service) == 2


@pytest.mark.parametrize("key", [None, "", "short", "has space in it", "ключ-00000001", "k" * 256])
def test_malformed_keys_are_refused(service: PaymentService, key: str | None) -> None:
    with pytest.raises(InvalidIdempotencyKey):
        service.create_intent("p1", key, pay_request())
    assert intent_count(service) == 0


def test_concurrent_duplicates_create_exactly_one_intent(service: PaymentService) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(
            pool.map(
                lambda _: service.create_intent("p1", "race-key-0001", pay_request()), range(16)
            )
        )
    assert intent_count(service) == 1
    assert len({response.body for response in responses}) == 1
    assert sum(not response.replayed for response in responses) == 1
    with service.engine.connect() as conn:
        keys = conn.execute(select(func.count()).select_from(idempotency_keys)).scalar_one()
    assert keys == 1
