"""The dashboards read a seeded home: the test population with budgets, sandbox payments, a
recorded bank sync and model refresh (`tests.support.population.built_dashboard_home`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from hisaab.serving import PublishedMarts, current_snapshot
from hisaab.settings import get_settings


@pytest.fixture(scope="session")
def dashboard_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.support.population import built_dashboard_home

    return built_dashboard_home(tmp_path_factory)


@pytest.fixture
def dashboard_env(
    dashboard_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """The seeded home for reading; verdicts go to a private app database of this test."""
    monkeypatch.setenv("HISAAB_HOME", str(dashboard_home))
    monkeypatch.setenv("DAGSTER_HOME", str(dashboard_home / "dagster"))
    monkeypatch.setenv("HISAAB_DATABASE_URL", f"sqlite:///{tmp_path / 'app.db'}")
    monkeypatch.delenv("HISAAB_WAREHOUSE_URL", raising=False)
    get_settings.cache_clear()
    yield dashboard_home
    get_settings.cache_clear()


@pytest.fixture
def marts(dashboard_env: Path) -> Iterator[PublishedMarts]:
    reader = PublishedMarts()
    yield reader
    reader.close()


@pytest.fixture
def snapshot(dashboard_env: Path) -> Callable[[str], Any]:
    """Independent answers, straight from the published snapshot, to check pages against."""

    def scalar(sql: str) -> Any:
        with duckdb.connect(str(current_snapshot()), read_only=True) as connection:
            row = connection.execute(sql).fetchone()
        assert row is not None
        return row[0]

    return scalar
