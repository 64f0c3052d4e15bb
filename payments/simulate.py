"""``hisaab payments simulate``: real payments through the sandbox switch, end to end.

It starts the sandbox switch (its own process, with its default mix of declines, timeouts,
duplicate and out-of-order callbacks), serves the callback endpoint, and pays through the same
``PaymentService`` the API uses, into the configured app database. Status checks settle what
timed out. The NPCI clock runs ``time_scale`` times real time (both the switch's and ours), so
the 90-second and 2-hour rules play out in seconds. The events wait in the outbox for
``hisaab pipeline run`` (embedded) or the relay (production).
"""

from __future__ import annotations

import random
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select

from payments.gateway.http import HttpGateway
from payments.intents import Intent, IntentRequest
from payments.receiver import create_app, serving
from payments.service import PaymentService
from payments.status import AWAITING_OUTCOME, PaymentStatus
from payments.status_checks import StatusCheckNotAllowed, StatusCheckPolicy
from payments.tables import gateway_callbacks
from payments.webhook import CALLBACK_PATH
from sandbox.gateway.process import free_port, start_sandbox

PAYEES = [
    ("swiggy@icici", "Swiggy"), ("zomato-order@paytm", "Zomato"),
    ("bigbasket@hdfcbank", "BigBasket"), ("q81234567@ybl", "Sharma Kirana Store"),
    ("bescom.billpay@icici", "BESCOM"), ("irctc@sbi", "IRCTC"),
    ("paytmqr2810050501@paytm", "Ramu Tea Stall"), ("jio@axisbank", "Jio Prepaid"),
]  # fmt: skip
CLIENT_TIMEOUT_S = 1.5


@dataclass
class SimulationReport:
    count: int
    seconds: float
    statuses: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    callbacks: Counter[str] = field(default_factory=Counter)


def simulate(
    engine: Engine, secret: bytes, workdir: Path, *, count: int, people: int, seed: int,
    time_scale: float = 0.01,
) -> SimulationReport:  # fmt: skip
    started = time.monotonic()
    flags = ["--seed", str(seed), "--time-scale", str(time_scale), "--stall-s", "2"]
    sandbox = start_sandbox(workdir, secret, [*flags, "--log-level", "warning"])
    port = free_port()
    try:
        service = PaymentService(
            engine,
            HttpGateway(sandbox.base_url, timeout_s=CLIENT_TIMEOUT_S),
            callback_url=f"http://127.0.0.1:{port}{CALLBACK_PATH}",
            callback_secrets=[secret],
            status_policy=StatusCheckPolicy().scaled(time_scale),
        )
        with serving(create_app(service), port):
            intents = _pay_all(service, _requests(count, people, seed))
            settled = _settle(service, intents, deadline_s=60 + 7200 * time_scale)
    finally:
        sandbox.stop()
    return _report(engine, settled, time.monotonic() - started)


def _requests(count: int, people: int, seed: int) -> list[tuple[str, IntentRequest]]:
    rng = random.Random(seed)
    requests = []
    for _ in range(count):
        person = f"P{rng.randint(1, people):06d}"
        payee, name = rng.choice(PAYEES)
        payer = f"{person.lower()}@okhdfcbank"
        amount = rng.choice([rng.randint(1_000, 50_000), rng.randint(50_000, 5_00_000)])
        kind = "collect" if rng.random() < 0.1 else "pay"
        if kind == "collect":  # asking a friend for their share: the person is the payee
            payer, payee, name = f"friend{rng.randint(1, 99)}@ybl", payer, person
        request = IntentRequest(kind, payer, payee, name, amount, note="simulated")  # type: ignore[arg-type]
        requests.append((person, request))
    return requests


def _pay_all(service: PaymentService, requests: list[tuple[str, IntentRequest]]) -> list[Intent]:
    run = uuid.uuid4().hex[:12]

    def pay(numbered: tuple[int, tuple[str, IntentRequest]]) -> Intent:
        number, (person, request) = numbered
        created = service.create_intent(person, f"simulate-{run}-{number:06d}", request)
        return service.submit(person, created.intent_id)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(pay, enumerate(requests)))


def _settle(service: PaymentService, intents: list[Intent], deadline_s: float) -> list[Intent]:
    """Wait for callbacks; check the status of what stays unresolved, within the limits."""
    deadline = time.monotonic() + deadline_s
    latest = {intent.intent_id: intent for intent in intents}
    while time.monotonic() < deadline:
        waiting = [i for i in latest.values() if i.status in AWAITING_OUTCOME]
        if not any(_may_still_settle(service, intent) for intent in waiting):
            break
        for intent in waiting:
            latest[intent.intent_id] = _refresh(service, intent)
        time.sleep(0.2)
    service.expire_overdue()
    return [service.get(intent.person_id, intent.intent_id) for intent in intents]


def _may_still_settle(service: PaymentService, intent: Intent) -> bool:
    """A callback may still come, or a status check is still allowed later."""
    unchecked = intent.status_checks < service.status_policy.max_checks
    return unchecked or intent.kind != "pay"


def _refresh(service: PaymentService, intent: Intent) -> Intent:
    try:
        return service.check_status(intent.person_id, intent.intent_id)
    except StatusCheckNotAllowed:
        return service.get(intent.person_id, intent.intent_id)


def _report(engine: Engine, intents: list[Intent], seconds: float) -> SimulationReport:
    report = SimulationReport(count=len(intents), seconds=seconds)
    report.statuses.update(str(intent.status) for intent in intents)
    report.codes.update(
        intent.npci_code for intent in intents
        if intent.status == PaymentStatus.FAILED and intent.npci_code
    )  # fmt: skip
    ids = [intent.intent_id for intent in intents]
    with engine.connect() as conn:
        outcomes: list[str] = list(
            conn.execute(
                select(gateway_callbacks.c.outcome).where(gateway_callbacks.c.txn_id.in_(ids))
            ).scalars()
        )
        report.callbacks.update(outcomes)
    return report
