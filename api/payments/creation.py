"""Creating a payment intent from the API: replay, step-up, create, audit, then submit.

The order matters:

1. A key already used answers from the store first, before any other check: a client retrying
   after a lost response must get the first answer, even once its step-up has lapsed.
2. A new large ``pay`` needs a fresh step-up (``api.payments.policy``).
3. ``PaymentService.create_intent`` stores the intent and the response under the key in one
   transaction; of concurrent requests with one key exactly one creates, the rest replay.
4. Only the request that created the intent writes the audit row and sends it to the gateway,
   after the response: the outcome arrives later (callback → outbox → WebSocket, or a GET).
"""

from __future__ import annotations

import logging

from sqlalchemy import Engine

from api import audit
from api.deps import require_step_up
from api.payments.policy import payment_needs_step_up
from api.principal import Person
from hisaab.money import format_inr
from payments import idempotency
from payments.gateway.base import GatewayError
from payments.idempotency import StoredResponse
from payments.intents import ConcurrentUpdate, IntentRequest
from payments.service import PaymentService

log = logging.getLogger("hisaab.api.payments")


def create_payment(
    service: PaymentService, person: Person, key: str | None, request: IntentRequest
) -> StoredResponse:
    key = idempotency.validate_key(key)
    request = request.validated()
    with service.engine.connect() as conn:
        stored = idempotency.replay(conn, person.person_ref, key, request.fingerprint())
    if stored is not None:
        return stored
    if payment_needs_step_up(request.kind, request.amount_paise):
        require_step_up(person, f"a payment of {format_inr(request.amount_paise)}")
    stored = service.create_intent(person.person_ref, key, request)
    if not stored.replayed:
        _audit(service.engine, person, stored, request)
    return stored


def _audit(engine: Engine, person: Person, stored: StoredResponse, request: IntentRequest) -> None:
    with engine.begin() as conn:
        audit.record(
            conn,
            "payment.created",
            person_id=person.person_id,
            intent_id=stored.intent_id,
            kind=request.kind,
            amount_paise=request.amount_paise,
            category=str(request.category),
        )


def submit_quietly(service: PaymentService, person_ref: str, intent_id: str) -> None:
    """Send the intent to the gateway after the response; a failure here is logged, never lost:
    the intent stays ``created`` (it expires) or ``pending`` (status checks settle it)."""
    try:
        service.submit(person_ref, intent_id)
    except (GatewayError, ConcurrentUpdate) as exc:
        log.warning("submitting %s failed: %s", intent_id, exc)
