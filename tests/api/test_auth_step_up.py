"""Step-up: a fresh OTP unlocks sensitive actions for five minutes, through the access token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from api.deps import CurrentPerson, require_step_up
from tests.api.utils import V1, bearer, last_code, login

PHONE = "+917012345678"


@pytest.fixture
def guarded(api_app: FastAPI) -> TestClient:
    """The app plus one route that needs a step-up, as payment routers use it."""
    router = APIRouter()

    @router.post("/sensitive")
    def sensitive(person: CurrentPerson) -> dict[str, str]:
        require_step_up(person, "approve a mandate")
        return {"ok": person.person_ref}

    api_app.include_router(router, prefix=V1)
    return TestClient(api_app)


def _step_up(client: TestClient, tokens: dict[str, Any]) -> Any:
    assert client.post(f"{V1}/auth/step-up", headers=tokens["headers"]).status_code == 202
    code = last_code(client, PHONE)
    return client.post(f"{V1}/auth/step-up/verify", json={"otp": code}, headers=tokens["headers"])


def test_sensitive_actions_need_a_step_up_then_allow_five_minutes(guarded: TestClient) -> None:
    tokens = login(guarded, PHONE)
    refused = guarded.post(f"{V1}/sensitive", headers=tokens["headers"])
    assert refused.status_code == 403 and refused.headers["content-type"].endswith("problem+json")
    assert refused.json()["type"].endswith("step-up-required")
    assert refused.json()["action"] == "approve a mandate"
    stepped = _step_up(guarded, tokens).json()
    until = datetime.fromisoformat(stepped["step_up_until"])
    assert timedelta(minutes=4) < until - datetime.now(UTC) <= timedelta(minutes=5)
    claims = jwt.decode(stepped["access_token"], options={"verify_signature": False})
    assert claims["step_up_until"] == int(until.timestamp())
    allowed = guarded.post(f"{V1}/sensitive", headers=bearer(stepped["access_token"]))
    assert allowed.status_code == 200


def test_a_step_up_expires(api_app: FastAPI, guarded: TestClient) -> None:
    tokens = login(guarded, PHONE)
    guarded.post(f"{V1}/auth/step-up", headers=tokens["headers"])
    # Verified six minutes ago: the token still lives (15 min) but the step-up is spent.
    api_app.state.auth.clock = lambda: datetime.now(UTC) - timedelta(minutes=6)
    verified = guarded.post(
        f"{V1}/auth/step-up/verify",
        json={"otp": last_code(guarded, PHONE)},
        headers=tokens["headers"],
    )
    stale = verified.json()["access_token"]
    assert guarded.get(f"{V1}/me", headers=bearer(stale)).status_code == 200
    assert guarded.post(f"{V1}/sensitive", headers=bearer(stale)).status_code == 403


def test_step_up_needs_the_right_code_and_a_login(guarded: TestClient) -> None:
    tokens = login(guarded, PHONE)
    assert guarded.post(f"{V1}/auth/step-up").status_code == 401
    guarded.post(f"{V1}/auth/step-up", headers=tokens["headers"])
    code = last_code(guarded, PHONE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    response = guarded.post(
        f"{V1}/auth/step-up/verify", json={"otp": wrong}, headers=tokens["headers"]
    )
    assert response.status_code == 401 and response.json()["attempts_left"] == 4


def test_a_login_code_cannot_be_used_as_a_step_up_code(guarded: TestClient) -> None:
    tokens = login(guarded, PHONE)
    guarded.post(f"{V1}/auth/otp", json={"phone": PHONE})
    login_code = last_code(guarded, PHONE)
    response = guarded.post(
        f"{V1}/auth/step-up/verify", json={"otp": login_code}, headers=tokens["headers"]
    )
    assert response.status_code == 401
