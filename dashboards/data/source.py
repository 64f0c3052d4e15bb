"""Where the dashboards read from: the published marts and model outputs, never the warehouse.

Pages degrade rather than fail when a table is missing (models not run yet, ``dim_people`` not
built yet): ``tables(marts)`` says what the snapshot holds. The ledger the analysts see is
``ml.ledger_categorized`` (rules plus confident model predictions) when the models have run, and
``marts.fct_ledger`` before that.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from dashboards.filters import (
    Condition,
    Filters,
    bank_condition,
    category_condition,
    people_condition,
    period_condition,
)
from hisaab.serving import PublishedMarts


def tables(marts: PublishedMarts) -> frozenset[str]:
    """``schema.table`` names present in what readers see."""
    rows = marts.rows(
        "select table_schema, table_name from information_schema.tables"
        " where table_schema in ('marts', 'ml')"
    )
    return frozenset(f"{row['table_schema']}.{row['table_name']}" for row in rows)


def ledger_relation(present: frozenset[str]) -> str:
    return "ml.ledger_categorized" if "ml.ledger_categorized" in present else "marts.fct_ledger"


def ledger_scope(
    filters: Filters, present: frozenset[str], *, categories: bool = True
) -> Condition:
    """Every filter on ledger rows (alias-free column names of ``fct_ledger``)."""
    has_people = "marts.dim_people" in present
    condition = (
        period_condition(filters, "business_date")
        & bank_condition(filters, "bank")
        & people_condition(filters, "person_ref", has_dim_people=has_people)
    )
    return condition & category_condition(filters, "category") if categories else condition


def person_scope(
    filters: Filters, present: frozenset[str], *, bank_via: str = "person"
) -> Condition:
    """Filters on person-level facts (budgets, forecasts, recurring series)."""
    has_people = "marts.dim_people" in present
    column = "account_id" if bank_via == "account" else "person_ref"
    return bank_condition(filters, column, via=bank_via) & people_condition(
        filters, "person_ref", has_dim_people=has_people
    )


def scoped_ledger(
    filters: Filters, present: frozenset[str], **options: bool
) -> tuple[str, Condition]:
    """A ``with ledger as (…)`` prefix holding the filtered ledger, and its parameters."""
    scope = ledger_scope(filters, present, **options)
    cte = f"with ledger as (select * from {ledger_relation(present)} where {scope.sql})\n"
    return cte, scope


def read(marts: PublishedMarts, sql: str, params: Mapping[str, Any]) -> pl.DataFrame:
    """``marts.frame`` with DuckDB's 128-bit sums as ordinary 64-bit integers (paise totals fit
    many times over) and decimals as floats, so charts and joins see one type per column."""
    frame = marts.frame(sql, params)
    return frame.with_columns(pl.col(pl.Int128).cast(pl.Int64), pl.col(pl.Decimal).cast(pl.Float64))
