"""Budgets: how well people keep them, which categories break them, and the alerts that went out.

A budget-month is one person's budget in one month (``marts.fct_budget_status``); a budget on a
leaf category (``groceries:quick_commerce``) counts under its group.
"""

from __future__ import annotations

import polars as pl

from dashboards.data.source import person_scope, read
from dashboards.filters import Filters, category_condition, period_condition
from hisaab.serving import PublishedMarts


def _scoped(
    filters: Filters, present: frozenset[str], month_column: str, category: str
) -> tuple[str, dict[str, object]]:
    scope = (
        period_condition(filters, month_column)
        & person_scope(filters, present)
        & category_condition(filters, category)
    )
    return scope.sql, scope.params


def adherence(marts: PublishedMarts, filters: Filters, present: frozenset[str]) -> pl.DataFrame:
    """One row per month: budget-months by status and the share kept within the limit."""
    where, params = _scoped(filters, present, "month_start", "category")
    sql = f"""
        select month_start,
            count(*) as budget_months,
            count(distinct person_ref) as people,
            sum(case when status = 'ok' then 1 else 0 end) as within,
            sum(case when status = 'warning' then 1 else 0 end) as warning,
            sum(case when status = 'exceeded' then 1 else 0 end) as exceeded,
            sum(limit_paise) as limit_paise,
            sum(spent_paise) as spent_paise
        from marts.fct_budget_status
        where {where}
        group by month_start order by month_start
    """
    return read(marts, sql, params)


def blown_categories(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    """Per category group: how often its budgets are exceeded and by how much in all."""
    where, params = _scoped(filters, present, "month_start", "category")
    sql = f"""
        select split_part(category, ':', 1) as category,
            count(*) as budget_months,
            sum(case when status = 'exceeded' then 1 else 0 end) as exceeded,
            sum(case when spent_paise > limit_paise then spent_paise - limit_paise else 0 end)
                as overspent_paise
        from marts.fct_budget_status
        where {where}
        group by 1 order by exceeded desc, overspent_paise desc
    """
    return read(marts, sql, params).with_columns(
        exceeded_share=pl.col("exceeded") / pl.col("budget_months")
    )


def alerts_sent(marts: PublishedMarts, filters: Filters, present: frozenset[str]) -> pl.DataFrame:
    """Budget alerts sent per budget month and kind (80%, 100%, shortfall)."""
    if "ml.budget_alerts" not in present:
        return pl.DataFrame(
            schema={
                "month_start": pl.Date(),
                "kind": pl.String(),
                "alerts": pl.Int64(),
                "people": pl.Int64(),
            }
        )
    scope = period_condition(filters, "cast(period || '-01' as date)") & person_scope(
        filters, present
    )
    sql = f"""
        select cast(period || '-01' as date) as month_start, kind,
            count(*) as alerts, count(distinct person_ref) as people
        from ml.budget_alerts
        where {scope.sql}
        group by 1, 2 order by 1, 2
    """
    return read(marts, sql, scope.params)
