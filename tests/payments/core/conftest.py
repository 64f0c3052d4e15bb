"""App databases (SQLite and PostgreSQL) and a payment service on the fakes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from payment_fakes import SECRET, Clock, FakeGateway
from sqlalchemy import Engine

from payments.db import app_engine
from payments.service import PaymentService


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'app.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    created = app_engine(url)
    yield created
    created.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def gateway() -> FakeGateway:
    return FakeGateway()


@pytest.fixture
def service(engine: Engine, gateway: FakeGateway, clock: Clock) -> PaymentService:
    return PaymentService(
        engine,
        gateway,
        callback_url="http://127.0.0.1:9/callbacks",
        callback_secrets=[SECRET],
        clock=clock,
    )
