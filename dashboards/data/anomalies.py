"""Anomalies: the review queue with scores and reasons, and analysts' verdicts written back.

Verdicts go to the app database (`hisaab.feedback`), never the warehouse: readers must not hold
the DuckDB file the pipeline writes. The next model refresh copies them into
``ml.anomaly_feedback`` and learns from them.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine

from dashboards.data.source import ledger_relation, ledger_scope, person_scope, read
from dashboards.filters import Condition, Filters, category_condition, period_condition
from dashboards.privacy import masked
from hisaab.feedback import latest_verdicts, record_verdict
from hisaab.serving import PublishedMarts

QUEUE = "ml.anomaly_review_queue"


def _scope(filters: Filters, present: frozenset[str]) -> Condition:
    scope = period_condition(filters, "business_date") & person_scope(filters, present)
    if filters.categories:  # the queue has no category: take it from the ledger row
        inner = category_condition(filters, "category")
        ledger = f"select transaction_id from {ledger_relation(present)} where {inner.sql}"
        scope &= Condition(f"transaction_id in ({ledger})", inner.params)
    return scope


def review_queue(
    marts: PublishedMarts, filters: Filters, present: frozenset[str], limit: int = 200
) -> pl.DataFrame:
    """The highest-scored flagged rows first (pseudonymous person ids, masked reasons)."""
    if QUEUE not in present:
        return pl.DataFrame()
    scope = _scope(filters, present)
    sql = f"""
        select queue_position, transaction_id, person_ref, business_date, amount_paise,
            payee_name, score, reason, rule_reasons, model_version
        from {QUEUE} where {scope.sql}
        order by score desc, queue_position limit :limit
    """
    frame = read(marts, sql, {**scope.params, "limit": limit})
    return masked(frame, "payee_name", "reason", "rule_reasons")


def queue_summary(marts: PublishedMarts, filters: Filters, present: frozenset[str]) -> pl.DataFrame:
    """Flagged rows, people and value in the queue; rule alerts over the same rows."""
    if QUEUE not in present:
        return pl.DataFrame()
    scope = _scope(filters, present)
    rules = ledger_scope(filters, present)
    sql = f"""
        select count(*) as flagged, count(distinct person_ref) as people,
            coalesce(sum(amount_paise), 0) as flagged_paise, avg(score) as mean_score,
            (select count(*) from marts.fct_anomalies where transaction_id in (
                select transaction_id from {ledger_relation(present)} where {rules.sql}))
                as rule_alerts
        from {QUEUE} where {scope.sql}
    """
    return read(marts, sql, {**scope.params, **rules.params})


def with_verdicts(queue: pl.DataFrame, engine: Engine) -> pl.DataFrame:
    """The queue with each row's latest verdict (``None`` while nobody has judged it)."""
    if queue.is_empty():
        return queue
    verdicts = latest_verdicts(engine).select("transaction_id", "verdict", "reviewed_by")
    return queue.join(verdicts, on="transaction_id", how="left")


def record(engine: Engine, row: dict[str, object], verdict: str, analyst: str) -> str:
    """Write one analyst verdict on a queue row; the feedback id."""
    return record_verdict(
        engine,
        transaction_id=str(row["transaction_id"]),
        person_ref=str(row["person_ref"]),
        verdict=verdict,
        reviewed_by=analyst,
        source="analyst",
    )


def verdict_counts(engine: Engine) -> pl.DataFrame:
    """Latest verdicts by source and verdict (analysts and people alike)."""
    latest = latest_verdicts(engine)
    return latest.group_by("source", "verdict").agg(reviews=pl.len()).sort("source", "verdict")
