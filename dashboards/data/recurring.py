"""Recurring payments: subscriptions, EMIs and SIPs, their price rises and the payments missed.

Series come from ``marts.fct_recurring`` (debits only here). Price rises are shown per merchant
and never per payee: a recurring transfer to a person would otherwise put their name on screen.
A series counts for a period when it was seen at some point inside it.
"""

from __future__ import annotations

import polars as pl

from dashboards.data.source import person_scope, read
from dashboards.filters import Condition, Filters, category_condition
from hisaab.serving import PublishedMarts

KIND = """
    case category
        when 'subscriptions' then 'Subscriptions'
        when 'emi_loans' then 'EMIs'
        when 'investments' then 'SIPs'
        when 'insurance' then 'Insurance premiums'
        when 'bills_utilities' then 'Bills'
        when 'rent' then 'Rent'
        else 'Other'
    end
"""


def _scope(filters: Filters, present: frozenset[str]) -> Condition:
    overlap = Condition()
    bounds = filters.bounds()
    if bounds is not None:
        overlap = Condition(
            "last_seen_on >= :period_start and first_seen_on < :period_end",
            {"period_start": bounds[0], "period_end": bounds[1]},
        )
    return (
        Condition("direction = 'debit'")
        & overlap
        & person_scope(filters, present, bank_via="account")
        & category_condition(filters, "category")
    )


def by_kind(marts: PublishedMarts, filters: Filters, present: frozenset[str]) -> pl.DataFrame:
    scope = _scope(filters, present)
    sql = f"""
        select {KIND} as kind, cadence,
            count(*) as series, count(distinct person_ref) as people,
            sum(case when is_active then 1 else 0 end) as active,
            sum(typical_amount_paise) as typical_total_paise,
            sum(case when price_changes > 0 then 1 else 0 end) as price_changed,
            sum(missed_occurrences) as missed
        from marts.fct_recurring where {scope.sql}
        group by 1, 2 order by series desc
    """
    return read(marts, sql, scope.params)


def price_rises(marts: PublishedMarts, filters: Filters, present: frozenset[str]) -> pl.DataFrame:
    """Per merchant: people whose recurring price went up, and the median rise."""
    scope = _scope(filters, present) & Condition(
        "merchant_id is not null and price_after_change_paise > price_before_change_paise"
    )
    sql = f"""
        select payee_name as merchant, {KIND} as kind, count(distinct person_ref) as people,
            percentile_disc(0.5) within group (order by price_before_change_paise)
                as median_before_paise,
            percentile_disc(0.5) within group (order by price_after_change_paise)
                as median_after_paise
        from marts.fct_recurring where {scope.sql}
        group by 1, 2 order by people desc, merchant
    """
    frame = read(marts, sql, scope.params)
    return frame.with_columns(
        pl.col("median_before_paise", "median_after_paise").cast(pl.Int64)
    ).with_columns(rise=pl.col("median_after_paise") / pl.col("median_before_paise") - 1)


def missed_payments(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    """Per kind and category: series overdue or with missed occurrences, and the amount at stake."""
    scope = _scope(filters, present) & Condition("(is_overdue or missed_occurrences > 0)")
    sql = f"""
        select {KIND} as kind, category,
            count(*) as series, count(distinct person_ref) as people,
            sum(missed_occurrences) as missed,
            sum(case when is_overdue then 1 else 0 end) as overdue,
            sum(missed_occurrences * typical_amount_paise) as missed_paise
        from marts.fct_recurring where {scope.sql}
        group by 1, 2 order by missed desc
    """
    return read(marts, sql, scope.params)
