"""Overview: how much the ledger holds, where it came from and how much of it is categorized.

Spend excludes transfers between a person's own accounts (they are not spending); a row counts
as categorized when a rule, a person's correction or a confident model placed it.
"""

from __future__ import annotations

import polars as pl

from dashboards.data.source import read, scoped_ledger
from dashboards.filters import Filters
from hisaab.serving import PublishedMarts


def key_figures(marts: PublishedMarts, filters: Filters, present: frozenset[str]) -> pl.DataFrame:
    """One row: people, transactions, debit and credit value, categorized shares."""
    cte, scope = scoped_ledger(filters, present)
    sql = (
        cte
        + """
        select
            count(distinct person_ref) as active_people,
            count(*) as transactions,
            coalesce(sum(case when direction = 'debit' and not is_transfer
                then amount_paise end), 0) as debit_paise,
            coalesce(sum(case when direction = 'credit' and not is_transfer
                then amount_paise end), 0) as credit_paise,
            coalesce(sum(case when category_source <> 'none' then 1 end), 0) as categorized,
            coalesce(sum(case when category_source <> 'none' then amount_paise end), 0)
                as categorized_paise,
            coalesce(sum(amount_paise), 0) as total_paise
        from ledger
    """
    )
    return read(marts, sql, scope.params)


def monthly_volume(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    """Transactions and debit value per calendar month."""
    cte, scope = scoped_ledger(filters, present)
    sql = (
        cte
        + """
        select
            month_start,
            count(*) as transactions,
            count(distinct person_ref) as active_people,
            coalesce(sum(case when direction = 'debit' and not is_transfer
                then amount_paise end), 0) as debit_paise
        from ledger
        group by month_start
        order by month_start
    """
    )
    return read(marts, sql, scope.params)


def source_coverage(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    """How many ledger rows each source saw (a row seen in several sources counts in each)."""
    cte, scope = scoped_ledger(filters, present)
    sql = (
        cte
        + """
        select 'bank statements' as source, count(*) as transactions from ledger where has_statement
        union all
        select 'bank SMS', count(*) from ledger where has_sms
        union all
        select 'account aggregator', count(*) from ledger where has_aa
    """
    )
    return read(marts, sql, scope.params)


def category_sources(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    """Rows and value by who placed the category (rule, model, correction, none)."""
    cte, scope = scoped_ledger(filters, present)
    sql = (
        cte
        + """
        select category_source, count(*) as transactions, sum(amount_paise) as amount_paise
        from ledger
        group by category_source
        order by transactions desc
    """
    )
    return read(marts, sql, scope.params)
