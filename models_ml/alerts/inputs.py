"""What the alerts read from the warehouse: this month's budgets and how they are moving.

Only the month of the as-of date is alerted on: a warning about a month gone by helps no one.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from hisaab.settings import WarehouseLocation
from ingestion.warehouse import open_warehouse

BUDGETS_SQL = """
    select budget_id, person_ref, scope, category, month_start, limit_paise, spent_paise,
        days_left, as_of_date
    from marts.fct_budget_status
    where month_start = cast(date_trunc('month', as_of_date) as date)
"""
# A person's spend per leaf category over the group, for budgets set on one leaf.
LEAF_SHARES_SQL = """
    with spend as (
        select person_ref, category as category_group, category_id,
            sum(spend_paise) as spend_paise
        from marts.fct_spend_monthly
        group by person_ref, category, category_id
    )
    select person_ref, category_group, category_id,
        cast(case when sum(spend_paise) over (partition by person_ref, category_group) > 0
            then 1.0 * spend_paise
                / sum(spend_paise) over (partition by person_ref, category_group)
            else 0.0 end as double precision) as leaf_share
    from spend
"""
DUE_SQL = """
    select person_ref, category as category_group, category_id, expected_next_on,
        expected_next_amount_paise
    from marts.fct_recurring
    where is_active and direction = 'debit'
"""
FORECASTS_SQL = """
    select person_ref, category_group, period, nonrecurring_paise
    from ml.spend_forecasts
"""
SHORTFALLS_SQL = "select * from ml.upcoming_debits where is_shortfall"


@dataclass(frozen=True)
class AlertInputs:
    budgets: pl.DataFrame
    leaf_shares: pl.DataFrame
    due: pl.DataFrame  # active recurring debits and their next date
    forecasts: pl.DataFrame
    shortfalls: pl.DataFrame


def read_alert_inputs(location: WarehouseLocation) -> AlertInputs:
    with open_warehouse(location) as warehouse:
        frames = [
            warehouse.read(sql)
            for sql in (BUDGETS_SQL, LEAF_SHARES_SQL, DUE_SQL, FORECASTS_SQL, SHORTFALLS_SQL)
        ]
    budgets, shares, due, forecasts, shortfalls = frames
    return AlertInputs(
        budgets.with_columns(pl.col("month_start", "as_of_date").cast(pl.Date)).sort("budget_id"),
        shares,
        due.with_columns(pl.col("expected_next_on").cast(pl.Date)),
        forecasts.with_columns(pl.col("period").cast(pl.Date)),
        shortfalls.with_columns(pl.col("due_on").cast(pl.Date)).sort(
            "person_ref", "due_on", "debit_id"
        ),
    )
