"""Sending created intents to the gateway: claim, send, settle — for one intent or a batch.

Database work and gateway calls never share a transaction. The intents are marked ``submitted``
and committed (the claim) before any is sent, so a crash mid-call leaves intents whose outcome
status checks and callbacks will settle — never a payment the app forgot it sent. Each
gateway answer is then applied (the settle). A batch shares those two commits, which is what
lets the API keep up with many payments at once (``payments.dispatch``).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from payments.gateway.base import (
    CollectRequest,
    Gateway,
    GatewayAck,
    GatewayError,
    GatewayTimeout,
    PayRequest,
)
from payments.intents import (
    PULLED_KINDS,
    ConcurrentUpdate,
    Intent,
    IntentNotFound,
    load_intent,
    set_gateway_ref,
    transition,
)
from payments.status import AWAITING_OUTCOME, InvalidTransition, PaymentStatus

if TYPE_CHECKING:
    from payments.service import PaymentService

# Gateway calls wait on the network: sent together, a round of the dispatcher's (up to 64) takes
# about as long as its slowest call rather than the sum of its calls in eights.
MAX_PARALLEL_SENDS = 32
Result = Intent | Exception


@dataclass(frozen=True)
class Sent:
    """What one gateway call came to: an answer, or why there is none."""

    ack: GatewayAck | None = None
    reason: str = ""  # gateway_timeout | gateway_error | gateway_unreachable, when no ack
    detail: str = ""


def submit_many(service: PaymentService, items: Sequence[tuple[str, str]]) -> list[Result]:
    """Submit each ``(person_id, intent_id)``; per item the intent as it now stands, or the
    error that stopped it (not found for that person, not in ``created`` any more)."""
    results = _claim(service, items)
    claimed = [result for result in results if isinstance(result, Intent)]
    if not claimed:
        return results
    outcomes = _send_all(service, claimed)
    with service.engine.begin() as conn:
        settled = {
            intent.intent_id: _settle(conn, service, intent, sent)
            for intent, sent in zip(claimed, outcomes, strict=True)
        }
    return [settled[r.intent_id] if isinstance(r, Intent) else r for r in results]


def _claim(service: PaymentService, items: Sequence[tuple[str, str]]) -> list[Result]:
    results: list[Result] = []
    with service.engine.begin() as conn:
        now = service.clock()
        for person_id, intent_id in items:
            try:
                intent = load_intent(conn, intent_id, person_id)
                results.append(
                    transition(
                        conn,
                        intent,
                        PaymentStatus.SUBMITTED,
                        reason="sent_to_gateway",
                        now=now,
                        updates={"submitted_at": now},
                    )
                )
            except (IntentNotFound, InvalidTransition, ConcurrentUpdate) as exc:
                results.append(exc)  # nothing was written for this one: the others go on
    return results


def _send_all(service: PaymentService, intents: list[Intent]) -> list[Sent]:
    if len(intents) == 1:
        return [_send(service, intents[0])]
    return list(service.senders().map(lambda intent: _send(service, intent), intents))


def sender_pool() -> ThreadPoolExecutor:
    """The threads a service sends batches on, kept between rounds rather than up to 32 of
    them started, and joined, for every round."""
    return ThreadPoolExecutor(MAX_PARALLEL_SENDS, thread_name_prefix="gateway-send")


def _send(service: PaymentService, intent: Intent) -> Sent:
    try:
        return Sent(ack=_call(service.gateway, intent, service.callback_url))
    except GatewayTimeout:
        return Sent(reason="gateway_timeout")
    except GatewayError as exc:
        return Sent(
            reason="gateway_error" if exc.request_sent else "gateway_unreachable", detail=str(exc)
        )


def _call(gateway: Gateway, intent: Intent, callback_url: str) -> GatewayAck:
    common = dict(
        txn_id=intent.intent_id,
        payer_vpa=intent.payer_vpa,
        payee_vpa=intent.payee_vpa,
        payee_name=intent.payee_name,
        amount_paise=intent.amount_paise,
        note=intent.note,
        callback_url=callback_url,
    )
    if intent.kind in PULLED_KINDS:
        ttl = int((intent.expires_at - intent.created_at).total_seconds())
        return gateway.collect(CollectRequest(**common, expires_in_s=ttl))  # type: ignore[arg-type]
    return gateway.pay(PayRequest(**common))  # type: ignore[arg-type]


def _settle(conn: Connection, service: PaymentService, claimed: Intent, sent: Sent) -> Intent:
    """Apply one gateway answer. A callback may have got there first: then it stands."""
    if sent.ack is not None and sent.ack.accepted and sent.ack.gateway_ref:
        # The usual answer. Unless a callback moved the intent on since the claim (its version
        # tells), it is as claimed: record the reference without reading the row back.
        try:
            return set_gateway_ref(conn, claimed, sent.ack.gateway_ref)
        except ConcurrentUpdate:
            pass
    intent = load_intent(conn, claimed.intent_id)
    now = service.clock()
    if sent.ack is None:
        if intent.status != PaymentStatus.SUBMITTED:
            return intent
        if sent.reason == "gateway_unreachable":  # it certainly never left: try again is safe
            return transition(
                conn,
                intent,
                PaymentStatus.FAILED,
                reason=sent.reason,
                now=now,
                detail={"error": sent.detail},
            )
        detail = {"error": sent.detail} if sent.detail else {}
        return transition(
            conn, intent, PaymentStatus.PENDING, reason=sent.reason, now=now, detail=detail
        )
    ack = sent.ack
    if ack.accepted or intent.status != PaymentStatus.SUBMITTED:
        if ack.gateway_ref and intent.status in AWAITING_OUTCOME:
            return set_gateway_ref(conn, intent, ack.gateway_ref)
        return intent
    return transition(
        conn,
        intent,
        PaymentStatus.FAILED,
        reason="gateway_rejected",
        now=now,
        updates={"npci_code": ack.npci_code, "npci_reason": ack.npci_reason},
    )
