"""What a hostile internet sees: problem+json for every error, security headers, CORS, limits."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.keys import KEY_FILE
from hisaab.secrets import MissingSecret
from hisaab.settings import Settings, get_settings
from payments.wiring import payment_service
from tests.api.utils import V1

PROBLEM = "application/problem+json"


def _assert_secure(headers: object) -> None:
    assert isinstance(headers, dict) or hasattr(headers, "get")
    get = headers.get  # type: ignore[attr-defined]
    assert get("strict-transport-security", "").startswith("max-age=")
    assert get("x-content-type-options") == "nosniff"
    assert get("x-frame-options") == "DENY"
    assert "frame-ancestors 'none'" in get("content-security-policy", "")
    assert get("referrer-policy") == "no-referrer"
    assert get("cache-control") == "no-store"


def test_health_and_openapi(client: TestClient) -> None:
    health = client.get(f"{V1}/health")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "database": "ok", "marts": "not-built"}
    _assert_secure(health.headers)
    paths = client.get("/openapi.json").json()["paths"]
    assert {f"{V1}/auth/otp", f"{V1}/auth/otp/verify", f"{V1}/me", f"{V1}/health"} <= set(paths)


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [("GET", f"{V1}/no-such-thing", 404), ("DELETE", f"{V1}/health", 405), ("GET", "/", 404)],
)
def test_routing_errors_are_problems(
    client: TestClient, method: str, path: str, status: int
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["status"] == status and response.json()["type"].startswith("https://")
    _assert_secure(response.headers)


def test_malformed_json_is_a_422_problem_naming_the_problem(client: TestClient) -> None:
    response = client.post(
        f"{V1}/auth/otp", content=b'{"phone": "98', headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["errors"][0]["type"] == "json_invalid"


@pytest.mark.parametrize(
    "body",
    [b"[]", b"null", b'"phone"', b"1e999", b'{"phone": {"$ne": null}}', b"\xff\xfe", b"{}" * 1000],
)
def test_hostile_bodies_never_reach_a_500(client: TestClient, body: bytes) -> None:
    for path in ("/auth/otp", "/auth/otp/verify", "/auth/refresh"):
        response = client.post(
            V1 + path, content=body, headers={"content-type": "application/json"}
        )
        assert 400 <= response.status_code < 500, (path, body, response.text)
        assert response.headers["content-type"] == PROBLEM


def test_bodies_over_the_limit_are_413_declared_or_streamed(client: TestClient) -> None:
    big = b'{"phone": "' + b"9" * (1024 * 1024) + b'"}'
    declared = client.post(f"{V1}/auth/otp", content=big)
    assert declared.status_code == 413 and declared.headers["content-type"] == PROBLEM

    def chunks() -> Iterator[bytes]:  # no Content-Length: the middleware counts as it reads
        for _ in range(20):
            yield b"9" * 64 * 1024

    streamed = client.post(f"{V1}/auth/otp", content=chunks())
    assert streamed.status_code == 413


def test_cors_allows_only_configured_origins(
    hisaab_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HISAAB_CORS_ORIGINS", "https://app.hisaab.dev, http://localhost:5173")
    get_settings.cache_clear()
    client = TestClient(create_app(get_settings()))
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = client.options(
        f"{V1}/auth/otp", headers={"Origin": "https://app.hisaab.dev", **preflight}
    )
    assert allowed.headers["access-control-allow-origin"] == "https://app.hisaab.dev"
    assert "access-control-allow-credentials" not in allowed.headers
    refused = client.options(
        f"{V1}/auth/otp", headers={"Origin": "https://evil.example", **preflight}
    )
    assert "access-control-allow-origin" not in refused.headers
    simple = client.get(f"{V1}/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in simple.headers


def test_an_unexpected_error_is_a_bare_500_problem(api_app: FastAPI) -> None:
    boom = APIRouter()

    @boom.get("/boom")
    def explode() -> None:
        raise RuntimeError("secret internals: /srv/hisaab/key.pem")

    api_app.include_router(boom)
    response = TestClient(api_app, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500 and response.headers["content-type"] == PROBLEM
    assert "internals" not in response.text and "Traceback" not in response.text
    _assert_secure(response.headers)


def test_gateway_callbacks_are_served_where_the_gateway_sends_them(
    hisaab_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for base in ("http://127.0.0.1:8000", "http://127.0.0.1:8000/api/v1"):
        monkeypatch.setenv("HISAAB_CALLBACK_BASE_URL", base)
        get_settings.cache_clear()
        settings = get_settings()
        path = urlsplit(payment_service(settings).callback_url).path
        response = TestClient(create_app(settings)).post(path, content=b"{}")
        # Reached the HMAC check (not a 404, not a demand for a person's token).
        assert response.status_code == 401, (base, response.text)
        assert response.json()["type"].endswith("/invalid-signature")


def test_production_refuses_to_start_without_its_secrets(
    hisaab_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(MissingSecret):
        create_app(Settings(profile="production"))
    generated = {path.name for path in (hisaab_home / "secrets").glob("*")}
    assert generated <= {KEY_FILE}, "production must never generate secrets"
