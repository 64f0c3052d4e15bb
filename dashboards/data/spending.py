"""Spending: where the money goes, through which rails, and how festivals move it.

Spend is a debit on a spending category (``dim_categories.is_spend``) that is not a transfer
between a person's own accounts; refunds are left as the credits they are.
"""

from __future__ import annotations

import polars as pl

from dashboards.data.festivals import festival_windows
from dashboards.data.source import read, scoped_ledger
from dashboards.filters import Filters
from hisaab.serving import PublishedMarts

SPEND = """
    spend as (
        select * from ledger
        where direction = 'debit' and not is_transfer
            and category_id in (select category_id from marts.dim_categories where is_spend)
    )
"""
# Rails as analysts name them: ATM withdrawals are cash.
MODES = """
    case channel
        when 'upi' then 'UPI'
        when 'card' then 'Cards'
        when 'atm' then 'Cash'
        when 'cash' then 'Cash'
        when 'nach' then 'NACH / mandates'
        when 'neft' then 'Bank transfer'
        when 'imps' then 'Bank transfer'
        when 'rtgs' then 'Bank transfer'
        else 'Other'
    end
"""


def _spend_query(
    filters: Filters, present: frozenset[str], body: str
) -> tuple[str, dict[str, object]]:
    cte, scope = scoped_ledger(filters, present)
    return cte + "," + SPEND + body, scope.params


def by_category_month(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    sql, params = _spend_query(
        filters,
        present,
        """
        select month_start, category, sum(amount_paise) as spend_paise, count(*) as transactions
        from spend group by month_start, category order by month_start, spend_paise desc
    """,
    )
    return read(marts, sql, params)


def top_merchants(
    marts: PublishedMarts, filters: Filters, present: frozenset[str], limit: int = 15
) -> pl.DataFrame:
    """The merchants taking the most spend; only known merchants, never a person's name."""
    sql, params = _spend_query(
        filters,
        present,
        """
        select merchants.merchant_name as merchant, merchants.category,
            sum(spend.amount_paise) as spend_paise, count(*) as transactions,
            count(distinct spend.person_ref) as people
        from spend join marts.dim_merchants as merchants using (merchant_id)
        group by merchants.merchant_name, merchants.category
        order by spend_paise desc limit :limit
    """,
    )
    return read(marts, sql, {**params, "limit": limit})


def payment_modes(marts: PublishedMarts, filters: Filters, present: frozenset[str]) -> pl.DataFrame:
    """Debits per month by rail (UPI, cards, cash…), UPI split person-to-person / to merchants."""
    cte, scope = scoped_ledger(filters, present)
    sql = (
        cte
        + f"""
        select month_start, {MODES} as mode,
            case when channel <> 'upi' then null when is_p2m then 'P2M' else 'P2P' end as upi_kind,
            sum(amount_paise) as debit_paise, count(*) as transactions
        from ledger
        where direction = 'debit' and not is_transfer
        group by 1, 2, 3 order by 1, 2, 3
    """
    )
    return read(marts, sql, scope.params)


def festival_effect(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    """Average daily spend per category inside the festive seasons against the other days."""
    sql, params = _spend_query(
        filters,
        present,
        """
        select business_date, category, sum(amount_paise) as spend_paise
        from spend group by business_date, category
    """,
    )
    daily = read(marts, sql, params)
    schema = {
        "category": pl.String(),
        "festive_daily_paise": pl.Int64(),
        "other_daily_paise": pl.Int64(),
        "lift": pl.Float64(),
    }
    if daily.is_empty():
        return pl.DataFrame(schema=schema)
    span = pl.date_range(pl.col("business_date").min(), pl.col("business_date").max())
    days = daily.select(span.alias("business_date")).to_series()
    festive = festival_windows(days)
    grid = festive.join(daily["category"].unique().to_frame(), how="cross")
    per_day = grid.join(daily, on=["business_date", "category"], how="left").fill_null(0)
    averaged = per_day.group_by("category").agg(
        festive_daily_paise=pl.col("spend_paise").filter(pl.col("is_festive")).mean(),
        other_daily_paise=pl.col("spend_paise").filter(~pl.col("is_festive")).mean(),
    )
    return (
        averaged.drop_nulls()
        .with_columns(pl.col("festive_daily_paise", "other_daily_paise").round().cast(pl.Int64))
        .with_columns(lift=pl.col("festive_daily_paise") / pl.col("other_daily_paise"))
        .filter(pl.col("other_daily_paise") > 0)
        .sort("lift", descending=True)
        .select(list(schema))
    )
