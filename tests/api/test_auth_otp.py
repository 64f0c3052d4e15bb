"""Phone + OTP sign-in: codes expire, die after five misses, are rate limited and never stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.auth.phones import normalise_phone
from tests.api.utils import V1, enrol, last_code, login

PHONE = "+919812345678"


def _ask(client: TestClient, phone: str = PHONE) -> Any:
    return client.post(f"{V1}/auth/otp", json={"phone": phone})


def _verify(client: TestClient, code: str, phone: str = PHONE) -> Any:
    body = {"phone": phone, "otp": code, "device_id": "test-device"}
    return client.post(f"{V1}/auth/otp/verify", json=body)


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def test_unknown_phone_signs_up_and_sees_itself_masked(client: TestClient) -> None:
    assert _ask(client).json() == {"status": "sent", "expires_in": 300}
    tokens = _verify(client, last_code(client, PHONE)).json()
    me = client.get(f"{V1}/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.status_code == 200
    assert me.json()["phone"] == "+91 ••••• ••678"
    assert me.json()["person_ref"].startswith("U") and me.json()["device"]["device_id"]


def test_an_enrolled_phone_signs_in_as_its_person_in_any_spelling(
    api_app: FastAPI, client: TestClient
) -> None:
    enrol(api_app.state.engine, "P000012", "+91 90000 00012")
    for spelling in ("9000000012", "+91 90000-00012", "09000000012"):
        tokens = login(client, spelling)
        assert client.get(f"{V1}/me", headers=tokens["headers"]).json()["person_ref"] == "P000012"


@pytest.mark.parametrize("spelling", ["919000000012", "+91 (90000) 00012", " 90000.00012 "])
def test_phone_spellings_normalise_alike(spelling: str) -> None:
    assert normalise_phone(spelling) == "+919000000012"


def test_a_code_expires_after_five_minutes(api_app: FastAPI, client: TestClient) -> None:
    _ask(client)
    code = last_code(client, PHONE)
    later = datetime.now(UTC) + timedelta(minutes=5, seconds=1)
    api_app.state.auth.clock = lambda: later
    response = _verify(client, code)
    assert response.status_code == 401 and response.json()["type"].endswith("/otp-expired")


def test_five_wrong_codes_kill_the_challenge(client: TestClient) -> None:
    _ask(client)
    code = last_code(client, PHONE)
    lefts = [_verify(client, _wrong(code)).json().get("attempts_left") for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    assert _verify(client, _wrong(code)).json()["type"].endswith("/otp-expired")
    # The right code is useless now: the challenge is dead.
    assert _verify(client, code).status_code == 401


def test_a_code_works_once_and_only_the_newest_is_live(client: TestClient) -> None:
    _ask(client)
    first = last_code(client, PHONE)
    _ask(client)
    second = last_code(client, PHONE)
    if first != second:
        assert _verify(client, first).status_code == 401
    assert _verify(client, second).status_code == 200
    assert _verify(client, second).status_code == 401


def test_a_phone_gets_three_codes_in_ten_minutes(api_app: FastAPI, client: TestClient) -> None:
    assert [_ask(client).status_code for _ in range(3)] == [202, 202, 202]
    refused = _ask(client)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert 0 < int(refused.headers["retry-after"]) <= 600
    assert _ask(client, "+919812345679").status_code == 202  # another phone is not affected
    later = datetime.now(UTC) + timedelta(minutes=10, seconds=1)
    api_app.state.auth.clock = lambda: later
    assert _ask(client).status_code == 202


def test_one_client_address_gets_twenty_codes(client: TestClient) -> None:
    statuses = [_ask(client, f"+9198000000{n:02d}").status_code for n in range(20)]
    assert statuses == [202] * 20
    assert _ask(client, "+919800000099").status_code == 429


def test_limits_hold_across_app_instances_sharing_the_database(
    api_app: FastAPI, client: TestClient
) -> None:
    """Two workers are two apps on one database: the limit is the database's, not a worker's."""
    from api.app import create_app

    other = TestClient(create_app(api_app.state.settings))
    assert [_ask(c).status_code for c in (client, other, client)] == [202, 202, 202]
    assert _ask(other).status_code == 429


def test_codes_and_phones_are_not_stored_in_clear(client: TestClient, hisaab_home: Path) -> None:
    _ask(client)
    code = last_code(client, PHONE)
    _verify(client, code)
    stored = b"".join(path.read_bytes() for path in hisaab_home.glob("app.db*"))
    assert stored, "the app database should be on disk"
    for secret in (code, PHONE, PHONE[3:], "9812345678"):
        assert secret.encode() not in stored


@pytest.mark.parametrize(
    "body",
    [
        {"phone": "12345"},
        {"phone": "+1 415 555 0100"},
        {"phone": "5812345678"},  # Indian mobiles start with 6-9
        {"phone": "98123456789"},
        {"phone": 9812345678},
        {"phone": "9" * 40},
        {"phone": PHONE, "extra": 1},
        {},
    ],
)
def test_bad_phones_are_422(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post(f"{V1}/auth/otp", json=body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert PHONE not in response.text and "9" * 40 not in response.text  # input never echoed


@pytest.mark.parametrize("code", ["12345", "1234567", "abcdef", "12 456", ""])
def test_malformed_codes_are_422_and_cost_no_attempt(client: TestClient, code: str) -> None:
    _ask(client)
    assert _verify(client, code).status_code == 422
    assert _verify(client, last_code(client, PHONE)).status_code == 200
