"""Every person-scoped endpoint, called with another person's ids, answers 404 and leaks nothing.

Person A creates one of everything that has an id; person B then calls every route that takes an
id with A's ids. Each answer must be the same 404 problem an id that never existed gets, and A's
resources must be unchanged afterwards. A guard test fails when a route with an id is added to
the API without a row here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from sandbox.aa import SandboxAggregator
from tests.api.payments_harness import fake_payments
from tests.api.utils import V1, login
from tests.payments.core.payment_fakes import FakeGateway
from tests.support.population import Population

OWNER, INTRUDER = "+919000000001", "+919000000002"
UNKNOWN = "0" * 32
# Ids in a person's name, the routes that take them, and a body where the route wants one.
MATRIX: list[tuple[str, str, str, dict[str, Any] | None]] = [
    ("GET", "/transactions/{transaction_id}", "transaction_id", None),
    ("PATCH", "/transactions/{transaction_id}", "transaction_id", {"category": "shopping:online"}),
    ("POST", "/insights/anomalies/{transaction_id}/feedback", "anomaly_id", {"verdict": "fraud"}),
    ("GET", "/budgets/{budget_id}", "budget_id", None),
    ("PATCH", "/budgets/{budget_id}", "budget_id", {"monthly_limit_paise": 100}),
    ("DELETE", "/budgets/{budget_id}", "budget_id", None),
    ("GET", "/budgets/{budget_id}/status", "budget_id", None),
    ("GET", "/payments/intents/{intent_id}", "intent_id", None),
    ("GET", "/payments/intents/{intent_id}/qr", "intent_id", None),
    ("GET", "/mandates/{mandate_id}", "mandate_id", None),
    ("POST", "/mandates/{mandate_id}/approve", "mandate_id", None),
    ("POST", "/mandates/{mandate_id}/pause", "mandate_id", None),
    ("POST", "/mandates/{mandate_id}/resume", "mandate_id", None),
    ("POST", "/mandates/{mandate_id}/revoke", "mandate_id", None),
    ("POST", "/accounts/consents/{consent_id}/approve", "consent_id", None),
    ("POST", "/accounts/consents/{consent_id}/revoke", "consent_id", None),
]
# Routes whose path parameter is not someone's id.
NOT_PERSON_IDS = {"/privacy/consents/{purpose}"}


@dataclass
class World:
    client: TestClient
    owner: dict[str, str]
    intruder: dict[str, str]
    ids: dict[str, str]


def _ok(response: Any) -> Any:
    assert response.status_code < 300, response.text
    return response.json()


def _owner_ids(client: TestClient, headers: dict[str, str]) -> dict[str, str]:
    today = datetime.now(ZoneInfo("Asia/Kolkata")).date()  # mandates start on IST dates
    pay = {"kind": "collect", "payer_vpa": "ravi@ybl", "payee_vpa": "asha.k@okhdfcbank",
           "payee_name": "Asha K", "amount_paise": 25_050, "note": "dinner"}  # fmt: skip
    keyed = {**headers, "Idempotency-Key": str(uuid.uuid4())}
    intent = _ok(client.post(f"{V1}/payments/intents", json=pay, headers=keyed))
    mandate = _ok(client.post(f"{V1}/mandates", headers=headers, json={
        "payer_vpa": "asha.k@okhdfcbank", "payee_vpa": "streamflix@icici",
        "payee_name": "StreamFlix India", "amount_paise": 49_900, "amount_rule": "max",
        "frequency": "monthly", "validity_start": today.isoformat(),
        "validity_end": (today + timedelta(days=365)).isoformat(), "purpose": "subscription",
    }))  # fmt: skip
    consent = _ok(client.post(f"{V1}/accounts/consents", headers=headers, json={
        "data_from": "2025-05-01", "data_to": "2025-05-31",
        "consent_expiry": (datetime.now(UTC) + timedelta(days=90)).isoformat(),
    }))  # fmt: skip
    budget = _ok(client.post(f"{V1}/budgets", headers=headers, json={
        "category": "groceries", "monthly_limit_paise": 1_200_000, "starts_on": "2025-05-01"
    }))  # fmt: skip
    transactions = _ok(client.get(f"{V1}/transactions", params={"limit": 1}, headers=headers))
    anomalies = _ok(client.get(f"{V1}/insights/anomalies", headers=headers))
    return {
        "intent_id": intent["intent_id"],
        "mandate_id": mandate["mandate_id"],
        "consent_id": consent.get("consent_id") or consent["ConsentHandle"],
        "budget_id": budget["budget_id"],
        "transaction_id": transactions["items"][0]["transaction_id"],
        "anomaly_id": _first_anomaly(anomalies),
    }


def _first_anomaly(anomalies: Any) -> str:
    items = anomalies["items"] if isinstance(anomalies, dict) else anomalies
    assert items, "the owner needs a flagged transaction for the feedback route"
    return str(items[0]["transaction_id"])


@pytest.fixture
def world(population_app: FastAPI, population: Population) -> Iterator[World]:
    fake_payments(population_app, FakeGateway())
    population_app.state.aa = SandboxAggregator(population.landing)
    with TestClient(population_app) as client:
        owner = login(client, OWNER)["headers"]
        intruder = login(client, INTRUDER)["headers"]
        yield World(client, owner, intruder, _owner_ids(client, owner))


def _call(world: World, method: str, path: str, body: dict[str, Any] | None, **ids: str) -> Any:
    return world.client.request(method, V1 + path.format(**ids), json=body, headers=world.intruder)


def _normalised(response: Any) -> dict[str, Any]:
    body = dict(response.json())
    body.pop("instance", None)  # the request path, which names the id tried
    return body


def test_another_persons_ids_are_not_found_and_leak_nothing(world: World) -> None:
    before = {
        path: world.client.get(V1 + path.format(**world.ids), headers=world.owner).json()
        for method, path, _, _ in MATRIX
        if method == "GET" and not path.endswith("/qr")
    }
    for method, path, id_name, body in MATRIX:
        name = path[path.index("{") + 1 : path.index("}")]
        theirs = _call(world, method, path, body, **{name: world.ids[id_name]})
        missing = _call(world, method, path, body, **{name: UNKNOWN})
        assert theirs.status_code == 404, (method, path, theirs.text)
        assert theirs.headers["content-type"] == "application/problem+json"
        assert _normalised(theirs) == _normalised(missing), (method, path)
    after = {
        path: world.client.get(V1 + path.format(**world.ids), headers=world.owner).json()
        for path in before
    }
    assert after == before  # nothing the intruder sent changed the owner's resources


def test_every_route_with_an_id_is_in_the_matrix(population_app: FastAPI) -> None:
    paths = population_app.openapi()["paths"]
    with_ids = {
        (method.upper(), path.removeprefix(V1))
        for path, operations in paths.items()
        if "{" in path and path.startswith(V1)
        for method in operations
    }
    covered = {(method, path) for method, path, _, _ in MATRIX}
    assert {route for route in with_ids if route[1] not in NOT_PERSON_IDS} == covered
