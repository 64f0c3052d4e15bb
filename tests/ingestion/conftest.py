"""Fixtures for ingestion tests: the handwritten landing folder and throwaway DuckDB warehouses."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from hisaab.settings import WarehouseLocation
from ingestion.detect import classify
from ingestion.landing import LandingFile

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LANDING = FIXTURES / "landing"
PERSON = LANDING / "person=P000001"


@pytest.fixture
def landing_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture landing folder."""
    target = tmp_path / "landing"
    shutil.copytree(LANDING, target)
    return target


@pytest.fixture
def duckdb_location(tmp_path: Path) -> WarehouseLocation:
    return WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")


@pytest.fixture
def query(duckdb_location: WarehouseLocation) -> Callable[[str], list[tuple[object, ...]]]:
    """Run SQL against the test DuckDB warehouse (read-only connection, closed after)."""

    def run(sql: str) -> list[tuple[object, ...]]:
        with duckdb.connect(str(duckdb_location.path), read_only=True) as connection:
            return connection.execute(sql).fetchall()

    return run


@pytest.fixture
def statements_dir() -> Path:
    return PERSON / "statements"


@pytest.fixture
def person_dir() -> Path:
    return PERSON


@pytest.fixture
def landing_dir() -> Path:
    return LANDING


LandingFileFactory = Callable[..., LandingFile]


@pytest.fixture
def landing_file() -> LandingFileFactory:
    """A detected `LandingFile` for a path, owned by P000001 unless told otherwise."""

    def make(path: Path, person_ref: str | None = "P000001") -> LandingFile:
        return classify(path.resolve(), person_ref)

    return make
