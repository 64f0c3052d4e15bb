"""The insights marts against the generator's labels: recurring series, budgets, anomalies.

A six-month synthetic population is ingested and built with a few budgets in raw.app_budgets.
Warehouse transactions are mapped to the truth's events through their statement lines (every
event has exactly one), then:

- recurring: a planted series (``recurring_series`` in the truth) is found when at least 80% of
  its payments are members of one detected series. Recall is asserted on the series a rule can
  see: 3+ payments in the window (quarterly interest paid twice, yearly fees paid once are
  reported but not asserted);
- budgets: every budget month is recomputed here from the ledger rows, independently of SQL;
- anomalies: precision and recall of each rule against the injected anomaly it targets.
  duplicate_charge and fee_spike are fully observable (same payee and amount within minutes; a
  charge many times its usual size), so both bars are high. large_payment_new_payee rests on
  "never paid before", which a ledger knows only after some history: in a person's first 30 days
  the rule waits for a payee seen once in the whole window, and a real new payee (a first rent)
  can look the same, hence a lower precision bar. The other rules have no injected truth.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import psycopg
import pytest

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from sandbox.generate import generate_population

USERS, MONTHS, SEED = 40, 6, 20250417
MIN_RECURRING_RECALL = 0.95
MIN_SERIES_SHARE = 0.8
# (truth anomaly_type, rule, min recall, min precision)
ANOMALY_BARS = (
    ("duplicate_charge", "duplicate_charge", 0.8, 0.8),
    ("fee_spike", "fee_or_penalty", 0.9, 0.9),
    ("large_payment_new_payee", "large_new_payee", 0.8, 0.6),
)
BUDGET_PERSON = "P000001"
BUDGETS = (
    # budget_id, scope, category, monthly limit (paise), rollover, starts_on, ends_on, deleted
    ("bud-food", "group", "food_dining", 300_000, True, date(2025, 5, 12), None, False),
    (
        "bud-quick",
        "category",
        "groceries:quick_commerce",
        150_000,
        False,
        date(2025, 6, 1),
        None,
        False,
    ),
    ("bud-shop", "group", "shopping", 500_000, True, date(2025, 4, 1), date(2025, 7, 31), False),
    ("bud-gone", "group", "travel", 100_000, False, date(2025, 4, 1), None, True),
)
Query = Callable[[str], pl.DataFrame]
RunDbtBuild = Callable[[WarehouseLocation], None]  # the run_dbt_build fixture (conftest.py)


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("insights") / "landing"
    generate_population(root, users=USERS, months=MONTHS, seed=SEED)
    return root


def _budget_rows() -> list[tuple[Any, ...]]:
    return [
        (budget_id, BUDGET_PERSON, scope, category, limit, rollover, starts, ends, starts, gone)
        for budget_id, scope, category, limit, rollover, starts, ends, gone in BUDGETS
    ]


BUDGET_INSERT = "insert into raw.app_budgets values ({})".format(", ".join(["{0}"] * 10))


def _events(root: Path, query: Query) -> pl.DataFrame:
    """Truth events with the warehouse transaction that reports each (via statement lines)."""
    statement_rows = query(
        "select source_file, line_no, transaction_id from intermediate.int_transactions_reconciled"
        " where source = 'statement'"
    ).with_columns(
        pl.col("source_file").str.strip_prefix(str(root.resolve()) + "/"),
        pl.col("line_no").cast(pl.Int64),
    )
    located = pl.read_csv(root / "_truth" / "source_rows.csv", infer_schema=False).filter(
        pl.col("source") == "statement"
    )
    located = located.with_columns(pl.col("line_no").cast(pl.Int64)).join(
        statement_rows, on=["source_file", "line_no"]
    )
    events = pl.read_csv(root / "_truth" / "transactions.csv", infer_schema=False)
    events = events.join(
        located.select("canonical_txn_id", "transaction_id"), on="canonical_txn_id"
    )
    assert events.height == pl.read_csv(root / "_truth" / "transactions.csv").height
    return events


def _check_recurring(events: pl.DataFrame, query: Query) -> None:
    members = query("select transaction_id, series_id from intermediate.int_recurring_members")
    planted = events.filter(pl.col("recurring_series").is_not_null()).join(
        members, on="transaction_id", how="left"
    )
    series = planted.group_by("recurring_series").agg(
        pl.len().alias("payments"),
        pl.col("series_id").drop_nulls().value_counts(sort=True).first().struct.field("count"),
    )
    series = series.with_columns(
        (pl.col("count").fill_null(0) >= MIN_SERIES_SHARE * pl.col("payments")).alias("found")
    )
    visible = series.filter(pl.col("payments") >= 3)
    recall = visible["found"].mean()
    in_planted = events.join(members, on="transaction_id")["recurring_series"].is_not_null()
    print(
        f"\nrecurring: recall {recall:.3f} over {visible.height} planted series with 3+ payments"
        f" ({series['found'].mean():.3f} over all {series.height}); member precision"
        f" {in_planted.mean():.3f} of {in_planted.len()} member transactions"
    )
    assert isinstance(recall, float) and recall >= MIN_RECURRING_RECALL
    recurring = query("select series_id, occurrences, expected_next_on from marts.fct_recurring")
    assert set(members["series_id"]) == set(recurring["series_id"])
    assert (recurring["occurrences"] >= 2).all()


def _expected_budget_months(query: Query) -> pl.DataFrame:
    """fct_budget_status recomputed in polars from the ledger and BUDGETS."""
    ledger = query(
        "select person_ref, month_start, category_id, category, direction, amount_paise,"
        " is_transfer, is_refund from intermediate.int_ledger_transactions"
    )
    as_of: date = query(
        "select max(business_date) as day from intermediate.int_ledger_transactions"
    ).item()
    signed = (
        pl.when(pl.col("direction") == "debit")
        .then(pl.col("amount_paise"))
        .when(pl.col("is_refund"))
        .then(-pl.col("amount_paise"))
        .otherwise(0)
    )
    mine = ledger.filter((pl.col("person_ref") == BUDGET_PERSON) & ~pl.col("is_transfer"))
    rows = []
    for budget_id, scope, category, limit, rollover, starts, ends, gone in BUDGETS:
        if gone:
            continue
        month, carry = starts.replace(day=1), 0
        column = "category_id" if scope == "category" else "category"
        while month <= min(ends or as_of, as_of):
            in_scope = (pl.col("month_start") == month) & (pl.col(column) == category)
            spent = int(mine.filter(in_scope).select(signed.sum()).item())
            month_limit = limit + (carry if rollover else 0)
            rows.append((budget_id, month, month_limit, spent, month_limit - spent))
            carry += limit - spent
            month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return pl.DataFrame(
        rows,
        schema=["budget_id", "month_start", "limit_paise", "spent_paise", "remaining_paise"],
        orient="row",
    )


def _check_budgets(query: Query) -> None:
    expected = _expected_budget_months(query)
    actual = query(
        "select budget_id, month_start, limit_paise, spent_paise, remaining_paise, status,"
        " days_left from marts.fct_budget_status order by budget_id, month_start"
    )
    print(f"\nbudgets of {BUDGET_PERSON}:\n{actual}")
    compared = ["budget_id", "month_start", "limit_paise", "spent_paise", "remaining_paise"]
    assert actual.select(compared).sort(compared[:2]).rows() == expected.sort(compared[:2]).rows()
    # bud-food starts 12 May: May to the last month; bud-shop ends in July; bud-gone is deleted.
    months = actual.group_by("budget_id").len().sort("budget_id").rows()
    assert months == [("bud-food", 5), ("bud-quick", 4), ("bud-shop", 4)]
    current = actual.filter(pl.col("month_start") == pl.col("month_start").max())
    assert (current["days_left"] >= 1).all()
    assert (
        actual.filter(pl.col("month_start") < pl.col("month_start").max())["days_left"] == 0
    ).all()


def _check_anomalies(events: pl.DataFrame, query: Query) -> None:
    flagged = query("select transaction_id, rule, reason from marts.fct_anomalies")
    labelled = events.select("transaction_id", "anomaly_type")
    print()
    for anomaly_type, rule, min_recall, min_precision in ANOMALY_BARS:
        planted = set(labelled.filter(pl.col("anomaly_type") == anomaly_type)["transaction_id"])
        caught = set(flagged.filter(pl.col("rule") == rule)["transaction_id"])
        recall = len(planted & caught) / len(planted)
        precision = len(planted & caught) / max(len(caught), 1)
        print(
            f"anomalies: {rule} vs {anomaly_type}: recall {recall:.2f} ({len(planted)} planted),"
            f" precision {precision:.2f} ({len(caught)} flagged)"
        )
        assert recall >= min_recall and precision >= min_precision
    print(flagged.group_by("rule").len().sort("rule"))
    duplicates = flagged.filter(pl.col("rule") == "duplicate_charge")["reason"]
    worded = r"^₹[\d,]+\.\d\d charged twice by .+ on \d+ \w{3}(,| within) .+$"
    assert duplicates.str.contains(worded).all()


def _check_all(root: Path, query: Query) -> None:
    events = _events(root, query)
    _check_recurring(events, query)
    _check_budgets(query)
    _check_anomalies(events, query)


@pytest.mark.slow
def test_insights_match_the_truth_on_duckdb(
    landing: Path, run_dbt_build: RunDbtBuild, tmp_path: Path
) -> None:
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    ingest_paths([landing], location)
    with duckdb.connect(str(location.path)) as conn:
        conn.executemany(BUDGET_INSERT.format("?"), _budget_rows())
    run_dbt_build(location)
    with duckdb.connect(str(location.path), read_only=True) as conn:
        _check_all(landing, lambda sql: conn.execute(sql).pl())


@pytest.mark.slow
@pytest.mark.postgres
def test_insights_match_the_truth_on_postgres(
    landing: Path, run_dbt_build: RunDbtBuild, postgres_url: str, tmp_path: Path
) -> None:
    location = WarehouseLocation.parse(postgres_url, tmp_path)
    ingest_paths([landing], location)
    with psycopg.connect(location.postgres_conninfo()) as conn:
        conn.cursor().executemany(BUDGET_INSERT.format("%s"), _budget_rows())
    run_dbt_build(location)
    with psycopg.connect(location.postgres_conninfo()) as conn:

        def query(sql: str) -> pl.DataFrame:
            cursor = conn.execute(sql)
            names = [column.name for column in cursor.description or []]
            return pl.DataFrame(cursor.fetchall(), schema=names, orient="row")

        _check_all(landing, query)
