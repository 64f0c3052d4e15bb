"""After erasure a person's identifiers are nowhere: app database, warehouse, snapshots, landing."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest
from sqlalchemy import Engine, select

from hisaab.privacy.erasure import complete_pending, erasure_requests, request_erasure
from hisaab.serving import current_snapshot
from payments.db import app_engine
from tests.support.population import Population, published_copy

PERSON = "P000007"


def _account_numbers(landing: Path, person_ref: str) -> list[str]:
    with (landing / "_truth" / "accounts.csv").open(newline="") as handle:
        return [
            row["account_number"]
            for row in csv.DictReader(handle)
            if row["person_ref"] == person_ref
        ]


def _occurrences(database: Path, needles: list[str]) -> int:
    """Rows of any table in the file whose text holds any needle (one scan per table)."""
    pattern = "|".join(re.escape(needle) for needle in needles)
    found = 0
    with duckdb.connect(str(database), read_only=True) as conn:
        tables = conn.execute(
            "select schema_name, table_name from duckdb_tables()"
            " where database_name = current_database()"
        ).fetchall()
        for schema, table in tables:
            found += conn.execute(
                f'select count(*) from {schema}."{table}" t'
                " where regexp_matches(cast(t as varchar), ?)",
                [pattern],
            ).fetchone()[0]  # type: ignore[index]
    return found


@pytest.fixture
def home(population: Population, tmp_path: Path) -> Path:
    home = tmp_path / "home"
    published_copy(population, home)
    # The landing folder is erased too: give the test its own copy of the person's files.
    source = population.landing / f"person={PERSON}"
    target = home / "landing" / f"person={PERSON}"
    for path in source.rglob("*"):
        if path.is_file():
            (target / path.relative_to(source)).parent.mkdir(parents=True, exist_ok=True)
            (target / path.relative_to(source)).write_bytes(path.read_bytes())
    return home


def _needles(population: Population, home: Path) -> list[str]:
    """The person's own narrations and ref: text no other person's rows hold."""
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as conn:
        narrations = conn.execute(
            "select narration from raw.statement_lines where person_ref = ? and narration not in"
            " (select narration from raw.statement_lines where person_ref <> ?) limit 20",
            [PERSON, PERSON],
        ).fetchall()
    return [PERSON, *(row[0] for row in narrations), *_account_numbers(population.landing, PERSON)]


def test_erasure_leaves_no_trace(population: Population, home: Path) -> None:
    from hisaab.settings import WarehouseLocation

    location = WarehouseLocation("duckdb", path=home / "warehouse.duckdb")
    engine = app_engine(f"sqlite:///{home / 'app.db'}")
    needles = _needles(population, home)
    assert _occurrences(home / "warehouse.duckdb", needles) > 100
    assert _occurrences(current_snapshot_of(home), needles) > 10

    outcome = request_erasure(
        engine, location, person_ref=PERSON, person_id=None,
        landing=home / "landing", published=home / "published",
    )  # fmt: skip

    assert outcome.complete and outcome.landing_files > 0
    assert sum(outcome.warehouse_rows.values()) > 100  # type: ignore[union-attr]
    assert not (home / "landing" / f"person={PERSON}").exists()
    assert _occurrences(home / "warehouse.duckdb", needles) == 0
    snapshots = list((home / "published").glob("warehouse-*.duckdb"))
    assert len(snapshots) == 1 and _occurrences(snapshots[0], needles) == 0
    assert _stored_refs(engine) == [_sha256(PERSON)]  # the record of erasure names no one


def test_a_busy_warehouse_leaves_the_request_pending_for_the_next_sync(
    population: Population, home: Path
) -> None:
    from hisaab.settings import WarehouseLocation

    location = WarehouseLocation("duckdb", path=home / "warehouse.duckdb")
    engine = app_engine(f"sqlite:///{home / 'app.db'}")
    import subprocess
    import sys

    # Another process (a bank sync) holds the warehouse.
    hold = (
        f"import duckdb, time; c = duckdb.connect({str(location.path)!r});"
        " print(1, flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", hold], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "1"
        outcome = request_erasure(
            engine, location, person_ref=PERSON, person_id=None,
            landing=home / "landing", published=home / "published",
        )  # fmt: skip
    finally:
        holder.kill()
        holder.wait()
    assert not outcome.complete and outcome.landing_files > 0
    assert complete_pending(engine, location, home / "published") == [outcome.request_id]
    assert _occurrences(home / "warehouse.duckdb", [PERSON]) == 0
    assert complete_pending(engine, location, home / "published") == []


def current_snapshot_of(home: Path) -> Path:
    from hisaab.settings import Settings

    return current_snapshot(Settings(home=home))


def _stored_refs(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return [row[0] for row in conn.execute(select(erasure_requests.c.person_ref))]


def _sha256(value: str) -> str:
    import hashlib

    return hashlib.sha256(value.encode()).hexdigest()
