"""Payment intents over HTTP: idempotency, step-up, person scoping, collect links and QR codes."""

from __future__ import annotations

import io
import json
import threading
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import segno
from fastapi.testclient import TestClient

from api.payments.policy import LARGE_PAYMENT_STEP_UP_PAISE

PAY = {
    "kind": "pay",
    "payer_vpa": "asha.k@okhdfcbank",
    "payee_vpa": "chaiwala.42@ybl",
    "payee_name": "Sharma Tea Stall",
    "amount_paise": 25_050,
    "note": "chai",
}
COLLECT = {**PAY, "kind": "collect", "payer_vpa": "ravi@ybl", "payee_vpa": "asha.k@okhdfcbank",
           "payee_name": "Asha K", "note": "dinner share"}  # fmt: skip

if TYPE_CHECKING:
    from tests.api.payments_harness import Harness

pytest_plugins = ["tests.api.payments_harness"]  # the ``harness`` fixture


def create(client: TestClient, body: dict[str, Any], key: str | None = None) -> Any:
    headers = {"Idempotency-Key": key or str(uuid.uuid4())}
    return client.post("/api/v1/payments/intents", json=body, headers=headers)


def test_same_key_and_body_replays_the_first_response_byte_for_byte(harness: Harness) -> None:
    first = create(harness.client, PAY, "key-replay-0001")
    again = create(harness.client, PAY, "key-replay-0001")
    assert first.status_code == again.status_code == 201
    assert first.content == again.content
    assert again.headers["Idempotent-Replayed"] == "true"
    assert json.loads(first.content)["status"] == "created"
    assert harness.intent_count() == 1


def test_same_key_with_another_body_is_refused(harness: Harness) -> None:
    create(harness.client, PAY, "key-conflict-01")
    response = create(harness.client, {**PAY, "amount_paise": 26_000}, "key-conflict-01")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("idempotency-key-reused")


def test_a_missing_key_is_a_400_problem(harness: Harness) -> None:
    response = harness.client.post("/api/v1/payments/intents", json=PAY)
    assert response.status_code == 400
    assert response.json()["type"].endswith("invalid-idempotency-key")


