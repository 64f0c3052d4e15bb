"""The payment service on SQLite's group commit: one batch, and still one intent per key and
one application per callback."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest
from one_batch import count_commits, in_one_batch
from payment_fakes import SECRET, Clock, FakeGateway, pay_request
from sqlalchemy import Engine, Table, func, select

from payments.group_commit import GroupCommitter
from payments.idempotency import IdempotencyKeyConflict
from payments.service import PaymentService
from payments.signing import sign
from payments.tables import gateway_callbacks, idempotency_keys, payment_intents


@pytest.fixture
def service(sqlite_app_engine: Engine) -> PaymentService:
    return PaymentService(
        sqlite_app_engine,
        FakeGateway(),
        callback_url="http://127.0.0.1:9/callbacks",
        callback_secrets=[SECRET],
        clock=Clock(),
    )


def committer(service: PaymentService) -> GroupCommitter:
    writes = service._writes()
    assert isinstance(writes, GroupCommitter)
    return writes


def count(service: PaymentService, table: Table) -> int:
    with service.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_the_same_key_twice_in_one_batch_creates_one_intent(service: PaymentService) -> None:
    commits = count_commits(service.engine)
    create = lambda: service.create_intent("p1", "key-00000001", pay_request())  # noqa: E731
    first, second = (future.result() for future in in_one_batch(committer(service), [create] * 2))
    assert len(commits) == 2  # the work that held the lead, then both creations together
    assert first.body == second.body and first.status_code == second.status_code == 201
    assert not first.replayed and second.replayed
    assert count(service, payment_intents) == count(service, idempotency_keys) == 1


def test_a_changed_request_under_a_key_in_one_batch_is_refused(service: PaymentService) -> None:
    calls = [
        lambda: service.create_intent("p1", "key-00000001", pay_request(amount_paise=25_000)),
        lambda: service.create_intent("p1", "key-00000001", pay_request(amount_paise=25_001)),
        lambda: service.create_intent("p2", "key-00000001", pay_request(amount_paise=25_001)),
    ]
    created, refused, theirs = in_one_batch(committer(service), calls)
    assert created.result().status_code == theirs.result().status_code == 201
    assert isinstance(refused.exception(), IdempotencyKeyConflict)
    assert count(service, payment_intents) == 2


def test_a_callback_delivered_twice_in_one_batch_is_applied_once(service: PaymentService) -> None:
    intent_id = service.create_intent("p1", "key-00000001", pay_request()).intent_id
    service.submit("p1", intent_id)
    now = service.clock()
    body = {"callback_id": "cb-1", "txn_id": intent_id, "gateway_ref": "GW1",
            "status": "success", "rrn": "612345678901", "npci_code": None, "npci_reason": None,
            "amount_paise": 25_000, "sent_at": now.isoformat()}  # fmt: skip
    raw = json.dumps(body).encode()
    headers = sign(SECRET, raw, int(now.timestamp()))
    deliver = lambda: service.handle_callback(headers, raw).outcome  # noqa: E731
    outcomes = [future.result() for future in in_one_batch(committer(service), [deliver] * 2)]
    assert outcomes == ["applied", "duplicate"]
    assert service.get("p1", intent_id).status == "success"
    assert count(service, gateway_callbacks) == 1


def test_concurrent_creations_share_commits(service: PaymentService) -> None:
    commits = count_commits(service.engine)
    create = lambda n: service.create_intent("p1", f"key-{n:08d}", pay_request())  # noqa: E731
    with ThreadPoolExecutor(16) as pool:
        responses = list(pool.map(create, range(64)))
    assert len({response.intent_id for response in responses}) == 64
    assert count(service, payment_intents) == 64 and len(commits) < 64


def test_a_closed_service_writes_again_when_used(service: PaymentService) -> None:
    service.create_intent("p1", "key-00000001", pay_request())
    service.close()
    service.create_intent("p1", "key-00000002", pay_request())
    assert count(service, payment_intents) == 2
