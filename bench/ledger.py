"""dbt build of the ledger against a bare copy of its raw rows (prints figures, asserts nothing).

    uv run python bench/ledger.py [--transactions 10000000] [--warehouse duckdb|postgres]
                                  [--results DIR] [--keep DIR]

A synthetic population of about ``--transactions`` true transactions (cached in bench/out, as
bench/ingest.py does) is ingested into a fresh warehouse (not timed), its last day held back, then:

- ``full build``: ``dbt build --full-refresh`` of the whole project (models, seeds and tests;
  not the unit tests, which a sync leaves to CI: PRODUCTION_BUILD) on every row but the last
  day's;
- ``bare copy``: ``CREATE TABLE AS SELECT *`` of every raw table the models read (the same rows):
  the least work that touches each row once in the same engine. Target: full build within 3x;
- ``one more day``: the held-back day is put back as a later sync would load it (a newer
  ``ingested_at``) and ``dbt build`` runs again: the incremental run (target: under 10% of the
  full build). The window it recomputed (intermediate.int_ledger_window) is printed;
- peak memory: the largest resident set of any dbt process (DuckDB runs inside it).

``--results DIR`` keeps each build's dbt run_results.json (per-node timings) in DIR.
``--keep DIR`` (DuckDB) copies the warehouse into DIR as the one more day finds it (built, the day
put back): profile a model's incremental run there without building again.

For PostgreSQL (``--warehouse postgres``, default 1M transactions) a fresh database is created on
``HISAAB_TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``) and
dropped afterwards.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import psycopg

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from orchestration.defs.ledger.project import PRODUCTION_BUILD

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import landing_for  # the generator cache bench/ingest.py keeps

DBT_PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt"
DBT = Path(sys.executable).with_name("dbt")
RAW_TABLES = ("statement_lines", "sms_messages", "aa_transactions", "aa_accounts")
# The business date of each raw table's rows, for holding back the last day.
DAY_OF = {
    "statement_lines": "txn_date",
    "sms_messages": "cast(received_at + interval '330 minutes' as date)",
    "aa_transactions": "cast(transaction_at + interval '330 minutes' as date)",
}
WINDOW = "select window_start, is_whole_rebuild from intermediate.int_ledger_window"
Execute = Callable[[str], list[tuple[object, ...]]]
Build = Callable[..., None]  # build(label, *dbt flags)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int)
    parser.add_argument("--warehouse", choices=("duckdb", "postgres"), default="duckdb")
    parser.add_argument("--results", type=Path, help="keep each build's run_results.json here")
    parser.add_argument(
        "--keep", type=Path, help="copy the DuckDB warehouse here before the one more day"
    )
    args = parser.parse_args()
    default = 10_000_000 if args.warehouse == "duckdb" else 1_000_000
    landing = landing_for(args.transactions or default)
    scratch = Path(tempfile.mkdtemp(prefix="hisaab-bench-ledger-"))
    try:
        with _warehouse(args.warehouse, scratch) as (location, execute):
            began = time.perf_counter()
            report = ingest_paths([landing], location)
            print(f"ingested {report.total.loaded:,} rows in {time.perf_counter() - began:.1f} s"
                  " (not part of the figures)")  # fmt: skip
            last_day = _hold_back_last_day(execute)
            build = _builder(location, scratch, args.results)
            full = _timed(f"full build (to {last_day})", lambda: build("full", "--full-refresh"))
            bare = _timed("bare copy", lambda: _bare_copy(execute))
            print(f"ratio full build / bare copy: {full / bare:.2f} (target <= 3)")
            _restore_last_day(execute)
            if args.keep is not None and location.path is not None:
                args.keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(location.path, args.keep / location.path.name)
            one_day = _timed("one more day", lambda: build("one_more_day"))
            print(f"ratio one more day / full build: {one_day / full:.1%} (target < 10%)")
            print("window recomputed: {} onwards (whole rebuild: {})".format(*execute(WINDOW)[0]))
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
        print(f"peak memory of a dbt process: {peak:.2f} GiB (target < 6 GiB)")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@contextmanager
def _warehouse(kind: str, scratch: Path) -> Iterator[tuple[WarehouseLocation, Execute]]:
    if kind == "duckdb":
        location = WarehouseLocation("duckdb", path=scratch / "warehouse.duckdb")

        def on_duckdb(sql: str) -> list[tuple[object, ...]]:
            with duckdb.connect(str(location.path)) as connection:
                return connection.execute(sql).fetchall()

        yield location, on_duckdb
        return
    admin = os.environ.get(
        "HISAAB_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    name = f"hisaab_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'create database "{name}"')
    url = f"{admin.rsplit('/', 1)[0]}/{name}"
    location = WarehouseLocation.parse(url, scratch)

    def on_postgres(sql: str) -> list[tuple[object, ...]]:
        with psycopg.connect(url, autocommit=True) as connection, connection.cursor() as cursor:
            cursor.execute(sql.encode())
            return cursor.fetchall() if cursor.description else []

    try:
        yield location, on_postgres
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'drop database if exists "{name}" with (force)')


def _timed(label: str, work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    seconds = time.perf_counter() - began
    print(f"{label:<28} {seconds:>8.1f} s")
    return seconds


def _builder(location: WarehouseLocation, scratch: Path, results: Path | None) -> Build:
    def build(label: str, *flags: str) -> None:
        completed = subprocess.run(
            [
                str(DBT),
                *PRODUCTION_BUILD,
                *("--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)),
                *("--target-path", str(scratch / "target"), "--log-path", str(scratch / "logs")),
                *flags,
            ],
            env={**os.environ, **location.dbt_env()},
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            raise SystemExit(f"dbt build failed:\n{completed.stdout[-4000:]}")
        if results is not None:
            results.mkdir(parents=True, exist_ok=True)
            shutil.copy(scratch / "target" / "run_results.json", results / f"{label}.json")

    return build


def _bare_copy(execute: Execute) -> None:
    execute("drop schema if exists bench_copy cascade")
    execute("create schema bench_copy")
    for table in RAW_TABLES:
        execute(f"create table bench_copy.{table} as select * from raw.{table}")
    execute("drop schema bench_copy cascade")


def _hold_back_last_day(execute: Execute) -> object:
    (last_day,) = execute(f"select max({DAY_OF['statement_lines']}) from raw.statement_lines")[0]
    execute("create schema if not exists bench_held")
    for table, day in DAY_OF.items():
        execute(
            f"create table bench_held.{table} as select * from raw.{table}"
            f" where {day} >= date '{last_day}'"
        )
        execute(f"delete from raw.{table} where {day} >= date '{last_day}'")
    return last_day


def _restore_last_day(execute: Execute) -> None:
    """Put the day back as a later sync would load it: ingested after every row already there
    (int_ledger_window finds new rows by ingested_at)."""
    latest = " union all ".join(
        f"select max(ingested_at) as loaded_at from raw.{table}" for table in DAY_OF
    )
    (later,) = execute(f"select max(loaded_at) + interval '1 minute' from ({latest}) as loads")[0]
    for table in DAY_OF:
        execute(f"update bench_held.{table} set ingested_at = timestamp '{later}'")
        execute(f"insert into raw.{table} select * from bench_held.{table}")
    execute("drop schema bench_held cascade")


if __name__ == "__main__":
    main()
