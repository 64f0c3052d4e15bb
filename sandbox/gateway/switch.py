"""The simulated switch: takes pay and collect requests, decides each one's fate, answers checks.

It holds transactions in memory (it is a simulator) behind one lock, because requests arrive on
the event loop while the dispatcher thread delivers callbacks. Every decision is logged with the
transaction id, never a VPA: VPAs are personal data even in a sandbox's logs.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sandbox.gateway.config import SandboxConfig
from sandbox.gateway.dispatch import CallbackDispatcher, Outgoing
from sandbox.gateway.faults import REASONS, Kind, Scenario, applies_to, draw_scenario
from sandbox.gateway.plans import Outcome, Plan, make_plan, rejected_plan
from sandbox.gateway.status_rules import refusal
from sandbox.gateway.wire import CollectBody, PayBody

log = logging.getLogger(__name__)

_VPA = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.\-_]{1,255}@[A-Za-z][A-Za-z0-9]{1,63}$")


@dataclass(frozen=True)
class Answer:
    """What the HTTP layer sends back, after ``delay_s`` (how a slow switch is simulated)."""

    http_status: int
    body: Mapping[str, object]
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class _Transaction:
    kind: Kind
    request: PayBody
    gateway_ref: str
    arrived_at: float  # monotonic
    arrived_wall: datetime
    plan: Plan
    rejection: str | None
    answered_checks: list[float] = field(default_factory=list)  # seconds after arrival


class Switch:
    def __init__(
        self,
        config: SandboxConfig,
        dispatcher: CallbackDispatcher,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._config, self._dispatcher, self._clock = config, dispatcher, clock
        self._rng = random.Random(config.seed)
        self._lock = threading.Lock()
        self._transactions: dict[str, _Transaction] = {}
        self._forced: dict[str, Scenario] = {}

    def force(self, txn_id: str, scenario: Scenario) -> Answer:
        """Pin the next request with ``txn_id`` to ``scenario`` (used once)."""
        with self._lock:
            if txn_id in self._transactions:
                return Answer(409, {"txn_id": txn_id, "error": "transaction_already_received"})
            self._forced[txn_id] = scenario
        log.info("scenario %s forced for %s", scenario, txn_id)
        return Answer(200, {"txn_id": txn_id, "scenario": scenario.value})

    def submit(self, kind: Kind, request: PayBody) -> Answer:
        with self._lock:
            admitted = self._admit(kind, request)
        if isinstance(admitted, Answer):
            return admitted
        self._schedule(request.txn_id, admitted)
        return self._ack(request.txn_id, admitted, admitted.plan.ack_after_s)

    def _admit(self, kind: Kind, request: PayBody) -> _Transaction | Answer:
        """Record a new request with its plan, or answer at once (repeat, 409, 503)."""
        ack_delay = self._config.timings.ack_delay_s
        known = self._transactions.get(request.txn_id)
        if known is not None:
            return self._repeat(known, kind, request)
        forced = self._forced.pop(request.txn_id, None)
        scenario = forced or draw_scenario(self._rng, self._config.faults, kind)
        source = "forced" if forced else "drawn"
        if not applies_to(scenario, kind):
            error = {"txn_id": request.txn_id, "error": f"scenario {scenario} needs a collect"}
            return Answer(409, error, ack_delay)
        if scenario is Scenario.UNAVAILABLE:
            log.info("%s %s: scenario=unavailable (%s): 503", kind, request.txn_id, source)
            return Answer(503, {"error": "psp_unavailable", **_code("U28")}, ack_delay)
        txn = self._record(kind, request, scenario)
        decided = f"rejected {txn.rejection}" if txn.rejection else f"scenario={scenario}"
        callbacks = len(txn.plan.deliveries)
        log.info("%s %s: %s (%s), %d callbacks", kind, request.txn_id, decided, source, callbacks)
        return txn

    def status(self, txn_id: str) -> Answer:
        """The state at this moment, unless NPCI's check limits refuse the question."""
        with self._lock:
            txn = self._transactions.get(txn_id)
            if txn is None:  # unknown ids are not counted: there is nothing to count against
                return Answer(200, _status_body(txn_id, "not_found", None))
            elapsed = self._clock() - txn.arrived_at
            rules, timings = self._config.status_rules, self._config.timings
            refused = refusal(rules, timings, elapsed, txn.answered_checks)
            if refused is not None:
                log.info("status %s refused: %s", txn_id, refused.error)
                return Answer(429, refused.body(txn_id), headers=refused.headers())
            txn.answered_checks.append(elapsed)
            state = txn.plan.state_at(elapsed)
            status = state.status if state else "pending"
            log.info("status %s: %s (check %d)", txn_id, status, len(txn.answered_checks))
        return Answer(200, _status_body(txn_id, status, state))

    def _record(self, kind: Kind, request: PayBody, scenario: Scenario) -> _Transaction:
        """Validate like a switch would, then draw a reference and the plan (fixed RNG order)."""
        timings = self._config.timings
        rejection = self._rejection(request)
        gateway_ref = f"SBX{self._rng.getrandbits(48):012X}"
        if rejection:
            plan = rejected_plan(rejection, timings)
        else:
            expires_in_s = request.expires_in_s if isinstance(request, CollectBody) else 0
            plan = make_plan(scenario, kind, expires_in_s, timings, self._rng)
        now, wall = self._clock(), datetime.now(UTC)
        txn = _Transaction(kind, request, gateway_ref, now, wall, plan, rejection)
        self._transactions[request.txn_id] = txn
        return txn

    def _rejection(self, request: PayBody) -> str | None:
        """Refusals a switch makes before any bank sees the request."""
        if not (_VPA.match(request.payer_vpa) and _VPA.match(request.payee_vpa)):
            return "ZH"
        if request.amount_paise <= 0:
            return "U07"
        if request.amount_paise > self._config.max_amount_paise:
            return "Z8"
        if isinstance(request, CollectBody) and request.expires_in_s <= 0:
            return "U07"
        return None

    def _repeat(self, known: _Transaction, kind: Kind, request: PayBody) -> Answer:
        """A resend of the same request gets the first answer again; a different one is U01."""
        ack_delay = self._config.timings.ack_delay_s
        if known.kind is kind and known.request == request:
            log.info("%s %s: repeated, answering as before", kind, request.txn_id)
            return self._ack(request.txn_id, known, ack_delay)
        log.info("%s %s: reused id for a different request: U01", kind, request.txn_id)
        body = {"txn_id": request.txn_id, "gateway_ref": known.gateway_ref, "accepted": False}
        return Answer(200, {**body, **_code("U01")}, ack_delay)

    def _ack(self, txn_id: str, txn: _Transaction, delay_s: float) -> Answer:
        body = {"txn_id": txn_id, "gateway_ref": txn.gateway_ref}
        if txn.rejection:
            return Answer(200, {**body, "accepted": False, **_code(txn.rejection)}, delay_s)
        return Answer(202, {**body, "accepted": True, **_code(None)}, delay_s)

    def _schedule(self, txn_id: str, txn: _Transaction) -> None:
        for delivery in txn.plan.deliveries:
            event = delivery.event
            sent_at = txn.arrived_wall + timedelta(seconds=event.after_s)
            callback_id = _unique_callback_id(txn_id, delivery.callback_id)
            payload = {
                "callback_id": callback_id,
                "txn_id": txn_id,
                "gateway_ref": txn.gateway_ref,
                "status": event.status,
                "rrn": event.rrn,
                **_code(event.npci_code),
                "amount_paise": txn.request.amount_paise,
                "sent_at": sent_at.isoformat(timespec="milliseconds"),
            }
            body = json.dumps(payload, separators=(",", ":")).encode()
            outgoing = Outgoing(txn.request.callback_url, body, callback_id, txn_id)
            self._dispatcher.schedule(outgoing, txn.arrived_at + delivery.deliver_after_s)


def _unique_callback_id(txn_id: str, drawn: str) -> str:
    """The plan's id, tied to the transaction. The seeded draw alone repeats after a restart,
    and an app database that outlived the switch would drop the new callbacks as replays."""
    return "cb_" + hashlib.sha256(f"{txn_id}:{drawn}".encode()).hexdigest()[:24]


def _code(code: str | None) -> dict[str, object]:
    return {"npci_code": code, "npci_reason": REASONS.get(code) if code else None}


def _status_body(txn_id: str, status: str, state: Outcome | None) -> dict[str, object]:
    if state is None:
        return {"txn_id": txn_id, "status": status, "rrn": None, **_code(None)}
    return {"txn_id": txn_id, "status": status, "rrn": state.rrn, **_code(state.npci_code)}
