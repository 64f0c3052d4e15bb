"""API fixtures: an app per test on an isolated HISAAB_HOME (SQLite app database), and one
reading a published copy of the shared synthetic population with everyone enrolled."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.auth.keys import KEY_FILE, signing_key
from api.people.enrol import enrol_population
from hisaab.settings import Settings, get_settings
from tests.support.population import Population, published_copy


@pytest.fixture(scope="session")
def jwt_key_pem(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """One RSA key for the session: generating 2048-bit keys costs a noticeable slice of a test."""
    settings = Settings(home=tmp_path_factory.mktemp("jwt-key"))
    signing_key(settings)
    return (settings.resolved_home / "secrets" / KEY_FILE).read_bytes()


@pytest.fixture(autouse=True)
def _reuse_jwt_key(request: pytest.FixtureRequest, jwt_key_pem: bytes) -> None:
    """Put the session's key where the embedded profile looks for it (when a test has a home)."""
    if "hisaab_home" in request.fixturenames:
        home: Path = request.getfixturevalue("hisaab_home")
        (home / "secrets").mkdir(mode=0o700, exist_ok=True)
        (home / "secrets" / KEY_FILE).write_bytes(jwt_key_pem)


@pytest.fixture
def api_app(hisaab_home: Path) -> FastAPI:
    """A fresh app whose app database, secrets and SMS sink live in ``hisaab_home``."""
    return create_app(get_settings())


@pytest.fixture
def client(api_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(api_app) as test_client:
        yield test_client


@pytest.fixture
def population_app(population: Population, hisaab_home: Path) -> FastAPI:
    """An app over a private published copy of the shared population, everyone enrolled with
    the synthetic phones (P000001 signs in as +91 90000 00001)."""
    published_copy(population, hisaab_home)
    app = create_app(get_settings())
    enrol_population(app.state.engine, app.state.cipher, population.landing)
    return app


@pytest.fixture
def population_client(population_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(population_app) as test_client:
        yield test_client
