"""Access tokens: only RS256 tokens this server signed, for this audience, unexpired, unaltered."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.auth.keys import SigningKey
from api.auth.tokens import TokenAuthority
from tests.api.utils import V1, bearer, login

PHONE = "+91 98765 43210"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _claims(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def _unsigned(header: dict[str, Any], claims: dict[str, Any]) -> str:
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"


def _me(client: TestClient, token: str) -> Any:
    return client.get(f"{V1}/me", headers=bearer(token))


@pytest.fixture
def signed_in(client: TestClient) -> dict[str, Any]:
    return login(client, PHONE)


def _authority(app: FastAPI) -> TokenAuthority:
    authority: TokenAuthority = app.state.tokens
    return authority


def test_a_real_token_works_and_carries_the_contract_claims(
    client: TestClient, signed_in: dict[str, Any]
) -> None:
    assert _me(client, signed_in["access_token"]).status_code == 200
    claims = _claims(signed_in["access_token"])
    assert {"iss", "aud", "sub", "ref", "dev", "jti", "iat", "exp", "sid"} <= set(claims)
    assert claims["exp"] - claims["iat"] == 15 * 60
    assert claims["dev"] == "test-device" and "step_up_until" not in claims
    header = jwt.get_unverified_header(signed_in["access_token"])
    assert header["alg"] == "RS256" and header["kid"] == _authority(client.app).key.kid  # type: ignore[arg-type]


def test_alg_none_is_refused(client: TestClient, signed_in: dict[str, Any]) -> None:
    claims = _claims(signed_in["access_token"])
    kid = jwt.get_unverified_header(signed_in["access_token"])["kid"]
    forged = _unsigned({"alg": "none", "typ": "JWT", "kid": kid}, claims) + "."
    response = _me(client, forged)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_hs256_signed_with_the_public_key_is_refused(
    api_app: FastAPI, client: TestClient, signed_in: dict[str, Any]
) -> None:
    key = _authority(api_app).key
    claims = _claims(signed_in["access_token"])
    signing_input = _unsigned({"alg": "HS256", "typ": "JWT", "kid": key.kid}, claims)
    mac = hmac.new(key.public_pem(), signing_input.encode(), hashlib.sha256).digest()
    assert _me(client, f"{signing_input}.{_b64(mac)}").status_code == 401


def test_a_token_signed_by_another_key_is_refused(
    api_app: FastAPI, client: TestClient, signed_in: dict[str, Any]
) -> None:
    mine = _authority(api_app)
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    # Same kid and claims, a different private key: only the signature can tell.
    forged = jwt.encode(
        _claims(signed_in["access_token"]),
        stranger,
        algorithm="RS256",
        headers={"kid": mine.key.kid},
    )
    assert _me(client, forged).status_code == 401
    other = TokenAuthority(SigningKey("another-kid", stranger), mine.issuer, mine.audience)
    assert _me(client, _issue(other)).status_code == 401


def _issue(authority: TokenAuthority, **overrides: Any) -> str:
    fields: dict[str, Any] = {
        "person_id": "p",
        "person_ref": "P000001",
        "device_id": "d",
        "session_id": "s",
        "now": datetime.now(UTC),
    }
    return authority.issue(**{**fields, **overrides})


def test_an_expired_token_is_refused_and_says_so(
    api_app: FastAPI, client: TestClient, signed_in: dict[str, Any]
) -> None:
    claims = _claims(signed_in["access_token"])
    stale = _issue(
        _authority(api_app),
        person_id=claims["sub"],
        person_ref=claims["ref"],
        session_id=claims["sid"],
        now=datetime.now(UTC) - timedelta(minutes=16),
    )
    response = _me(client, stale)
    assert response.status_code == 401 and response.json()["detail"] == "access token expired"


@pytest.mark.parametrize("claim", ["sub", "ref"])
def test_tampered_claims_break_the_signature(
    client: TestClient, signed_in: dict[str, Any], claim: str
) -> None:
    header, _payload, signature = signed_in["access_token"].split(".")
    claims = _claims(signed_in["access_token"])
    claims[claim] = "P000002" if claim == "ref" else "00000000-0000-0000-0000-000000000000"
    tampered = f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"
    assert _me(client, tampered).status_code == 401


@pytest.mark.parametrize(
    "change", [{"issuer": "https://evil.example"}, {"audience": "another-api"}]
)
def test_wrong_issuer_or_audience_is_refused(
    api_app: FastAPI, client: TestClient, change: dict[str, str]
) -> None:
    mine = _authority(api_app)
    fields = {"key": mine.key, "issuer": mine.issuer, "audience": mine.audience, **change}
    assert _me(client, _issue(TokenAuthority(**fields))).status_code == 401  # type: ignore[arg-type]


@pytest.mark.parametrize("missing", ["exp", "iat", "sub", "aud", "iss"])
def test_a_token_without_a_required_claim_is_refused(
    api_app: FastAPI, client: TestClient, signed_in: dict[str, Any], missing: str
) -> None:
    key = _authority(api_app).key
    claims = _claims(signed_in["access_token"])
    del claims[missing]
    token = jwt.encode(claims, key.private_key, algorithm="RS256", headers={"kid": key.kid})
    assert _me(client, token).status_code == 401


@pytest.mark.parametrize(
    "authorization", ["", "Bearer", "Bearer not-a-jwt", "Basic dXNlcjpwYXNz", "Bearer a.b.c"]
)
def test_me_needs_a_valid_bearer_token(client: TestClient, authorization: str) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get(f"{V1}/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["type"].endswith("/unauthorized")
