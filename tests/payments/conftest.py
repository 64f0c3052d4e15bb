"""Fixtures for the payments tests: the app database in both profiles' shapes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from payments.db import app_engine


@pytest.fixture
def sqlite_app_engine(hisaab_home: Path) -> Iterator[Engine]:
    """The embedded app database: a SQLite file in an isolated HISAAB_HOME."""
    engine = app_engine(f"sqlite:///{hisaab_home / 'app.db'}")
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_app_url(postgres_url: str) -> str:
    """The production app database shape: a fresh PostgreSQL database, as SQLAlchemy wants it."""
    return "postgresql+psycopg://" + postgres_url.split("://", 1)[1]
