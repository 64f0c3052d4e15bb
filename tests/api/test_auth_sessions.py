"""Refresh tokens rotate on every use; a replayed one ends the whole login, as does logout."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select

from api.audit import entries
from api.tables import refresh_tokens
from tests.api.utils import V1, bearer, login

PHONE = "9123456789"


def _refresh(client: TestClient, token: str, device_id: str = "test-device") -> Any:
    return client.post(f"{V1}/auth/refresh", json={"refresh_token": token, "device_id": device_id})


def test_refresh_rotates_and_the_new_pair_works(client: TestClient) -> None:
    first = login(client, PHONE)
    second = _refresh(client, first["refresh_token"])
    assert second.status_code == 200
    pair = second.json()
    assert pair["refresh_token"] != first["refresh_token"] and pair["token_type"] == "Bearer"
    assert client.get(f"{V1}/me", headers=bearer(pair["access_token"])).status_code == 200
    assert _refresh(client, pair["refresh_token"]).status_code == 200


def test_reusing_a_rotated_token_revokes_the_family(client: TestClient) -> None:
    first = login(client, PHONE)
    newest = _refresh(client, first["refresh_token"]).json()
    replay = _refresh(client, first["refresh_token"])  # a thief's copy of the old token
    assert replay.status_code == 401
    assert replay.headers["content-type"] == "application/problem+json"
    # Nobody can tell the thief from the person: both lose the login.
    assert _refresh(client, newest["refresh_token"]).status_code == 401
    assert client.get(f"{V1}/me", headers=bearer(newest["access_token"])).status_code == 401
    assert client.get(f"{V1}/me", headers=first["headers"]).status_code == 401
    with client.app.state.engine.connect() as conn:  # type: ignore[attr-defined]
        actions = [(e["action"], e["details"].get("reason")) for e in entries(conn)]
    assert ("auth.refresh_refused", "reuse-detected") in actions


def test_a_refresh_token_only_works_on_its_device(client: TestClient) -> None:
    tokens = login(client, PHONE, device_id="phone-a")
    assert _refresh(client, tokens["refresh_token"], device_id="phone-b").status_code == 401
    # Presented from elsewhere, the token is treated as stolen: the login ends.
    assert _refresh(client, tokens["refresh_token"], device_id="phone-a").status_code == 401


def test_logins_on_two_devices_are_separate_families(client: TestClient) -> None:
    tablet = login(client, PHONE, device_id="tablet")
    phone = login(client, PHONE, device_id="phone")
    assert client.post(f"{V1}/auth/logout", headers=tablet["headers"]).status_code == 204
    assert client.get(f"{V1}/me", headers=phone["headers"]).status_code == 200
    assert _refresh(client, phone["refresh_token"], device_id="phone").status_code == 200


def test_logout_ends_refresh_and_access_tokens(client: TestClient) -> None:
    tokens = login(client, PHONE)
    assert client.post(f"{V1}/auth/logout", headers=tokens["headers"]).status_code == 204
    assert _refresh(client, tokens["refresh_token"]).status_code == 401
    assert client.get(f"{V1}/me", headers=tokens["headers"]).status_code == 401
    assert client.post(f"{V1}/auth/logout").status_code == 401


def test_unknown_and_malformed_refresh_tokens_are_401_or_422(client: TestClient) -> None:
    assert _refresh(client, "hrt_made-up").status_code == 401
    assert _refresh(client, "x" * 5000).status_code == 422
    response = client.post(f"{V1}/auth/refresh", json={"refresh_token": "hrt_x"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "device_id"


def test_refresh_tokens_are_stored_only_as_hashes(client: TestClient) -> None:
    tokens = login(client, PHONE)
    with client.app.state.engine.connect() as conn:  # type: ignore[attr-defined]
        stored = conn.execute(select(refresh_tokens.c.token_hash)).scalars().all()
    assert stored and tokens["refresh_token"] not in stored
    assert all(len(value) == 64 for value in stored)
