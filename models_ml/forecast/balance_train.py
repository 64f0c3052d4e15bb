"""Backtest and project month-end balances from the spend forecaster's output.

Runs after the spend forecast (it reuses its pooled non-recurring spend at every cut), so it
fits no model of its own and takes well under a second for the population.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from models_ml.forecast.balance import (
    BalancePanel,
    backtest_balance,
    build_balance_panel,
    spend_by_person,
)
from models_ml.forecast.balance_history import BalanceHistory
from models_ml.forecast.calendar import last_complete_month, month_end, months_between
from models_ml.forecast.evaluate import series_scores, summary
from models_ml.forecast.projection import Path, build_path, month_ends, upcoming_debits
from models_ml.forecast.spend import PROPHET
from models_ml.forecast.train import SpendForecaster
from models_ml.registry import data_hash

FEATURES = [
    "balance at the origin",
    "known recurring flows (fct_recurring schedule, mandate debits)",
    "pooled Prophet non-recurring spend",
    "other non-recurring net outflow, mean of last 3 months",
]


@dataclass(frozen=True)
class BalanceRun:
    scores: pl.DataFrame  # per person: mase_/mae_ per model, model kept
    backtests: pl.DataFrame
    forecasts: pl.DataFrame  # per person and month
    debits: pl.DataFrame  # upcoming automatic debits and the balance before each
    metrics: dict[str, float]
    baseline_metrics: dict[str, float]
    data_hash: str


def train_balance(
    history: BalanceHistory, forecaster: SpendForecaster, known: pl.DataFrame
) -> BalanceRun:
    first: date = history.month_end["month_start"].min()  # type: ignore[assignment]
    panel = build_balance_panel(history, months_between(first, forecaster.as_of))
    origins = forecaster.components.filter(pl.col("is_backtest"))["cut"].unique().sort()
    backtests = pl.concat(
        [backtest_balance(panel, forecaster.components, panel.months.index(o)) for o in origins]
    )
    scores = series_scores(backtests, ["person_ref"])
    metrics, baseline = summary(scores)
    path = _path(history, forecaster, panel, known)
    forecasts = _kept(month_ends(path, _periods(forecaster)), scores)
    return BalanceRun(
        scores,
        backtests,
        forecasts,
        upcoming_debits(path, known, forecaster.as_of),
        metrics,
        baseline,
        _hash(history, known, forecaster),
    )


def _periods(forecaster: SpendForecaster) -> list[date]:
    final = forecaster.components.filter(~pl.col("is_backtest"))
    periods: list[date] = final["period"].unique().sort().to_list()
    return periods


def _path(
    history: BalanceHistory, forecaster: SpendForecaster, panel: BalancePanel, known: pl.DataFrame
) -> Path:
    as_of = forecaster.as_of
    current = history.current.filter(
        pl.col("has_all_balances") & pl.col("balance_paise").is_not_null()
    )
    start = {p: float(v) for p, v in current.select("person_ref", "balance_paise").iter_rows()}
    target = panel.months.index(last_complete_month(as_of)) + 1
    other = dict(zip(panel.persons, panel.recent_other(target).tolist(), strict=True))
    spend = spend_by_person(forecaster.components, as_of + timedelta(days=1))
    return build_path(start, spend, other, known, as_of, month_end(_periods(forecaster)[-1]))


def _kept(forecasts: pl.DataFrame, scores: pl.DataFrame) -> pl.DataFrame:
    """Each person's month-ends by the model their backtest kept (the projection when none)."""
    kept = scores.select("person_ref", "model", "mase_prophet", "mase_seasonal_naive")
    rows = forecasts.join(kept, on="person_ref", how="left", maintain_order="left").with_columns(
        pl.col("model").fill_null(PROPHET),
        pl.col("start_balance_paise").alias("seasonal_naive_paise"),
    )
    prophet = pl.col("model") == PROPHET
    return (
        rows.with_columns(
            pl.when(prophet)
            .then("cashflow_projection_paise")
            .otherwise("seasonal_naive_paise")
            .alias("projected_month_end_balance_paise"),
            pl.when(prophet).then("mase_prophet").otherwise("mase_seasonal_naive").alias("mase"),
            pl.col("mase_seasonal_naive").alias("baseline_mase"),
        )
        .drop("mase_prophet", "mase_seasonal_naive")
        .sort("person_ref", "month")
    )


def _hash(history: BalanceHistory, known: pl.DataFrame, forecaster: SpendForecaster) -> str:
    frames = (history.month_end, history.current, history.flows, known, forecaster.components)
    return hashlib.sha256("".join(data_hash(frame) for frame in frames).encode()).hexdigest()
