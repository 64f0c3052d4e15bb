"""Fakes for mandate tests: a gateway that answers from a script, a hand-turned clock, and
helpers that read what the service wrote."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from payments.gateway.base import (
    CollectRequest,
    GatewayAck,
    GatewayStatus,
    GatewayTimeout,
    PayRequest,
    StatusResult,
)
from payments.gateway.codes import describe
from payments.intents import load_intent, transition
from payments.mandates.errors import ExecutionRefused
from payments.mandates.records import Mandate, MandateRequest
from payments.mandates.schedule import IST, AmountRule, Frequency
from payments.mandates.service import MandateService
from payments.mandates.tables import mandate_events, mandate_executions, mandates
from payments.status import PaymentStatus
from payments.tables import outbox, payment_intents

PAYER = "asha.k@okhdfcbank"
PAYEE = "streamflix@icici"


def ist(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An IST wall-clock time as the aware UTC instant the service stores."""
    return datetime(year, month, day, hour, minute, tzinfo=IST).astimezone(UTC)


@dataclass
class Clock:
    now: datetime = field(default_factory=lambda: ist(2026, 11, 2, 13, 0))  # a Monday, off-peak

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def set_ist(self, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> None:
        self.now = ist(year, month, day, hour, minute)


@dataclass
class FakeGateway:
    """Answers each call with the next scripted behaviour (then ``default``); records calls.

    Behaviours: ``"accept"``, ``"timeout"``, or ``"reject:<NPCI code>"``.
    """

    script: list[str] = field(default_factory=list)
    default: str = "accept"
    sent: list[PayRequest | CollectRequest] = field(default_factory=list)

    def pay(self, request: PayRequest) -> GatewayAck:
        return self._answer(request)

    def collect(self, request: CollectRequest) -> GatewayAck:
        return self._answer(request)

    def status(self, txn_id: str) -> StatusResult:
        return StatusResult(txn_id, GatewayStatus.PENDING, None, None, None)

    def _answer(self, request: PayRequest | CollectRequest) -> GatewayAck:
        self.sent.append(request)
        behaviour = self.script.pop(0) if self.script else self.default
        if behaviour == "timeout":
            raise GatewayTimeout("no answer in 15 s")
        if behaviour.startswith("reject:"):
            code = behaviour.removeprefix("reject:")
            return GatewayAck(request.txn_id, "", False, code, describe(code))
        return GatewayAck(request.txn_id, f"GW{len(self.sent)}", True, None, None)


def mandate_request(**changes: Any) -> MandateRequest:
    base = MandateRequest(
        payer_vpa=PAYER,
        payee_vpa=PAYEE,
        payee_name="StreamFlix India",
        amount_paise=64_900,
        amount_rule=AmountRule.MAX,
        frequency=Frequency.MONTHLY,
        validity_start=date(2026, 11, 2),
        validity_end=date(2027, 11, 1),
        purpose="StreamFlix premium",
    )
    return replace(base, **changes)


def settle_intent(
    engine: Engine, intent_id: str, target: PaymentStatus, now: datetime, code: str | None = None
) -> None:
    """What a verified gateway callback does to an intent (``payments.callbacks``)."""
    with engine.begin() as conn:
        intent = load_intent(conn, intent_id)
        updates = {"npci_code": code, "npci_reason": describe(code)} if code else {}
        transition(conn, intent, target, reason="callback", now=now, updates=updates)


def outbox_messages(engine: Engine, prefix: str = "mandate.") -> list[dict[str, Any]]:
    with engine.connect() as conn:
        query = select(outbox.c.payload).order_by(outbox.c.seq)
        payloads: list[str] = list(conn.execute(query).scalars())
        messages = [json.loads(payload) for payload in payloads]
    return [message for message in messages if message["event_type"].startswith(prefix)]


def event_types(engine: Engine) -> list[str]:
    return [message["event_type"] for message in outbox_messages(engine)]


def row_counts(engine: Engine) -> dict[str, int]:
    """Rows in every table a mandate operation writes: a refusal must leave all of them alone."""
    tables = {
        "mandates": mandates,
        "mandate_events": mandate_events,
        "executions": mandate_executions,
        "intents": payment_intents,
        "outbox": outbox,
    }
    with engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in tables.items()
        }


def approved_mandate(service: MandateService, **terms: Any) -> Mandate:
    """A mandate of ``p1`` on ``mandate_request(**terms)``, approved (with step-up)."""
    mandate = service.create("p1", mandate_request(**terms))
    return service.approve("p1", mandate.mandate_id, step_up_verified=True)


def execution_refusal(
    service: MandateService, gateway: FakeGateway, mandate_id: str, debit_date: date
) -> str:
    """The reason an execution is refused; also checks nothing was written and nothing sent."""
    before, sent = row_counts(service.engine), len(gateway.sent)
    with pytest.raises(ExecutionRefused) as error:
        service.execute(mandate_id, debit_date)
    assert row_counts(service.engine) == before and len(gateway.sent) == sent
    return error.value.reason


def attempts(engine: Engine) -> list[tuple[str, int, str, str | None]]:
    """(period, attempt, status, NPCI code) of every execution, in order."""
    table = mandate_executions.c
    query = select(table.period, table.attempt, table.status, table.npci_code)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(table.period, table.attempt)).all()
    return [(row.period, row.attempt, row.status, row.npci_code) for row in rows]
