"""What the spend forecast learns from, read from the marts in one connection.

Monthly actuals come from ``fct_spend_monthly`` (the number people see and budgets count); the
daily rows behind them come from ``fct_ledger_flows`` (its source, so days sum to the months),
split by ``fct_ledger.is_recurring``: recurring payments are known amounts, the rest is what a
model has to guess. A person is in the population from their first to their last day with an
account balance row, so a group's per-person spend is not diluted by people who had not joined.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from hisaab.settings import WarehouseLocation
from ingestion.warehouse import open_warehouse

AS_OF_SQL = "select max(business_date) as as_of_date from marts.fct_ledger"
DAILY_SQL = """
    select
        flows.person_ref,
        categories.category as category_group,
        flows.business_date,
        coalesce(ledger.is_recurring, false) as is_recurring,
        cast(sum(flows.outflow_paise) as bigint) as outflow_paise
    from marts.fct_ledger_flows as flows
    inner join marts.dim_categories as categories
        on flows.spend_category_id = categories.category_id
    inner join marts.fct_ledger as ledger
        on flows.transaction_id = ledger.transaction_id
    where flows.flow = 'spend'
    group by flows.person_ref, categories.category, flows.business_date, ledger.is_recurring
"""
MONTHLY_SQL = """
    select person_ref, category as category_group, month_start,
        cast(sum(spend_paise) as bigint) as spend_paise
    from marts.fct_spend_monthly
    group by person_ref, category, month_start
"""
SPANS_SQL = """
    select person_ref, min(balance_date) as first_day, max(balance_date) as last_day
    from marts.fct_account_balances_daily
    group by person_ref
"""


@dataclass(frozen=True)
class SpendHistory:
    as_of: date
    daily: pl.DataFrame  # person_ref, category_group, business_date, is_recurring, outflow_paise
    monthly: pl.DataFrame  # person_ref, category_group, month_start, spend_paise, recurring_paise
    spans: pl.DataFrame  # person_ref, first_day, last_day

    @property
    def groups(self) -> list[str]:
        return sorted(self.monthly["category_group"].unique().to_list())

    @property
    def first_day(self) -> date:
        first: date = self.spans["first_day"].min()  # type: ignore[assignment]
        return first


def read_spend_history(location: WarehouseLocation) -> SpendHistory:
    with open_warehouse(location) as warehouse:
        as_of = warehouse.read(AS_OF_SQL)["as_of_date"][0]
        daily = warehouse.read(DAILY_SQL)
        monthly = warehouse.read(MONTHLY_SQL)
        spans = warehouse.read(SPANS_SQL)
    return build_history(as_of, daily, monthly, spans)


def build_history(
    as_of: date, daily: pl.DataFrame, monthly: pl.DataFrame, spans: pl.DataFrame
) -> SpendHistory:
    """Typed, sorted frames (so every later step sees rows in one order) with each month's
    recurring part attached."""
    daily = daily.with_columns(
        pl.col("business_date").cast(pl.Date), pl.col("outflow_paise").cast(pl.Int64)
    ).sort("person_ref", "category_group", "business_date", "is_recurring")
    recurring = (
        daily.filter(pl.col("is_recurring"))
        .group_by("person_ref", "category_group", pl.col("business_date").dt.truncate("1mo"))
        .agg(pl.col("outflow_paise").sum().alias("recurring_paise"))
        .rename({"business_date": "month_start"})
    )
    monthly = (
        monthly.with_columns(
            pl.col("month_start").cast(pl.Date), pl.col("spend_paise").cast(pl.Int64)
        )
        .join(recurring, on=["person_ref", "category_group", "month_start"], how="left")
        .with_columns(pl.col("recurring_paise").fill_null(0))
        .sort("person_ref", "category_group", "month_start")
    )
    spans = spans.with_columns(pl.col("first_day", "last_day").cast(pl.Date)).sort("person_ref")
    return SpendHistory(as_of, daily, monthly, spans)
