"""An incremental build after more days of data gives the marts a build from scratch gives.

In a small generated population the generator's truth gives the latest day a transaction spans
midnight (its SMS on one day, its statement and AA rows on the next: the case a window must look
back for). The rows of that day and after are held back, the project built from scratch, the days
put back with a newer ``ingested_at`` (as a later sync would load them) and the project built
again, which recomputes only the window int_ledger_window opens. Every mart's fingerprint
(mart_fingerprint.py) must equal the one of a ``--full-refresh`` build of the same rows, on
DuckDB and on PostgreSQL. In between, the incremental run's tests are shown to read the rows it
wrote and no others. Last, on the same warehouse, the recurring models are shown to recompute
the payee groups a day changes, older rows included, and only those (recurring_increments.py),
and, on the same builds, the anomalies to flag or clear older rows (anomaly_increments.py).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import psycopg
import pytest
from anomaly_increments import AnomalyIncrements
from mart_fingerprint import Query, fingerprint, mart_columns
from recurring_increments import assert_recurring_increments_match

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from sandbox.generate import generate_population
from tests.support.dbt import dbt_build, dbt_command

USERS, MONTHS, SEED = 12, 3, 20250701
# The IST business date of each raw table's rows: the last one is held back.
DAY_OF = {
    "statement_lines": "txn_date",
    "sms_messages": "cast(received_at + interval '330 minutes' as date)",
    "aa_transactions": "cast(transaction_at + interval '330 minutes' as date)",
}
WINDOW_SQL = "select window_start, is_whole_rebuild from intermediate.int_ledger_window"
# How the truth's rows are found in raw (source: table, locator): AA rows by the bank's txnId,
# the others by file and line.
RAW_ROW_LOCATORS = {
    "statement": ("statement_lines", "source_file || ':' || cast(line_no as varchar)"),
    "sms": ("sms_messages", "source_file || ':' || cast(line_no as varchar)"),
    "aa": ("aa_transactions", "txn_id"),
}


def _executor(location: WarehouseLocation) -> Query:
    def on_duckdb(sql: str) -> list[tuple[Any, ...]]:
        with duckdb.connect(str(location.path)) as connection:
            return connection.execute(sql).fetchall()

    def on_postgres(sql: str) -> list[tuple[Any, ...]]:
        with psycopg.connect(location.postgres_conninfo(), autocommit=True) as connection:
            cursor = connection.execute(sql.encode())
            return cursor.fetchall() if cursor.description else []

    return on_duckdb if location.kind == "duckdb" else on_postgres


def latest_day_spanning_midnight(execute: Query, landing: Path) -> Any:
    """The later day of the newest real transaction whose raw rows fall on two days: the
    generator's truth (``_truth/source_rows.csv``) names each raw row's transaction."""
    day_of_row: dict[tuple[str, str], Any] = {}
    for source, (table, locator) in RAW_ROW_LOCATORS.items():
        for row_locator, day in execute(f"select {locator}, {DAY_OF[table]} from raw.{table}"):
            day_of_row[source, row_locator] = day
    days: dict[str, list[Any]] = {}
    with (landing / "_truth" / "source_rows.csv").open(newline="") as truth:
        for row in csv.DictReader(truth):
            source = row["source"]
            locator = row["txn_id"] or f"{landing / row['source_file']}:{row['line_no']}"
            days.setdefault(row["canonical_txn_id"], []).append(day_of_row[source, locator])
    return max((max(seen) for seen in days.values() if min(seen) < max(seen)), default=None)


def hold_back_from(execute: Query, first_day: Any) -> None:
    execute("create schema held")
    for table, day in DAY_OF.items():
        condition = f"{day} >= date '{first_day}'"
        execute(f"create table held.{table} as select * from raw.{table} where {condition}")
        execute(f"delete from raw.{table} where {condition}")


def ingest_held_day(execute: Query) -> None:
    """Put the days back as rows ingested after everything already there."""
    latest = " union all ".join(
        f"select max(ingested_at) as loaded_at from raw.{table}" for table in DAY_OF
    )
    (later,) = execute(f"select max(loaded_at) + interval '1 minute' from ({latest}) as loads")[0]
    for table in DAY_OF:
        execute(f"update held.{table} set ingested_at = timestamp '{later}'")
        execute(f"insert into raw.{table} select * from held.{table}")
    execute("drop schema held cascade")


def marts_fingerprint(execute: Query) -> dict[str, Any]:
    models = mart_columns(execute)
    return {model: fingerprint(execute, model, columns) for model, columns in models.items()}


def _differences(incremental: dict[str, Any], scratch: dict[str, Any]) -> list[str]:
    found = [f"{model}: only in one build" for model in incremental.keys() ^ scratch.keys()]
    for model in sorted(incremental.keys() & scratch.keys()):
        ours, theirs = incremental[model], scratch[model]
        for key in sorted(ours.keys() | theirs.keys(), key=str):
            if ours.get(key) != theirs.get(key):
                found.append(f"{model} [{key}]: {ours.get(key)} != {theirs.get(key)}")
    return found


def assert_tests_read_what_the_run_wrote(
    location: WarehouseLocation, work_dir: Path, execute: Query, window_start: Any
) -> None:
    """After an incremental run, a test of an incremental model reads the rows the run wrote
    and a test of a staging view the raw rows it took in (macros/ledger_window.sql,
    get_where_subquery): a bad row from before is not read again unless asked for; a bad row
    the run took in fails the test."""
    (watermark,) = execute("select watermark from intermediate.int_ledger_window")[0]
    reconciled, lines = "intermediate.int_transactions_reconciled", "raw.statement_lines"
    tested = (
        "int_transactions_reconciled,test_name:not_null_columns",
        "stg_bank_statements__lines",
    )
    spoiled: list[tuple[str, str, str, Any]] = []

    def spoil(before: bool) -> None:
        for table, column, value, new_since in (
            (reconciled, "match_method", "null", f"txn_date >= date '{window_start}'"),
            (lines, "direction", "'sideways'", f"ingested_at > timestamp '{watermark}'"),
        ):
            row_id, was = execute(
                f"select source_row_id, {column} from {table}"
                f" where {'not ' if before else ''}({new_since}) order by source_row_id limit 1"
            )[0]
            execute(f"update {table} set {column} = {value} where source_row_id = '{row_id}'")
            spoiled.append((table, column, row_id, was))

    def failing(*flags: str) -> set[str]:
        """The models whose tests failed."""
        completed = dbt_command(location, work_dir, "test", "--select", *tested, *flags)
        assert "Compilation Error" not in completed.stdout, completed.stdout[-4000:]
        failed = {line for line in completed.stdout.splitlines() if "Failure in test" in line}
        return {model for model in ("_reconciled_", "_lines_") if any(model in f for f in failed)}

    spoil(before=True)
    assert failing() == set(), "rows an earlier run wrote or took in were tested again"
    assert failing("--vars", "{ledger_tests_whole: true}") == {"_reconciled_", "_lines_"}
    spoil(before=False)
    assert failing() == {"_reconciled_", "_lines_"}, "a bad row this run took in passed"
    for table, column, row_id, was in spoiled:
        execute(f"update {table} set {column} = '{was}' where source_row_id = '{row_id}'")


@pytest.fixture(params=["duckdb", "postgres"])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> WarehouseLocation:
    if request.param == "duckdb":
        return WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    request.applymarker(pytest.mark.postgres)
    return WarehouseLocation.parse(request.getfixturevalue("postgres_url"), tmp_path)


@pytest.mark.slow
def test_one_more_day_builds_the_marts_a_full_refresh_builds(
    location: WarehouseLocation, tmp_path: Path
) -> None:
    landing = tmp_path / "landing"
    generate_population(landing, users=USERS, months=MONTHS, seed=SEED)
    ingest_paths([landing], location)
    execute = _executor(location)
    build: Callable[..., None] = lambda *flags: dbt_build(location, tmp_path, *flags)  # noqa: E731
    first_held = latest_day_spanning_midnight(execute, landing)
    assert first_held is not None, "no transaction spans midnight: the population is too small"
    hold_back_from(execute, first_held)
    build("--full-refresh")
    ingest_held_day(execute)
    # As a sync runs it (PRODUCTION_BUILD): the unit tests ran in the build before.
    build("--exclude-resource-type", "unit_test")
    (window_start, whole), *_ = execute(WINDOW_SQL)
    assert not whole and window_start < first_held, "the second build was not incremental"
    last_day = execute(f"select max({DAY_OF['statement_lines']}) from raw.statement_lines")[0][0]
    assert execute("select max(business_date) from marts.fct_ledger")[0][0] == last_day
    incremental = marts_fingerprint(execute)
    assert_tests_read_what_the_run_wrote(location, tmp_path, execute, window_start)
    build("--full-refresh", "--exclude-resource-type", "unit_test")
    found = _differences(incremental, marts_fingerprint(execute))
    assert not found, "\n".join(found[:40])
    assert_recurring_increments_match(location, tmp_path, execute, AnomalyIncrements())
