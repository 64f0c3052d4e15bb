"""One built synthetic population for every test on a machine that needs a real ledger.

Generating, ingesting and building the ledger takes a minute or two; pytest-xdist workers
share one build through a lock file in the run's common temporary folder. The ML, API and
dashboard tests all read it; a test that writes copies the warehouse file first
(`published_copy` gives a private ``HISAAB_HOME`` with its own warehouse and snapshot).
"""

from __future__ import annotations

import fcntl
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from hisaab.serving import publish
from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from sandbox.generate import generate_population
from tests.support.dbt import dbt_build

USERS, MONTHS, SEED = 60, 12, 20251101


@dataclass(frozen=True)
class Population:
    landing: Path
    location: WarehouseLocation


def built_population(tmp_path_factory: pytest.TempPathFactory) -> Population:
    """``USERS`` people over ``MONTHS`` months, ingested and built on DuckDB (read it only)."""
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
    return population


def published_copy(population: Population, home: Path) -> WarehouseLocation:
    """A private copy of the population's warehouse in ``home``, published for readers."""
    home.mkdir(parents=True, exist_ok=True)
    location = WarehouseLocation("duckdb", path=home / "warehouse.duckdb")
    assert location.path is not None and population.location.path is not None
    shutil.copyfile(population.location.path, location.path)
    publish(location, home / "published")
    return location
