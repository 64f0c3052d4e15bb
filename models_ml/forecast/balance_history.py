"""What the balance projection starts from: balances, monthly flows and the known schedule.

Own-account transfers are left out everywhere: at the person level they move nothing. Flows
are split as the projection needs them: recurring (what fct_recurring schedules), spend that
is not recurring (the spend forecast's job) and everything else that is not recurring (P2P,
one-off income, investments), as net outflows in paise (+ leaves the person, - arrives).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from hisaab.settings import WarehouseLocation
from ingestion.warehouse import open_warehouse

MONTH_END_SQL = """
    select person_ref, month_start, closing_balance_paise, has_all_balances
    from marts.fct_cashflow_monthly
"""
CURRENT_SQL = """
    with latest as (
        select account_id, max(balance_date) as balance_date
        from marts.fct_account_balances_daily
        group by account_id
    )
    select
        balances.person_ref,
        cast(sum(balances.closing_balance_paise) as bigint) as balance_paise,
        count(*) = count(balances.closing_balance_paise) as has_all_balances
    from marts.fct_account_balances_daily as balances
    inner join latest
        on balances.account_id = latest.account_id
        and balances.balance_date = latest.balance_date
    group by balances.person_ref
"""
FLOWS_SQL = """
    select
        flows.person_ref,
        flows.month_start,
        cast(sum(case when ledger.is_recurring then flows.outflow_paise else 0 end) as bigint)
            as recurring_outflow_paise,
        cast(sum(case when not ledger.is_recurring and flows.flow <> 'spend'
            then flows.outflow_paise else 0 end) as bigint) as other_outflow_paise
    from marts.fct_ledger_flows as flows
    inner join marts.fct_ledger as ledger
        on flows.transaction_id = ledger.transaction_id
    where flows.flow <> 'transfer'
    group by flows.person_ref, flows.month_start
"""
SCHEDULE_SQL = """
    select series_id, person_ref, account_id, payee_name, direction, category, cadence,
        median_interval_days, expected_next_on, expected_next_amount_paise
    from marts.fct_recurring
    where is_active and coalesce(category, '') <> 'transfers'
"""


@dataclass(frozen=True)
class BalanceHistory:
    month_end: pl.DataFrame  # person_ref, month_start, closing_balance_paise, has_all_balances
    current: pl.DataFrame  # person_ref, balance_paise, has_all_balances (latest day per account)
    flows: pl.DataFrame  # person_ref, month_start, recurring_outflow_paise, other_outflow_paise
    schedule: pl.DataFrame  # active fct_recurring series, transfers excluded


def read_balance_history(location: WarehouseLocation) -> BalanceHistory:
    with open_warehouse(location) as warehouse:
        frames = [
            warehouse.read(sql) for sql in (MONTH_END_SQL, CURRENT_SQL, FLOWS_SQL, SCHEDULE_SQL)
        ]
    month_end, current, flows, schedule = frames
    return BalanceHistory(
        month_end.with_columns(pl.col("month_start").cast(pl.Date)).sort(
            "person_ref", "month_start"
        ),
        current.sort("person_ref"),
        flows.with_columns(pl.col("month_start").cast(pl.Date)).sort("person_ref", "month_start"),
        schedule.with_columns(pl.col("expected_next_on").cast(pl.Date)).sort("series_id"),
    )


def as_of_month(history: BalanceHistory) -> date:
    latest: date = history.month_end["month_start"].max()  # type: ignore[assignment]
    return latest
