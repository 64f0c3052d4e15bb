"""The one interface the payments layer uses to reach a UPI switch (through a PSP).

A gateway answers in two steps, like NPCI does: a quick *acknowledgement* that it took the
request, then the *outcome* later, by a signed callback (``payments.signing``) or when asked with
a status check. Everything here is shaped by what goes wrong in between:

- ``GatewayTimeout`` means nobody answered in time. The request may have reached the bank and
  the money may move anyway, so the outcome is *unknown*: keep the payment pending, never call
  it failed, and find out with a status check or a late callback.
- ``GatewayError`` means the transport or protocol broke (refused connection, 5xx, bad JSON).
  ``request_sent`` tells whether the gateway may have received the request; when it may have,
  the outcome is as unknown as after a timeout.
- An ack with ``accepted=False`` is a definite, immediate rejection (e.g. invalid payee VPA).

Times are UTC; amounts are integer paise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol


class GatewayStatus(StrEnum):
    """Where a transaction stands at the switch; ``not_found`` only answers a status check."""

    PENDING = "pending"
    SUCCESS = "success"
    FAILED = "failed"
    EXPIRED = "expired"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class PayRequest:
    """Push money from the payer to the payee; ``txn_id`` is ours and unique per attempt."""

    txn_id: str
    payer_vpa: str
    payee_vpa: str
    payee_name: str
    amount_paise: int
    note: str
    callback_url: str


@dataclass(frozen=True)
class CollectRequest:
    """Ask the payer to approve a debit in their own app within ``expires_in_s`` seconds."""

    txn_id: str
    payer_vpa: str
    payee_vpa: str
    payee_name: str
    amount_paise: int
    note: str
    callback_url: str
    expires_in_s: int


@dataclass(frozen=True)
class GatewayAck:
    """The immediate answer: taken for processing, or rejected outright with an NPCI code."""

    txn_id: str
    gateway_ref: str
    accepted: bool
    npci_code: str | None
    npci_reason: str | None


@dataclass(frozen=True)
class StatusResult:
    """The answer to a status check; ``rrn`` is set once the switch has assigned one."""

    txn_id: str
    status: GatewayStatus
    rrn: str | None
    npci_code: str | None
    npci_reason: str | None


@dataclass(frozen=True)
class Callback:
    """One outcome notification pushed by the gateway.

    ``callback_id`` is the same on every redelivery of one notification, so a consumer can drop
    duplicates; ``sent_at`` (UTC) is when the gateway emitted it, so a consumer can tell a stale
    notification that arrives after a newer one.
    """

    callback_id: str
    txn_id: str
    gateway_ref: str
    status: GatewayStatus
    rrn: str | None
    npci_code: str | None
    npci_reason: str | None
    amount_paise: int
    sent_at: datetime


class GatewayTimeout(Exception):
    """No answer within the deadline: the outcome is UNKNOWN, never treat it as a failure."""


class GatewayError(Exception):
    """A transport or protocol error (5xx, bad JSON, refused connection).

    ``request_sent`` is False only when the request certainly never left (connection refused,
    connect timeout); otherwise the gateway may have acted on it.
    """

    def __init__(
        self, message: str, *, status_code: int | None = None, request_sent: bool = True
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.request_sent = request_sent


class StatusCheckRefused(GatewayError):
    """The switch refused a status check (NPCI's limits: too early, or too many checks).

    Nothing was learned about the transaction; ``retry_after_s`` says when asking again may
    be allowed, or is None when this transaction may not be checked again.
    """

    def __init__(self, message: str, *, reason: str, retry_after_s: float | None) -> None:
        super().__init__(message, status_code=429, request_sent=True)
        self.reason = reason
        self.retry_after_s = retry_after_s


class Gateway(Protocol):
    """A PSP/NPCI connection: the HTTP adapter in production and tests, fakes in unit tests."""

    def pay(self, request: PayRequest) -> GatewayAck: ...

    def collect(self, request: CollectRequest) -> GatewayAck: ...

    def status(self, txn_id: str) -> StatusResult: ...
