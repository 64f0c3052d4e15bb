"""The payments service against the real sandbox switch, over HTTP, with signed callbacks.

The switch runs as its own process and plays each misbehaviour on request; the callbacks reach
the same webhook router the API mounts, served by uvicorn. Whatever the switch does, each
intent ends in the status the network decided, with one event per transition and its outbox row.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from payments.db import app_engine
from payments.gateway.http import HttpGateway
from payments.intents import IntentRequest
from payments.receiver import create_app, serving
from payments.service import PaymentService
from payments.status import PaymentStatus
from payments.status_checks import StatusCheckNotAllowed, StatusCheckPolicy
from payments.tables import gateway_callbacks, outbox, payment_events
from payments.webhook import CALLBACK_PATH
from sandbox.gateway.process import SandboxProcess, free_port, start_sandbox
from tests.sandbox.gateway.harness import CLIENT_TIMEOUT_S, FLAGS, TIME_SCALE

pytestmark = pytest.mark.slow
SECRET = b"end-to-end-callback-secret-0123456789"
FINAL = {PaymentStatus.SUCCESS, PaymentStatus.FAILED, PaymentStatus.EXPIRED}


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    process = start_sandbox(tmp_path_factory.mktemp("switch"), SECRET, FLAGS)
    yield process
    process.stop()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = (
        f"sqlite:///{tmp_path / 'app.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    created = app_engine(url)
    yield created
    created.dispose()


@pytest.fixture
def service(engine: Engine, sandbox: SandboxProcess) -> Iterator[PaymentService]:
    port = free_port()
    policy = StatusCheckPolicy().scaled(TIME_SCALE)
    gateway = HttpGateway(sandbox.base_url, timeout_s=CLIENT_TIMEOUT_S, status_timeout_s=5)
    payments = PaymentService(
        engine,
        gateway,
        callback_url=f"http://127.0.0.1:{port}{CALLBACK_PATH}",
        callback_secrets=[SECRET],
        status_policy=policy,
    )
    with serving(create_app(payments), port):
        yield payments


def start(service: PaymentService, sandbox: SandboxProcess, scenario: str, kind: str = "pay"):
    request = IntentRequest(
        kind=kind,  # type: ignore[arg-type]
        payer_vpa="ravi.kumar@okhdfcbank",
        payee_vpa="chaiwala.42@ybl",
        payee_name="Sharma Tea Stall",
        amount_paise=25_050,
        note=scenario,
        collect_ttl_s=60,
    )
    created = service.create_intent("P000001", f"key-{scenario}-{kind}", request)
    sandbox.force(created.intent_id, scenario)
    return service.submit("P000001", created.intent_id)


def settle(service: PaymentService, intent_id: str, timeout_s: float = 10.0):
    deadline = time.monotonic() + timeout_s
    while (intent := service.get("P000001", intent_id)).status not in FINAL:
        assert time.monotonic() < deadline, f"{intent_id} still {intent.status}"
        time.sleep(0.05)
    return intent


def test_success_and_decline_arrive_by_callback(
    service: PaymentService, sandbox: SandboxProcess
) -> None:
    paid = settle(service, start(service, sandbox, "success").intent_id)
    declined = settle(service, start(service, sandbox, "decline").intent_id)
    assert paid.status == PaymentStatus.SUCCESS and paid.rrn and len(paid.rrn) == 12
    assert declined.status == PaymentStatus.FAILED and declined.npci_code


def test_a_timeout_stays_pending_until_a_status_check_settles_it(
    service: PaymentService, sandbox: SandboxProcess
) -> None:
    intent = start(service, sandbox, "timeout")
    assert intent.status == PaymentStatus.PENDING  # never "failed" on a timeout
    deadline = time.monotonic() + 30
    while intent.status == PaymentStatus.PENDING and time.monotonic() < deadline:
        time.sleep(1.2)  # the switch gives up on it after 300 s of its scaled clock
        try:
            intent = service.check_status("P000001", intent.intent_id)
        except StatusCheckNotAllowed:  # checks are spaced 20 scaled minutes apart
            continue
    assert intent.status == PaymentStatus.FAILED and intent.npci_code == "BT"


def test_success_after_timeout_lands(service: PaymentService, sandbox: SandboxProcess) -> None:
    intent = start(service, sandbox, "success_after_timeout")
    assert intent.status == PaymentStatus.PENDING
    assert settle(service, intent.intent_id).status == PaymentStatus.SUCCESS


@pytest.mark.parametrize("scenario", ["duplicate_callbacks", "out_of_order"])
def test_repeated_and_stale_callbacks_change_nothing(
    service: PaymentService, sandbox: SandboxProcess, scenario: str
) -> None:
    intent = settle(service, start(service, sandbox, scenario).intent_id)
    time.sleep(0.6)  # let the repeats and the stale one arrive
    assert service.get("P000001", intent.intent_id).status == PaymentStatus.SUCCESS
    with service.engine.connect() as conn:
        events = conn.execute(
            select(payment_events.c.to_status)
            .where(payment_events.c.intent_id == intent.intent_id)
            .order_by(payment_events.c.sequence)
        ).scalars()
        outcomes = conn.execute(
            select(gateway_callbacks.c.outcome).where(
                gateway_callbacks.c.txn_id == intent.intent_id
            )
        ).scalars()
        assert list(events) == ["created", "submitted", "success"]
        assert "applied" in list(outcomes)


def test_an_unanswered_collect_expires(service: PaymentService, sandbox: SandboxProcess) -> None:
    intent = start(service, sandbox, "collect_expired", kind="collect")
    settled = settle(service, intent.intent_id)
    assert settled.status == PaymentStatus.EXPIRED and settled.npci_code == "U69"


def test_every_event_has_its_outbox_row(service: PaymentService, sandbox: SandboxProcess) -> None:
    for scenario in ("success", "decline", "duplicate_callbacks"):
        settle(service, start(service, sandbox, scenario).intent_id)
    with service.engine.connect() as conn:
        event_ids = set(conn.execute(select(payment_events.c.event_id)).scalars())
        outbox_ids = set(conn.execute(select(outbox.c.event_id)).scalars())
        unpublished = conn.execute(select(func.count()).select_from(outbox)).scalar_one()
    assert event_ids == outbox_ids and unpublished == len(event_ids) == 9
