"""The same raw data gives the same marts on DuckDB and on PostgreSQL.

One small generated population is ingested into a DuckDB file and into a fresh PostgreSQL
database, the whole dbt project is built on both, and every table of the ``marts``
schema, discovered from information_schema, is fingerprinted on both sides: per key value
(``person_ref`` when the model has one, else its first ``*_id`` column) the row count, the sum of
every integer column, the rounded sum of every other numeric column, the count of true values
of every boolean, the earliest and latest of every date or timestamp, and the count of non-null
and of distinct values of every column. The fingerprints must be equal; a difference names the
model, the key value and the measure.

The same build also checks the daily balances against the generator's truth: every account opens
and closes the period with the balances the simulated bank held, and no day's computed closing
balance differs from the one a source reported.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl
import psycopg
import pytest
from mart_fingerprint import Column, Fingerprint, Query, fingerprint, mart_columns

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from sandbox.generate import generate_population

USERS, MONTHS, SEED = 20, 3, 20250615
MAX_REPORTED_DIFFERENCES = 40
BuildInto = Callable[[WarehouseLocation, Path], None]  # the dbt_build_into fixture


@dataclass(frozen=True)
class Warehouses:
    landing: Path
    duckdb: Query
    postgres: Query


def column_differences(model: str, ours: list[Column], theirs: list[Column]) -> str:
    kinds = {column.name: column.kind for column in theirs}
    only_duckdb = [c.name for c in ours if c.name not in kinds]
    only_postgres = sorted(kinds.keys() - {c.name for c in ours})
    changed = [
        f"{c.name} {c.kind}/{kinds[c.name]}" for c in ours if kinds.get(c.name, c.kind) != c.kind
    ]
    return (
        f"{model}: columns differ: only on duckdb {only_duckdb}, only on postgres {only_postgres}, "
        f"kind duckdb/postgres {changed} (or their order)"
    )


def differences(model: str, ours: Fingerprint, theirs: Fingerprint) -> list[str]:
    found = []
    for key in sorted(ours.keys() | theirs.keys(), key=str):
        left, right = ours.get(key), theirs.get(key)
        if left is None or right is None:
            found.append(f"{model} [{key}]: only on {'postgres' if left is None else 'duckdb'}")
            continue
        found += [
            f"{model} [{key}] {name}: duckdb {left[name]!r} != postgres {right.get(name)!r}"
            for name in left
            if left[name] != right.get(name)
        ]
    return found


def _ingest(landing: Path, location: WarehouseLocation) -> None:
    report = ingest_paths([landing], location)
    assert all(counts.quarantined == 0 for counts in report.sources.values())


def _build_both(
    landing: Path, duck: WarehouseLocation, postgres: WarehouseLocation, build_into: BuildInto
) -> None:
    """Ingest, then ``dbt build``, on each in turn: run side by side, the two builds only
    compete for the same cores (CI machines have two) and neither finishes sooner."""
    for location in (duck, postgres):
        _ingest(landing, location)
        build_into(location, landing.parent / location.kind)


@pytest.fixture(scope="module")
def warehouses(
    tmp_path_factory: pytest.TempPathFactory, postgres_admin_url: str, dbt_build_into: BuildInto
) -> Iterator[Warehouses]:
    root = tmp_path_factory.mktemp("parity")
    generate_population(root / "landing", users=USERS, months=MONTHS, seed=SEED)
    name = f"hisaab_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
        admin.execute(f'create database "{name}"')
    try:
        duck = WarehouseLocation("duckdb", path=root / "warehouse.duckdb")
        postgres = WarehouseLocation.parse(f"{postgres_admin_url.rsplit('/', 1)[0]}/{name}", root)
        _build_both(root / "landing", duck, postgres, dbt_build_into)
        with (
            duckdb.connect(str(duck.path), read_only=True) as duck_conn,
            psycopg.connect(postgres.postgres_conninfo()) as postgres_conn,
        ):
            yield Warehouses(
                root / "landing",
                lambda sql: duck_conn.execute(sql).fetchall(),
                lambda sql: postgres_conn.execute(sql).fetchall(),
            )
    finally:
        with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
            admin.execute(f'drop database if exists "{name}" with (force)')


@pytest.mark.slow
@pytest.mark.postgres
def test_every_mart_is_the_same_on_duckdb_and_postgres(warehouses: Warehouses) -> None:
    duck_models = mart_columns(warehouses.duckdb)
    postgres_models = mart_columns(warehouses.postgres)
    assert duck_models, "no table in the marts schema"
    assert duck_models.keys() == postgres_models.keys(), "the marts schemas hold other models"
    found, rows = [], 0
    for model, columns in sorted(duck_models.items()):
        if columns != postgres_models[model]:
            found.append(column_differences(model, columns, postgres_models[model]))
            continue
        ours = fingerprint(warehouses.duckdb, model, columns)
        found += differences(model, ours, fingerprint(warehouses.postgres, model, columns))
        rows += sum(measures["rows"] for measures in ours.values())
    print(f"\nparity: {len(duck_models)} marts, {rows} rows: {', '.join(sorted(duck_models))}")
    print("\n".join(found[:MAX_REPORTED_DIFFERENCES]) or "fingerprints equal")
    assert not found, f"{len(found)} differences between duckdb and postgres (printed above)"


ACCOUNT_PERIOD_SQL = """
    select
        account_id,
        max(case when day_rank = 1 then opening_balance_paise end),
        max(case when day_rank = day_count then closing_balance_paise end),
        count(case when balance_check = 'mismatch' then 1 end)
    from (
        select
            *,
            row_number() over (partition by account_id order by balance_date) as day_rank,
            count(*) over (partition by account_id) as day_count
        from marts.fct_account_balances_daily
    ) as days
    group by account_id
"""


def _account_periods(query: Query) -> pl.DataFrame:
    return pl.DataFrame(
        query(ACCOUNT_PERIOD_SQL),
        schema=["account_id", "opening_paise", "closing_paise", "mismatches"],
        orient="row",
    ).with_columns(pl.col("opening_paise", "closing_paise", "mismatches").cast(pl.Int64))


@pytest.mark.slow
@pytest.mark.postgres
def test_daily_balances_follow_the_simulated_bank(warehouses: Warehouses) -> None:
    """Every account opens and closes the period as the generator's bank held it, and no
    day's computed closing balance differs from a reported one (sources agree in the sandbox)."""
    truth = pl.read_csv(warehouses.landing / "_truth" / "accounts.csv", infer_schema=False).select(
        pl.format("{}:{}-{}", "person_ref", "bank", "account_last4").alias("account_id"),
        pl.col("opening_balance_paise").cast(pl.Int64).alias("true_opening_paise"),
        pl.col("closing_balance_paise").cast(pl.Int64).alias("true_closing_paise"),
    )
    for query in (warehouses.duckdb, warehouses.postgres):
        periods = _account_periods(query)
        assert periods["mismatches"].sum() == 0, periods.filter(pl.col("mismatches") > 0)
        compared = truth.join(periods, on="account_id", how="left")
        wrong = compared.filter(
            (pl.col("opening_paise") != pl.col("true_opening_paise")).fill_null(True)
            | (pl.col("closing_paise") != pl.col("true_closing_paise")).fill_null(True)
        )
        assert wrong.is_empty(), wrong