def test_sixteen_concurrent_requests_with_one_key_make_one_intent(harness: Harness) -> None:
    barrier, bodies = threading.Barrier(16), []

    def post() -> None:
        barrier.wait()
        bodies.append(create(harness.client, PAY, "key-concurrent-1").content)

    threads = [threading.Thread(target=post) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(bodies) == 16 and len(set(bodies)) == 1
    assert harness.intent_count() == 1
    harness.submissions_done()
    assert len(harness.gateway.sent) == 1  # submitted once, by the request that created it
    assert len(harness.audit("payment.created")) == 1


@pytest.mark.parametrize(
    ("change", "slug"),
    [
        ({"payee_vpa": "not a vpa"}, "invalid-vpa"),
        ({"amount_paise": 1_00_000 * 100 + 1}, "amount-out-of-range"),
        ({"amount_paise": 24.5}, "validation-error"),
        ({"note": "x" * 81}, "invalid-request"),
        ({"kind": "mandate"}, "validation-error"),
    ],
)
def test_bad_requests_are_422_problems(harness: Harness, change: dict[str, Any], slug: str) -> None:
    harness.step_up()  # so that amount rules, not step-up, answer
    response = create(harness.client, {**PAY, **change})
    assert response.status_code == 422, response.text
    assert response.json()["type"].endswith(slug)
    assert harness.intent_count() == 0


def test_category_limits_apply(harness: Harness) -> None:
    harness.step_up()
    tax = {**PAY, "amount_paise": 4_00_000 * 100, "category": "tax"}
    assert create(harness.client, tax).status_code == 201
    general = {**tax, "category": "general"}
    assert create(harness.client, general).json()["type"].endswith("amount-out-of-range")


def test_large_pays_need_a_step_up(harness: Harness) -> None:
    at_limit = {**PAY, "amount_paise": LARGE_PAYMENT_STEP_UP_PAISE}
    above = {**PAY, "amount_paise": LARGE_PAYMENT_STEP_UP_PAISE + 1}
    assert create(harness.client, at_limit).status_code == 201
    refused = create(harness.client, above, "key-step-up-01")
    assert refused.status_code == 403
    assert refused.json()["type"].endswith("step-up-required")
    assert harness.intent_count() == 1
    harness.step_up()
    assert create(harness.client, above, "key-step-up-01").status_code == 201
    collect = {**COLLECT, "amount_paise": LARGE_PAYMENT_STEP_UP_PAISE * 2}
    harness.without_step_up()
    assert create(harness.client, collect).status_code == 201  # asking for money is not risky


def test_get_and_list_show_only_the_persons_intents(harness: Harness) -> None:
    mine = create(harness.client, PAY).json()
    for number in range(3):
        create(harness.client, {**PAY, "amount_paise": 100 + number})
    harness.submissions_done()
    got = harness.client.get(f"/api/v1/payments/intents/{mine['intent_id']}")
    assert got.status_code == 200 and got.json()["status"] == "submitted"
    assert set(got.json()) >= {"status", "npci_code", "npci_reason", "rrn"}
    first = harness.client.get("/api/v1/payments/intents", params={"limit": 3}).json()
    second = harness.client.get(
        "/api/v1/payments/intents", params={"limit": 3, "cursor": first["next_cursor"]}
    ).json()
    ids = [item["intent_id"] for item in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 4 and second["next_cursor"] is None
    by_payee = harness.client.get(
        "/api/v1/payments/intents", params={"payee_vpa": "CHAIWALA.42@ybl"}
    )
    assert len(by_payee.json()["items"]) == 4
    harness.become("P000002")
    missing = harness.client.get(f"/api/v1/payments/intents/{mine['intent_id']}")
    unknown = harness.client.get("/api/v1/payments/intents/HSB" + "0" * 32)
    assert missing.status_code == unknown.status_code == 404
    assert missing.json() == unknown.json()
    assert harness.client.get("/api/v1/payments/intents").json()["items"] == []
    assert harness.client.get(f"/api/v1/payments/intents/{mine['intent_id']}/qr").status_code == 404


def test_collect_has_a_deep_link_and_a_qr_code_that_holds_it(harness: Harness) -> None:
    body = create(harness.client, COLLECT).json()
    link = body["upi_link"]
    assert link.startswith("upi://pay?pa=asha.k@okhdfcbank&pn=Asha%20K&tr=")
    assert "am=250.50" in link and body["intent_id"] in link
    png = harness.client.get(f"/api/v1/payments/intents/{body['intent_id']}/qr")
    assert png.headers["content-type"] == "image/png" and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    svg = harness.client.get(f"/api/v1/payments/intents/{body['intent_id']}/qr?format=svg")
    assert svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content and b"<path" in svg.content
    assert png.content == _expected_png(link)  # the QR of exactly that text, drawn by segno
    pay = create(harness.client, PAY).json()
    assert harness.client.get(f"/api/v1/payments/intents/{pay['intent_id']}/qr").status_code == 409
    bad = harness.client.get(f"/api/v1/payments/intents/{body['intent_id']}/qr?format=gif")
    assert bad.status_code == 422


def _expected_png(text: str) -> bytes:
    buffer = io.BytesIO()
    qr = segno.make(text, error="M", micro=False, boost_error=False)
    qr.save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def test_creation_is_audited_without_personal_data(harness: Harness) -> None:
    intent = create(harness.client, PAY).json()
    (entry,) = harness.audit("payment.created")
    assert entry["details"]["intent_id"] == intent["intent_id"]
    assert entry["details"]["amount_paise"] == 25_050
    assert "chaiwala" not in json.dumps(entry["details"])


def test_vpas_are_ciphertext_in_the_sqlite_file(harness: Harness, hisaab_home: Path) -> None:
    secret_vpa, payee = "ciphertext.probe.9@okhdfcbank", "hidden.payee.7@ybl"
    body = {**PAY, "payer_vpa": secret_vpa, "payee_vpa": payee, "payee_name": "Hidden Payee"}
    created = create(harness.client, body).json()
    assert created["payer_vpa"] == secret_vpa  # the person sees their own data in clear
    listed = harness.client.get("/api/v1/payments/intents", params={"payee_vpa": payee}).json()
    assert [item["intent_id"] for item in listed["items"]] == [created["intent_id"]]
    raw = b"".join(path.read_bytes() for path in hisaab_home.glob("app.db*"))  # with the WAL
    for secret in (secret_vpa, payee, "Hidden Payee", "ciphertext.probe", "hidden.payee"):
        assert secret.encode() not in raw
    assert b"ci***@okhdfcbank" in raw  # the outbox's masked copy
