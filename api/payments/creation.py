"""Creating a payment intent from the API: replay, step-up, create, audit, then submit.

The order matters:

1. A key already used answers from the store first, before any other check: a client retrying
   after a lost response must get the first answer, even once its step-up has lapsed.
2. A new large ``pay`` needs a fresh step-up (``api.payments.policy``).
3. ``PaymentService.create_intent`` stores the intent, the response under the key and the audit
   row in one transaction; of concurrent requests with one key exactly one creates, the rest
   replay.
4. Only the request that created the intent sends it to the gateway, after the response and in
   a batch with others (``payments.dispatch``): the outcome arrives later (callback → outbox →
   WebSocket, or a GET).
"""

from __future__ import annotations

from sqlalchemy import Connection

from api import audit
from api.deps import require_step_up
from api.payments.policy import payment_needs_step_up
from api.principal import Person
from hisaab.money import format_inr
from payments import idempotency
from payments.idempotency import StoredResponse
from payments.intents import Intent, IntentRequest
from payments.service import PaymentService


def create_payment(
    service: PaymentService, person: Person, key: str | None, request: IntentRequest
) -> StoredResponse:
    request = request.validated()
    if payment_needs_step_up(request.kind, request.amount_paise):
        key = idempotency.validate_key(key)
        with service.engine.connect() as conn:  # a retry replays even once its step-up lapsed
            stored = idempotency.replay(conn, person.person_ref, key, request.fingerprint())
        if stored is not None:
            return stored
        require_step_up(person, f"a payment of {format_inr(request.amount_paise)}")

    def audit_creation(conn: Connection, intent: Intent) -> None:
        audit.record(
            conn,
            "payment.created",
            person_id=person.person_id,
            intent_id=intent.intent_id,
            kind=intent.kind,
            amount_paise=intent.amount_paise,
            category=intent.category,
        )

    return service.create_intent(person.person_ref, key, request, on_created=audit_creation)


async def submit_quietly(service: PaymentService, person_ref: str, intent_id: str) -> None:
    """Queue the intent for the gateway after the response and return: the connection is free
    for the client's next request at once. A failure is logged by the dispatcher, never lost:
    the intent stays ``created`` (it expires) or ``pending`` (status checks settle it).

    ``async`` because queueing never blocks: a plain function would cost a thread hop."""
    service.submit_soon(person_ref, intent_id)
