"""DPDP rights over the API: consents per purpose, a copy of one's data, and erasure."""

from __future__ import annotations

import io
import json
import logging
import uuid
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import pytest
from fastapi.testclient import TestClient

from tests.api.payments_harness import fake_payments
from tests.api.utils import last_code, login
from tests.payments.core.payment_fakes import FakeGateway

V1 = "/api/v1"
PERSON, PHONE = "P000003", "+919000000003"
VPA = "priya.erasable@okhdfcbank"


def _step_up(client: TestClient, tokens: dict[str, Any]) -> dict[str, str]:
    assert client.post(f"{V1}/auth/step-up", headers=tokens["headers"]).status_code == 202
    code = last_code(client, PHONE)
    stepped = client.post(
        f"{V1}/auth/step-up/verify", json={"otp": code}, headers=tokens["headers"]
    )
    assert stepped.status_code == 200, stepped.text
    return {"Authorization": f"Bearer {stepped.json()['access_token']}"}


def test_consents_are_listed_withdrawn_and_given_again(population_client: TestClient) -> None:
    headers = login(population_client, PHONE)["headers"]
    listed = population_client.get(f"{V1}/privacy/consents", headers=headers).json()
    assert {c["purpose"]: c["granted"] for c in listed} == {
        "sms_ingest": True,
        "analytics_profile": True,
    }
    url = f"{V1}/privacy/consents/analytics_profile"
    assert (
        population_client.put(url, json={"granted": False}, headers=headers).json()["granted"]
        is False
    )
    assert population_client.put(url, json={"granted": True}, headers=headers).json()["granted"]
    unknown = population_client.put(
        f"{V1}/privacy/consents/marketing", json={"granted": True}, headers=headers
    )
    assert unknown.status_code == 404
    assert unknown.headers["content-type"] == "application/problem+json"


def test_export_holds_the_persons_app_data_and_ledger(population_client: TestClient) -> None:
    headers = login(population_client, PHONE)["headers"]
    response = population_client.get(f"{V1}/privacy/export", headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    assert {"manifest.json", "app/people.json", "app/people.csv"} <= names
    people = json.loads(archive.read("app/people.json"))
    assert [row["phone_encrypted"] for row in people] == [PHONE]  # decrypted for its owner
    ledger = json.loads(archive.read("ledger/marts.fct_ledger.json"))
    assert ledger and {row["person_ref"] for row in ledger} == {PERSON}
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["files"]["ledger/marts.fct_ledger"] == len(ledger)
    assert "otp_challenges.json" not in " ".join(names)  # login secrets are not data


def test_erasure_needs_a_step_up_then_forgets_the_person_everywhere(
    population_client: TestClient, hisaab_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    app = population_client.app
    service = fake_payments(app, FakeGateway())  # type: ignore[arg-type]
    tokens = login(population_client, PHONE)
    paid = population_client.post(
        f"{V1}/payments/intents",
        json={"kind": "pay", "payer_vpa": VPA, "payee_vpa": "chai.42@ybl",
              "payee_name": "Sharma Tea Stall", "amount_paise": 25_000, "note": "chai"},
        headers={**tokens["headers"], "Idempotency-Key": str(uuid.uuid4())},
    )  # fmt: skip
    assert paid.status_code == 201, paid.text
    refused = population_client.post(f"{V1}/privacy/erasure", headers=tokens["headers"])
    assert refused.status_code == 403
    stepped = _step_up(population_client, tokens)
    erased = population_client.post(f"{V1}/privacy/erasure", headers=stepped)
    assert erased.status_code == 202, erased.text
    assert erased.json()["status"] == "complete"

    # The payment record is kept for the regulator, its identifiers scrubbed but still readable.
    kept = service.get(PERSON, paid.json()["intent_id"])
    assert (kept.payer_vpa, kept.payee_name) == ("[erased]", "[erased]")
    # Every login of the person ended with them.
    assert population_client.get(f"{V1}/me", headers=stepped).status_code == 401
    assert population_client.get(f"{V1}/me", headers=tokens["headers"]).status_code == 401
    # Nowhere: the app database (also its write-ahead log), the warehouse, the snapshot, logs.
    digits = PHONE.removeprefix("+91")
    for path in hisaab_home.glob("app.db*"):
        assert digits.encode() not in path.read_bytes()
        assert VPA.encode() not in path.read_bytes()
    with duckdb.connect(str(hisaab_home / "warehouse.duckdb"), read_only=True) as conn:
        rows = conn.execute("select count(*) from marts.fct_ledger where person_ref = ?", [PERSON])
        assert rows.fetchone() == (0,)
    published = population_client.get(
        f"{V1}/transactions", headers=login(population_client, "+919000000004")["headers"]
    )
    assert published.status_code == 200
    assert digits not in caplog.text and PHONE not in caplog.text
    for log in hisaab_home.rglob("*.log"):
        assert digits not in log.read_text(errors="replace")
