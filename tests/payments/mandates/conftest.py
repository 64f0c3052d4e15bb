"""Mandate services on SQLite and on PostgreSQL (psycopg 3, the production driver).

PostgreSQL: one fresh database per test module, emptied before each test. Creating a database
costs about a second on the shared server, which per test (``postgres_url``) made this suite
spend most of its time in ``CREATE DATABASE``; deleting every row (cheaper than ``TRUNCATE``
for tables this small) gives each test the same empty database in milliseconds. Reachability,
skips and ``HISAAB_REQUIRE_SERVICES`` come from the shared ``postgres_admin_url`` fixture.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from mandate_fakes import Clock, FakeGateway, mandate_request
from sqlalchemy import Engine

import payments.mandates.tables  # noqa: F401  (registers the tables before create_all)
from payments.db import app_engine
from payments.mandates.records import Mandate
from payments.mandates.service import MandateService
from payments.tables import metadata


@pytest.fixture(scope="module")
def postgres_engine(postgres_admin_url: str) -> Iterator[Engine]:
    name = f"hisaab_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    base = postgres_admin_url.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
    engine = app_engine(f"{base}/{name}")
    try:
        yield engine
    finally:
        engine.dispose()
        with psycopg.connect(postgres_admin_url, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        created = app_engine(f"sqlite:///{tmp_path / 'app.db'}")
        yield created
        created.dispose()
        return
    shared: Engine = request.getfixturevalue("postgres_engine")
    with shared.begin() as conn:
        for table in reversed(metadata.sorted_tables):  # children before their parents
            conn.execute(table.delete())
    yield shared


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def gateway() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def service(engine: Engine, gateway: FakeGateway, clock: Clock) -> MandateService:
    return MandateService(engine, gateway, callback_url="http://127.0.0.1:9/callbacks", clock=clock)


@pytest.fixture
def active(service: MandateService) -> Mandate:
    """A monthly mandate of up to ₹649 from 2 November 2026, approved by its payer ``p1``."""
    mandate = service.create("p1", mandate_request())
    return service.approve("p1", mandate.mandate_id, step_up_verified=False)
