"""The production shape: sign-in, rotation and rate limits on a PostgreSQL app database."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from hisaab.settings import get_settings
from tests.api.utils import V1, login

pytestmark = pytest.mark.postgres


def test_sign_in_refresh_and_limits_on_postgres(
    hisaab_home: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HISAAB_DATABASE_URL", postgres_url)
    get_settings.cache_clear()
    app = create_app(get_settings())
    assert app.state.engine.dialect.name == "postgresql"
    with TestClient(app) as client:
        tokens = login(client, "+919111111111")
        login(client, "+919111111111")  # the same device again: its row is updated, not doubled
        assert client.get(f"{V1}/me", headers=tokens["headers"]).json()["device"]
        body = {"refresh_token": tokens["refresh_token"], "device_id": "test-device"}
        assert client.post(f"{V1}/auth/refresh", json=body).status_code == 200
        assert client.post(f"{V1}/auth/refresh", json=body).status_code == 401
        assert client.post(f"{V1}/auth/otp", json={"phone": "+919111111111"}).status_code == 202
        refused = client.post(f"{V1}/auth/otp", json={"phone": "+919111111111"})
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    app.state.engine.dispose()
