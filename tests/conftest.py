"""Shared fixtures: real services (PostgreSQL) and an isolated HISAAB_HOME per test."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"


def services_required() -> bool:
    return os.environ.get("HISAAB_REQUIRE_SERVICES") == "1"


def _unavailable(reason: str) -> None:
    if services_required():
        pytest.fail(f"{reason} (HISAAB_REQUIRE_SERVICES=1, so this is a failure, not a skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def postgres_admin_url() -> str:
    url = os.environ.get("HISAAB_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    try:
        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("select 1")
    except psycopg.OperationalError as exc:
        _unavailable(f"PostgreSQL unreachable at {url}: {exc}".splitlines()[0])
    return url


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh, empty database on the shared server, dropped afterwards."""
    name = f"hisaab_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    base = postgres_admin_url.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture
def hisaab_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An isolated HISAAB_HOME so tests never touch a developer's demo warehouse."""
    home = tmp_path / "hisaab-home"
    home.mkdir()
    monkeypatch.setenv("HISAAB_HOME", str(home))
    monkeypatch.delenv("HISAAB_WAREHOUSE_URL", raising=False)
    from hisaab.settings import get_settings

    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()
