"""AutoPay mandates over HTTP: lifecycle, step-up above ₹15,000, person scoping, audit."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from payments.mandates.schedule import IST

if TYPE_CHECKING:
    from tests.api.payments_harness import Harness

pytest_plugins = ["tests.api.payments_harness"]  # the ``harness`` fixture


def mandate_body(amount_paise: int = 49_900) -> dict[str, Any]:
    from datetime import datetime

    today = datetime.now(IST).date()
    return {
        "payer_vpa": "asha.k@okhdfcbank",
        "payee_vpa": "streamflix@icici",
        "payee_name": "StreamFlix India",
        "amount_paise": amount_paise,
        "amount_rule": "max",
        "frequency": "monthly",
        "validity_start": today.isoformat(),
        "validity_end": (today + timedelta(days=365)).isoformat(),
        "purpose": "subscription",
    }


def post(harness: Harness, path: str, body: dict[str, Any] | None = None) -> Any:
    return harness.client.post(f"/api/v1/mandates{path}", json=body)


def test_lifecycle_create_approve_pause_resume_revoke(harness: Harness) -> None:
    created = post(harness, "", mandate_body())
    assert created.status_code == 201, created.text
    mandate = created.json()
    assert mandate["status"] == "created" and mandate["needs_step_up"] is False
    path = f"/{mandate['mandate_id']}"
    assert post(harness, f"{path}/resume").json()["type"].endswith("invalid-state")
    for action, status in [("approve", "active"), ("pause", "paused"), ("resume", "active")]:
        response = post(harness, f"{path}/{action}")
        assert response.status_code == 200 and response.json()["status"] == status
    assert post(harness, f"{path}/revoke").json()["status"] == "revoked"
    again = post(harness, f"{path}/resume")
    assert again.status_code == 409
    assert again.headers["content-type"] == "application/problem+json"
    actions = [e["action"] for e in harness.audit("mandate.")]
    assert actions == [
        "mandate.created", "mandate.approved", "mandate.paused", "mandate.resumed",
        "mandate.revoked",
    ]  # fmt: skip


def test_approval_above_15000_needs_a_step_up(harness: Harness) -> None:
    large = post(harness, "", mandate_body(15_000 * 100 + 1)).json()
    assert large["needs_step_up"] is True
    refused = post(harness, f"/{large['mandate_id']}/approve")
    assert refused.status_code == 403 and refused.json()["type"].endswith("step-up-required")
    assert harness.client.get(f"/api/v1/mandates/{large['mandate_id']}").json()["status"] == (
        "created"
    )
    harness.step_up()
    assert post(harness, f"/{large['mandate_id']}/approve").json()["status"] == "active"
    exact = post(harness, "", mandate_body(15_000 * 100)).json()
    harness.without_step_up()
    assert post(harness, f"/{exact['mandate_id']}/approve").json()["status"] == "active"


def test_another_persons_mandate_is_not_found(harness: Harness) -> None:
    mine = post(harness, "", mandate_body()).json()
    assert len(harness.client.get("/api/v1/mandates").json()["items"]) == 1
    harness.become("P000002")
    for method, path in [("get", ""), ("post", "/approve"), ("post", "/revoke")]:
        response = getattr(harness.client, method)(f"/api/v1/mandates/{mine['mandate_id']}{path}")
        assert response.status_code == 404
        assert response.json()["detail"] == "no such mandate"
    assert harness.client.get("/api/v1/mandates").json() == {"items": [], "next_cursor": None}


def test_bad_mandates_are_422_problems(harness: Harness) -> None:
    past = {**mandate_body(), "validity_start": (date.today() - timedelta(days=3)).isoformat()}
    for body in (past, {**mandate_body(), "frequency": "hourly"}, mandate_body(10**12)):
        response = post(harness, "", body)
        assert response.status_code == 422, response.text
    assert harness.client.get("/api/v1/mandates").json()["items"] == []
