"""Fakes for the payments core: a gateway that answers as told and a hand-turned clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from payments.gateway.base import (
    CollectRequest,
    GatewayAck,
    GatewayStatus,
    GatewayTimeout,
    PayRequest,
    StatusResult,
)
from payments.intents import IntentRequest

SECRET = b"test-callback-secret-0123456789abcdef"


@dataclass
class Clock:
    now: datetime = datetime(2026, 11, 2, 6, 30, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class FakeGateway:
    """Answers as told: accept, reject with a code, or time out. Records every call."""

    behaviour: str = "accept"
    status_answer: GatewayStatus = GatewayStatus.PENDING
    sent: list[PayRequest | CollectRequest] = field(default_factory=list)
    status_calls: list[str] = field(default_factory=list)

    def pay(self, request: PayRequest) -> GatewayAck:
        return self._answer(request)

    def collect(self, request: CollectRequest) -> GatewayAck:
        return self._answer(request)

    def _answer(self, request: PayRequest | CollectRequest) -> GatewayAck:
        self.sent.append(request)
        if self.behaviour == "timeout":
            raise GatewayTimeout("no answer in 15 s")
        if self.behaviour == "reject":
            return GatewayAck(request.txn_id, "", False, "ZM", "invalid MPIN")
        return GatewayAck(request.txn_id, f"GW{len(self.sent)}", True, None, None)

    def status(self, txn_id: str) -> StatusResult:
        self.status_calls.append(txn_id)
        rrn = "612345678901" if self.status_answer == GatewayStatus.SUCCESS else None
        return StatusResult(txn_id, self.status_answer, rrn, None, None)


def pay_request(amount_paise: int = 25_000, note: str = "chai") -> IntentRequest:
    return IntentRequest(
        kind="pay",
        payer_vpa="asha.k@okhdfcbank",
        payee_vpa="chaiwala@ybl",
        payee_name="Sharma Tea Stall",
        amount_paise=amount_paise,
        note=note,
    )
