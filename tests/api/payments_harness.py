"""The API app for the payments and mandates tests: real sign-in and step-up OTP flows, and a
payment service whose gateway answers as told (``FakeGateway``), recording what it was sent."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from api.audit import entries
from payments.service import PaymentService
from payments.tables import payment_intents
from tests.api.utils import V1, bearer, e164, enrol, last_code, login
from tests.payments.core.payment_fakes import SECRET, FakeGateway


def phone_of(person_ref: str) -> str:
    """The demo population's synthetic phones: P000012 signs in as +91 90000 00012."""
    return f"+91 90000 {int(person_ref[1:]):05d}"


@dataclass
class Harness:
    client: TestClient
    gateway: FakeGateway
    engine: Engine
    person_ref: str = ""
    logins: dict[str, dict[str, Any]] = field(default_factory=dict)

    def become(self, person_ref: str) -> None:
        """Act as ``person_ref`` (enrolled and signed in on first use), without a step-up."""
        if person_ref not in self.logins:
            enrol(self.engine, person_ref, phone_of(person_ref))
            self.logins[person_ref] = login(self.client, phone_of(person_ref))
        self.person_ref = person_ref
        self.client.headers.update(self.logins[person_ref]["headers"])

    def step_up(self) -> None:
        """Pass the step-up OTP: the next requests carry a token with ``step_up_until``."""
        sent = self.client.post(f"{V1}/auth/step-up")
        assert sent.status_code == 202, sent.text
        code = last_code(self.client, e164(phone_of(self.person_ref)))
        verified = self.client.post(f"{V1}/auth/step-up/verify", json={"otp": code})
        assert verified.status_code == 200, verified.text
        self.client.headers.update(bearer(verified.json()["access_token"]))

    def without_step_up(self) -> None:
        self.client.headers.update(self.logins[self.person_ref]["headers"])

    def submissions_done(self) -> None:
        """Wait for the dispatcher: the API queues new intents for the gateway and returns."""
        assert self.client.app.state.payments.wait_for_submissions(10)  # type: ignore[attr-defined]

    def intent_count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(payment_intents)).scalar_one())

    def audit(self, prefix: str = "") -> list[Any]:
        with self.engine.connect() as conn:
            return [e for e in entries(conn) if str(e["action"]).startswith(prefix)]


def fake_payments(app: FastAPI, gateway: FakeGateway) -> PaymentService:
    """Put a payment service on the fake gateway where ``api.deps.app_payments`` finds it."""
    service = PaymentService(
        app.state.engine, gateway, callback_url="http://127.0.0.1:9/cb", callback_secrets=[SECRET]
    )
    app.state.payments = service
    return service


@pytest.fixture
def harness(api_app: FastAPI) -> Iterator[Harness]:
    gateway = FakeGateway()
    fake_payments(api_app, gateway)
    with TestClient(api_app) as client:
        built = Harness(client, gateway, api_app.state.engine)
        built.become("P000001")
        yield built
