"""One built synthetic population for every ML test on a machine, built once and shared.

Generating, ingesting and building the ledger takes a minute or two; pytest-xdist workers
share one build through a lock file in the run's common temporary folder.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from sandbox.generate import generate_population
from tests.support.dbt import dbt_build

USERS, MONTHS, SEED = 60, 12, 20251101


@dataclass(frozen=True)
class Population:
    landing: Path
    location: WarehouseLocation


@pytest.fixture(scope="session")
def ml_population(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Population]:
    """``USERS`` people over ``MONTHS`` months, ingested and built on DuckDB (read it only;
    copy the warehouse file first to write ``ml`` tables)."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker's basetemp sits in the run's own folder; alone, it is that folder.
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "ml-population"
    shared.mkdir(exist_ok=True)
    population = Population(
        shared / "landing", WarehouseLocation("duckdb", path=shared / "warehouse.duckdb")
    )
    with (shared / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "built").exists():
            generate_population(population.landing, users=USERS, months=MONTHS, seed=SEED)
            ingest_paths([population.landing], population.location)
            dbt_build(population.location, shared)
            (shared / "built").touch()
        fcntl.flock(lock, fcntl.LOCK_UN)
    yield population
