"""Models: how good each one is against its baseline, per version, and how the categorizer and
the anomaly detector behave on today's ledger.

Metrics come from ``ml.model_registry`` (each version stores its metrics beside the baseline's
from the same evaluation), so versions over time show drift. Analyst verdicts give the anomaly
queue a precision measured by people, beside the one measured at training.
"""

from __future__ import annotations

import json

import polars as pl

from dashboards.data.source import person_scope, read
from dashboards.filters import Filters, period_condition
from hisaab.serving import PublishedMarts

METRIC_SCHEMA = {
    "model": pl.String(),
    "version": pl.String(),
    "trained_at": pl.Datetime("us"),
    "metric": pl.String(),
    "value": pl.Float64(),
    "baseline": pl.Float64(),
}
# The metrics each model is judged by, in the order a page shows them.
HEADLINE = {
    "categorizer": ("accuracy", "macro_f1", "coverage_at_threshold", "calibration_error"),
    "anomaly_detector": ("precision", "recall", "pr_auc"),
    "spend_forecast": ("median_mase", "median_mase_kept"),
    "balance_forecast": ("median_mase", "median_mase_kept"),
}


def registry_metrics(marts: PublishedMarts, present: frozenset[str]) -> pl.DataFrame:
    """One row per model version and metric, with the baseline's value where it has one."""
    if "ml.model_registry" not in present:
        return pl.DataFrame(schema=METRIC_SCHEMA)
    rows = marts.rows(
        "select name, version, trained_at, metrics, baseline_metrics from ml.model_registry"
    )
    long = [
        {
            "model": row["name"],
            "version": row["version"],
            "trained_at": row["trained_at"],
            "metric": metric,
            "value": float(value),
            "baseline": _number(json.loads(row["baseline_metrics"] or "{}").get(metric)),
        }
        for row in rows
        for metric, value in json.loads(row["metrics"] or "{}").items()
        if metric in HEADLINE.get(row["name"], ())
    ]
    return pl.DataFrame(long, schema=METRIC_SCHEMA).sort("model", "metric", "trained_at")


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def confidence_histogram(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    """Model predictions per confidence band of 0.05, split confident / sent for review."""
    if "ml.transaction_categories" not in present:
        return pl.DataFrame()
    scope = person_scope(filters, present)
    sql = f"""
        select floor(confidence * 20) / 20 as confidence_band, is_confident,
            count(*) as predictions
        from ml.transaction_categories where {scope.sql}
        group by 1, 2 order by 1, 2
    """
    return read(marts, sql, scope.params)


def forecast_backtests(
    marts: PublishedMarts, filters: Filters, present: frozenset[str]
) -> pl.DataFrame:
    """Median MASE and absolute error per backtest origin, model against the seasonal naive."""
    parts = [
        table for table in ("ml.forecast_backtests", "ml.balance_backtests") if table in present
    ]
    if not parts:
        return pl.DataFrame()
    scope = period_condition(filters, "period") & person_scope(filters, present)
    union = " union all ".join(f"select * from {table}" for table in parts)
    sql = f"""
        select series_kind, origin, model, count(*) as forecasts,
            percentile_cont(0.5) within group (order by mase) as median_mase,
            sum(abs_error_paise) as abs_error_paise, sum(actual_paise) as actual_paise
        from ({union}) as backtests where {scope.sql}
        group by 1, 2, 3 order by 1, 2, 3
    """
    return read(marts, sql, scope.params)
