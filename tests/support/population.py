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


# What the dashboards read: the population plus what analysts look at beyond the ledger.
DASHBOARD_BUDGETS = (("groceries:quick_commerce", 3_000_00), ("food_dining:delivery", 1_500_00))
DASHBOARD_BUDGET_PEOPLE = tuple(f"P{number:06d}" for number in range(1, 9))
DASHBOARD_PAYMENTS = 40


def built_dashboard_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ``HISAAB_HOME`` holding the population with budgets and sandbox UPI payments, after a
    real ``bank_sync`` and ``ml_refresh`` recorded by Dagster and published for readers (read it
    only). Built once per run under a lock, like `built_population`.

    The bank sync offers the population's landing folder again (every row a duplicate, so it
    costs little), loads the payment events and budgets, rebuilds the marts and runs every check;
    the models see the generator's truth there, as in `make demo`.
    """
    population = built_population(tmp_path_factory)
    assert population.location.path is not None
    shared = population.location.path.parent / "dashboard-home"
    shared.mkdir(exist_ok=True)
    home = shared / "home"
    with (shared / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "built").exists():
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir(parents=True)
            (home / "landing").symlink_to(population.landing)
            shutil.copyfile(population.location.path, home / "warehouse.duckdb")
            _seed_dashboard_home(home)
            (shared / "built").touch()
        fcntl.flock(lock, fcntl.LOCK_UN)
    return home


def _seed_dashboard_home(home: Path) -> None:
    from datetime import date

    from hisaab.app_data import set_budget

    location = WarehouseLocation("duckdb", path=home / "warehouse.duckdb")
    for person in DASHBOARD_BUDGET_PEOPLE:
        for category, limit_paise in DASHBOARD_BUDGETS:
            set_budget(location, person, category, limit_paise, starts_on=date(2025, 4, 1))
    _hisaab(home, "payments", "simulate", "--count", str(DASHBOARD_PAYMENTS), "--people", "20")
    _hisaab(home, "pipeline", "run")
    _hisaab(home, "ml", "run")


def _hisaab(home: Path, *args: str) -> None:
    """Run the CLI against ``home`` alone (its own app database and Dagster instance)."""
    import subprocess
    import sys

    env = {key: value for key, value in os.environ.items() if not key.startswith("HISAAB_")}
    env |= {"HISAAB_HOME": str(home), "DAGSTER_HOME": str(home / "dagster")}
    command = [str(Path(sys.executable).with_name("hisaab")), *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
