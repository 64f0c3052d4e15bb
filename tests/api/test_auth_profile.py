"""``/me`` and ``hisaab app enrol``: a person's own profile, and the demo population's accounts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from typer.testing import CliRunner

from api.people.enrol import synthetic_phone
from api.tables import people
from hisaab.cli import app as cli
from sandbox.generate import generate_population
from tests.api.utils import V1, login

PHONE = "+918012345678"


@pytest.fixture
def tokens(client: TestClient) -> dict[str, Any]:
    return login(client, PHONE)


def _patch(client: TestClient, tokens: dict[str, Any], body: object) -> Any:
    return client.patch(f"{V1}/me", json=body, headers=tokens["headers"])


def test_city_and_age_band_can_be_set_and_cleared(
    client: TestClient, tokens: dict[str, Any]
) -> None:
    me = _patch(client, tokens, {"city": "  bangalore ", "age_band": "25-34"}).json()
    assert (me["city"], me["city_tier"], me["age_band"]) == ("Bengaluru", 1, "25-34")
    me = _patch(client, tokens, {"city": "Kumta"}).json()
    assert (me["city"], me["city_tier"], me["age_band"]) == ("Kumta", None, "25-34")
    me = _patch(client, tokens, {"city": None}).json()
    assert (me["city"], me["city_tier"]) == (None, None)


@pytest.mark.parametrize(
    "body",
    [
        {"age_band": "25-35"},
        {"age_band": "17"},
        {"city": "<script>alert(1)</script>"},
        {"city": "x" * 200},
        {"city": 42},
        {"person_ref": "P000001"},
        [],
    ],
)
def test_bad_profile_changes_are_422(
    client: TestClient, tokens: dict[str, Any], body: object
) -> None:
    response = _patch(client, tokens, body)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_me_is_only_for_the_signed_in(client: TestClient) -> None:
    assert client.get(f"{V1}/me").status_code == 401
    assert client.patch(f"{V1}/me", json={"city": "Pune"}).status_code == 401


def test_synthetic_phones_follow_the_ref() -> None:
    assert synthetic_phone("P000012") == "+919000000012"
    assert synthetic_phone("P000001") == "+919000000001"
    with pytest.raises(ValueError):
        synthetic_phone("U1234")


def test_enrol_is_idempotent_and_people_sign_in_with_their_synthetic_phone(
    api_app: FastAPI, client: TestClient, tmp_path: Path
) -> None:
    landing = tmp_path / "landing"
    generate_population(landing, users=3, months=1, seed=1)
    runner = CliRunner()
    first = runner.invoke(cli, ["app", "enrol", "--landing", str(landing)])
    assert first.exit_code == 0, first.output
    assert "Enrolled 3 people (0 already enrolled)" in first.output
    again = runner.invoke(cli, ["app", "enrol", "--landing", str(landing)])
    assert "Enrolled 0 people (3 already enrolled)" in again.output
    with api_app.state.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(people)).scalar() == 3
    me = client.get(f"{V1}/me", headers=login(client, "+91 90000 00002")["headers"]).json()
    truth = (landing / "_truth" / "people.csv").read_text().splitlines()[2].split(",")
    assert (me["person_ref"], me["city"], me["age_band"]) == ("P000002", truth[1], truth[4])


def test_enrol_without_a_generated_landing_fails_clearly(hisaab_home: Path) -> None:
    result = CliRunner().invoke(cli, ["app", "enrol", "--landing", str(hisaab_home / "none")])
    assert result.exit_code == 2 and "hisaab generate" in result.output


def test_the_demo_population_signs_in_over_published_marts(population_client: TestClient) -> None:
    """P000001 signs in as +91 90000 00001 and the app reads the published snapshot."""
    health = population_client.get(f"{V1}/health").json()
    assert health == {"status": "ok", "database": "ok", "marts": "ok"}
    tokens = login(population_client, "+91 90000 00001")
    me = population_client.get(f"{V1}/me", headers=tokens["headers"]).json()
    assert me["person_ref"] == "P000001" and me["phone"] == "+91 ••••• ••001"
    assert me["age_band"] in {"18-24", "25-34", "35-44", "45-59", "60+"} and me["city_tier"]
