"""Payments: how often UPI payments succeed, why they are declined, how long the outcome takes,
and what does not reconcile with the bank.

Latency is from the intent's creation to its final status (the callback or status check that
settled it). Payments are filtered by their creation date; the category filter does not apply
(a payment's category is a UPI limit class, not a spending category).
"""

from __future__ import annotations

import polars as pl

from dashboards.data.source import person_scope, read
from dashboards.filters import Condition, Filters, period_condition
from hisaab.serving import PublishedMarts

FINAL = "('success', 'failed', 'expired')"


def _scope(filters: Filters, present: frozenset[str]) -> Condition:
    return period_condition(filters, "created_date") & person_scope(filters, present)


def key_figures(marts: PublishedMarts, filters: Filters, present: frozenset[str]) -> pl.DataFrame:
    scope = _scope(filters, present)
    sql = f"""
        select count(*) as payments,
            sum(case when status = 'success' then 1 else 0 end) as succeeded,
            sum(case when status in {FINAL} then 1 else 0 end) as settled,
            coalesce(sum(case when status = 'success' then amount_paise end), 0) as success_paise,
            percentile_cont(0.5) within group (order by case when status in {FINAL}
                then extract(epoch from (status_at - created_at)) end) as median_latency_s,
            percentile_cont(0.9) within group (order by case when status in {FINAL}
                then extract(epoch from (status_at - created_at)) end) as p90_latency_s,
            sum(case when is_break then 1 else 0 end) as breaks
        from marts.fct_payment_reconciliation where {scope.sql}
    """
    return read(marts, sql, scope.params)


def by_day(marts: PublishedMarts, filters: Filters, present: frozenset[str]) -> pl.DataFrame:
    """Per creation day: payments by status and the latency percentiles of the settled ones."""
    scope = _scope(filters, present)
    sql = f"""
        select created_date, status, count(*) as payments,
            percentile_cont(0.5) within group (
                order by extract(epoch from (status_at - created_at))
            ) as median_latency_s
        from marts.fct_payment_reconciliation where {scope.sql}
        group by 1, 2 order by 1, 2
    """
    return read(marts, sql, scope.params)


def decline_reasons(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    scope = _scope(filters, present) & Condition("status in ('failed', 'expired')")
    sql = f"""
        select status, coalesce(npci_code, '-') as npci_code,
            coalesce(status_reason, '-') as reason, count(*) as payments,
            sum(amount_paise) as amount_paise
        from marts.fct_payment_reconciliation where {scope.sql}
        group by 1, 2, 3 order by payments desc
    """
    return read(marts, sql, scope.params)


def reconciliation(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    """Payments per reconciliation status; the breaks say what needs action."""
    scope = _scope(filters, present)
    sql = f"""
        select reconciliation_status, is_break, count(*) as payments,
            sum(amount_paise) as amount_paise,
            sum(bank_moved_paise - coalesce(bank_reversed_paise, 0)) as bank_net_paise
        from marts.fct_payment_reconciliation where {scope.sql}
        group by 1, 2 order by payments desc
    """
    return read(marts, sql, scope.params)
