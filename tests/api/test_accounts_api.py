"""Account linking: the consent lifecycle, the fetched FI data in the landing folder, the list."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI
from sqlalchemy import text

from ingestion.detect import discover
from sandbox.aa import SandboxAggregator, stock_fip

PERIOD = {"data_from": "2025-05-01", "data_to": "2025-05-31"}

if TYPE_CHECKING:
    from tests.api.payments_harness import Harness

pytest_plugins = ["tests.api.payments_harness"]  # the ``harness`` fixture


@pytest.fixture
def books(tmp_path: Path, api_app: FastAPI) -> Path:
    """Three people's banks over two months (from April 2025), as the sandbox AA's books."""
    stocked = stock_fip(tmp_path / "fip", users=3, months=2, seed=7)
    api_app.state.aa = SandboxAggregator(stocked)
    return stocked


def consent_body(**change: Any) -> dict[str, Any]:
    expiry = (datetime.now(UTC) + timedelta(days=180)).isoformat()
    return {**PERIOD, "consent_expiry": expiry, **change}


def post(harness: Harness, path: str, body: dict[str, Any] | None = None) -> Any:
    return harness.client.post(f"/api/v1/accounts/consents{path}", json=body)


def test_consent_lifecycle_and_fetched_data_in_the_landing_folder(
    harness: Harness, books: Path, hisaab_home: Path
) -> None:
    created = post(harness, "", consent_body())
    assert created.status_code == 201, created.text
    consent = created.json()
    assert consent["status"] == "PENDING" and consent["fiTypes"] == ["DEPOSIT"]
    assert consent["Purpose"]["code"] == "102"
    assert consent["FIDataRange"] == {"from": "2025-05-01", "to": "2025-05-31"}
    approved = post(harness, f"/{consent['consent_id']}/approve").json()
    assert approved["status"] == "ACTIVE" and approved["fetched"]
    landing = hisaab_home / "landing"
    for fetched in approved["fetched"]:
        path = landing / fetched["landing_file"]
        assert path.parent == landing / "person=P000001" / "aa" / f"consent={consent['consent_id']}"
        bundle = json.loads(path.read_text())
        dates = {
            t["valueDate"][:7]
            for t in bundle["FI"][0]["data"][0]["Account"]["Transactions"]["Transaction"]
        }
        assert dates == {"2025-05"}  # only the consent's range
        assert fetched["masked_account_number"].startswith("XXXX")
    found = discover([landing])
    assert {f.source for f in found.files} == {"aa"} and {f.person_ref for f in found.files} == {
        "P000001"
    }
    accounts = harness.client.get("/api/v1/accounts").json()["items"]
    assert len(accounts) == len(approved["fetched"]) and all(a["awaiting_sync"] for a in accounts)
    assert accounts[0]["masked_account_number"].startswith("XXXXXXXX")
    revoked = post(harness, f"/{consent['consent_id']}/revoke").json()
    assert revoked["status"] == "REVOKED"
    again = post(harness, f"/{consent['consent_id']}/approve")
    assert again.status_code == 409 and again.json()["type"].endswith("invalid-state")
    actions = [e["action"] for e in harness.audit("consent.")]
    assert actions == ["consent.created", "consent.approved", "consent.revoked"]


def test_account_numbers_are_stored_encrypted(harness: Harness, books: Path) -> None:
    consent = post(harness, "", consent_body()).json()
    post(harness, f"/{consent['consent_id']}/approve")
    numbers = [a.account_number for a in SandboxAggregator(books).accounts("P000001")]
    with harness.engine.connect() as conn:
        stored = conn.execute(text("select account_number from aa_linked_accounts")).scalars().all()
    assert stored and all(value.startswith("v1.") for value in stored)
    assert not set(stored) & set(numbers)


def test_another_persons_consent_is_not_found(harness: Harness, books: Path) -> None:
    consent = post(harness, "", consent_body()).json()
    harness.become("P000002")
    for path in ("/approve", "/revoke"):
        response = post(harness, f"/{consent['consent_id']}{path}")
        assert response.status_code == 404 and response.json()["detail"] == "no such consent"
    assert harness.client.get("/api/v1/accounts/consents").json()["items"] == []
    assert harness.client.get("/api/v1/accounts").json()["items"] == []


@pytest.mark.parametrize(
    "change",
    [
        {"data_from": "2025-06-01", "data_to": "2025-05-01"},
        {"data_from": "2023-01-01", "data_to": "2025-05-01"},
        {"data_to": "2999-01-01"},
        {"fi_types": ["MUTUAL_FUNDS"]},
        {"consent_expiry": "2020-01-01T00:00:00Z"},
        {"frequency": {"unit": "SECOND", "value": 1}},
    ],
)
def test_bad_consents_are_422(harness: Harness, change: dict[str, Any]) -> None:
    response = post(harness, "", consent_body(**change))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
