"""The payments service: what the API and the callback endpoint call.

Database work and gateway calls never share a transaction: the intent is marked ``submitted``
and committed before the gateway is called, so a crash mid-call leaves an intent whose outcome
status checks and callbacks will settle — never a payment the app forgot it sent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from payments import idempotency
from payments.callbacks import CallbackOutcome, apply_callback
from payments.gateway.base import (
    CollectRequest,
    Gateway,
    GatewayAck,
    GatewayError,
    GatewayTimeout,
    PayRequest,
)
from payments.idempotency import StoredResponse
from payments.intents import (
    PULLED_KINDS,
    Intent,
    IntentRequest,
    insert_intent,
    load_intent,
    set_gateway_ref,
    transition,
)
from payments.signing import parse_callback, verify
from payments.status import AWAITING_OUTCOME, PaymentStatus
from payments.status_checks import StatusCheckPolicy, expire_overdue, resolve_status

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class PaymentService:
    def __init__(
        self,
        engine: Engine,
        gateway: Gateway,
        *,
        callback_url: str,
        callback_secrets: Sequence[bytes],
        clock: Clock = utc_now,
        status_policy: StatusCheckPolicy | None = None,
    ) -> None:
        self.engine, self.gateway, self.clock = engine, gateway, clock
        self.callback_url = callback_url
        self.callback_secrets = list(callback_secrets)
        self.status_policy = status_policy or StatusCheckPolicy()

    def create_intent(
        self, person_id: str, key: str | None, request: IntentRequest
    ) -> StoredResponse:
        """Create (or replay) an intent; see ``payments.idempotency`` for the key's semantics."""
        key = idempotency.validate_key(key)
        request = request.validated()
        request_hash = request.fingerprint()
        with self.engine.connect() as conn:
            stored = idempotency.replay(conn, person_id, key, request_hash)
        if stored is not None:
            return stored
        try:
            with self.engine.begin() as conn:
                intent = insert_intent(conn, person_id, request, self.clock())
                stored = StoredResponse(201, intent.public_json(), intent.intent_id, False)
                idempotency.remember(conn, person_id, key, request_hash, stored, self.clock())
            return stored
        except IntegrityError:
            # A concurrent request with the same key committed first: answer with its response.
            with self.engine.connect() as conn:
                stored = idempotency.replay(conn, person_id, key, request_hash)
            if stored is None:
                raise
            return stored

    def get(self, person_id: str, intent_id: str) -> Intent:
        with self.engine.connect() as conn:
            return load_intent(conn, intent_id, person_id)

    def submit(self, person_id: str, intent_id: str) -> Intent:
        """Send a created intent to the gateway; a timeout leaves it pending, never failed."""
        with self.engine.begin() as conn:
            intent = load_intent(conn, intent_id, person_id)
            now = self.clock()
            intent = transition(
                conn,
                intent,
                PaymentStatus.SUBMITTED,
                reason="sent_to_gateway",
                now=now,
                updates={"submitted_at": now},
            )
        try:
            ack = self._send(intent)
        except GatewayTimeout:
            return self._mark_pending(intent_id, "gateway_timeout")
        except GatewayError as exc:
            if not exc.request_sent:
                return self._mark_unsent(intent_id, str(exc))
            return self._mark_pending(intent_id, "gateway_error", str(exc))
        return self._record_ack(intent_id, ack)

    def _send(self, intent: Intent) -> GatewayAck:
        common = dict(
            txn_id=intent.intent_id,
            payer_vpa=intent.payer_vpa,
            payee_vpa=intent.payee_vpa,
            payee_name=intent.payee_name,
            amount_paise=intent.amount_paise,
            note=intent.note,
            callback_url=self.callback_url,
        )
        if intent.kind in PULLED_KINDS:
            ttl = int((intent.expires_at - intent.created_at).total_seconds())
            return self.gateway.collect(CollectRequest(**common, expires_in_s=ttl))  # type: ignore[arg-type]
        return self.gateway.pay(PayRequest(**common))  # type: ignore[arg-type]

    def _mark_pending(self, intent_id: str, reason: str, detail: str = "") -> Intent:
        with self.engine.begin() as conn:
            intent = load_intent(conn, intent_id)
            if intent.status != PaymentStatus.SUBMITTED:
                return intent  # a callback got there first
            return transition(
                conn,
                intent,
                PaymentStatus.PENDING,
                reason=reason,
                now=self.clock(),
                detail={"error": detail} if detail else {},
            )

    def _mark_unsent(self, intent_id: str, detail: str) -> Intent:
        """The request certainly never left: fail it so the person can simply try again."""
        with self.engine.begin() as conn:
            intent = load_intent(conn, intent_id)
            if intent.status != PaymentStatus.SUBMITTED:
                return intent
            return transition(
                conn,
                intent,
                PaymentStatus.FAILED,
                reason="gateway_unreachable",
                now=self.clock(),
                detail={"error": detail},
            )

    def _record_ack(self, intent_id: str, ack: GatewayAck) -> Intent:
        with self.engine.begin() as conn:
            intent = load_intent(conn, intent_id)
            if ack.accepted or intent.status != PaymentStatus.SUBMITTED:
                if ack.gateway_ref and intent.status in AWAITING_OUTCOME:
                    return set_gateway_ref(conn, intent, ack.gateway_ref)
                return intent
            return transition(
                conn,
                intent,
                PaymentStatus.FAILED,
                reason="gateway_rejected",
                now=self.clock(),
                updates={"npci_code": ack.npci_code, "npci_reason": ack.npci_reason},
            )

    def handle_callback(self, headers: Mapping[str, str], body: bytes) -> CallbackOutcome:
        """Verify (signature, timestamp window) before parsing, then apply exactly once."""
        now = self.clock()
        verify(self.callback_secrets, headers, body, now)
        callback = parse_callback(body)
        with self.engine.begin() as conn:
            return apply_callback(conn, callback, now)

    def check_status(self, person_id: str, intent_id: str) -> Intent:
        """Ask the gateway, within NPCI's limits (``payments.status_checks``)."""
        return resolve_status(self, person_id, intent_id)

    def expire_overdue(self) -> list[str]:
        """Expire what ran out of time (run by a schedule); returns the expired intent ids."""
        return expire_overdue(self.engine, self.clock, self.status_policy)
