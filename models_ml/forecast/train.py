"""Train, backtest and forecast spend in one pass: every cut's group fits run in one pool.

The registered artifact (``SpendForecaster``) holds both models' forecasts at every cut and
the per-series choice, which is all the balance projection and the budget alerts need.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from time import perf_counter

import numpy as np
import polars as pl

from models_ml.forecast.calendar import month_end
from models_ml.forecast.evaluate import scored, series_scores, summary
from models_ml.forecast.history import SpendHistory
from models_ml.forecast.panel import Panel, build_panel
from models_ml.forecast.pooled import group_jobs, per_person_daily, person_index
from models_ml.forecast.prophet_model import WORKERS, pool_size, run_jobs
from models_ml.forecast.spend import KEYS, PROPHET, Cut, components, plan_cuts
from models_ml.registry import data_hash

SEED = 42
ACTIVE_MONTHS = 6  # a series gets a forecast if it had spend in one of these last months
FEATURES = [
    "per-person daily non-recurring spend per category group (Prophet: flat trend, weekly "
    "seasonality, Diwali/Holi windows)",
    "person spend index per group",
    "recurring spend, median of last 3 months",
]


@dataclass(frozen=True)
class SpendForecaster:
    as_of: date
    seed: int
    components: pl.DataFrame  # both models at every cut (see spend.components)
    scores: pl.DataFrame  # per series: mase_/mae_ per model, model kept
    method: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SpendRun:
    forecaster: SpendForecaster
    backtests: pl.DataFrame
    forecasts: pl.DataFrame
    metrics: dict[str, float]
    baseline_metrics: dict[str, float]
    window: tuple[date, date]
    data_hash: str


def train_spend(history: SpendHistory, seed: int = SEED, workers: int = WORKERS) -> SpendRun:
    panel = build_panel(history)
    cuts = plan_cuts(panel, history.as_of)
    started = perf_counter()
    all_components = _fit_cuts(history, panel, cuts, seed, workers)
    seconds = perf_counter() - started
    backtests = pl.concat([_backtest(panel, all_components, cut) for cut in cuts[:-1]])
    scores = series_scores(backtests, KEYS)
    metrics, baseline = summary(scores)
    forecaster = SpendForecaster(
        history.as_of,
        seed,
        all_components,
        scores,
        _method(history, cuts, seconds, workers, panel),
    )
    return SpendRun(
        forecaster,
        backtests,
        _final(panel, all_components, scores, cuts[-1]),
        metrics,
        baseline,
        (history.first_day, history.as_of),
        history_hash(history),
    )


def _fit_cuts(
    history: SpendHistory, panel: Panel, cuts: list[Cut], seed: int, workers: int
) -> pl.DataFrame:
    per_person = [per_person_daily(history, cut.cut) for cut in cuts]
    jobs = [
        job
        for cut, daily in zip(cuts, per_person, strict=True)
        for job in group_jobs(history, daily, cut.cut, month_end(cut.periods[-1]), seed)
    ]
    fits = run_jobs(jobs, workers)
    frames = []
    for cut in cuts:
        done = [(job, fit) for job, fit in zip(jobs, fits, strict=True) if job.cut == cut.cut]
        months = {job.category_group: fit.months for job, fit in done}
        index = person_index(
            history, {job.category_group: fit.fitted for job, fit in done}, cut.cut
        )
        frames.append(components(panel, cut, index, months))
    return pl.concat(frames)


def _backtest(panel: Panel, all_components: pl.DataFrame, cut: Cut) -> pl.DataFrame:
    """The cut's forecasts against what happened, for series that existed before it."""
    truth = panel.series.with_columns(
        pl.Series("actual_paise", panel.spend[:, cut.target], dtype=pl.Int64),
        pl.Series("scale", panel.mase_scale(cut.target), dtype=pl.Float64, nan_to_null=True),
        pl.Series("seen", panel.first_month < cut.target - 1),
    ).filter(pl.col("seen"))
    rows = all_components.filter(pl.col("cut") == cut.cut).join(truth, on=KEYS)
    rows = scored(rows).with_columns(
        pl.lit("spend").alias("series_kind"),
        pl.concat_str(pl.lit("spend"), *KEYS, separator=":").alias("series"),
        pl.col("cut").alias("origin"),
    )
    return rows.select(
        "series",
        "series_kind",
        *KEYS,
        "origin",
        "period",
        "model",
        "forecast_paise",
        "recurring_paise",
        "nonrecurring_paise",
        "actual_paise",
        "abs_error_paise",
        "scale_paise",
        "mase",
    )


def _final(
    panel: Panel, all_components: pl.DataFrame, scores: pl.DataFrame, cut: Cut
) -> pl.DataFrame:
    """The real forecast, each series by its kept model (the pooled model when a series is
    too new to have been scored), for series with spend in the last few months."""
    recent = panel.spend[:, max(0, cut.target - ACTIVE_MONTHS) : cut.target]
    active = panel.series.filter(pl.Series(np.any(recent != 0, axis=1)))
    kept = scores.select(*KEYS, "model", "mase_prophet", "mase_seasonal_naive")
    rows = (
        all_components.filter(pl.col("cut") == cut.cut)
        .join(active, on=KEYS)
        .join(kept.rename({"model": "kept"}), on=KEYS, how="left")
        .filter(pl.col("model") == pl.col("kept").fill_null(PROPHET))
    )
    return rows.select(
        *KEYS,
        "period",
        "forecast_paise",
        "recurring_paise",
        "nonrecurring_paise",
        "model",
        pl.when(pl.col("model") == PROPHET)
        .then(pl.col("mase_prophet"))
        .otherwise(pl.col("mase_seasonal_naive"))
        .alias("mase"),
        pl.col("mase_seasonal_naive").alias("baseline_mase"),
    ).sort(*KEYS, "period")


def history_hash(history: SpendHistory) -> str:
    parts = (data_hash(history.daily), data_hash(history.monthly), data_hash(history.spans))
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def _method(
    history: SpendHistory, cuts: list[Cut], seconds: float, workers: int, panel: Panel
) -> dict[str, object]:
    """How the population was fitted in time, for the asset's metadata."""
    return {
        "approach": "pooled: one Prophet per category group on per-person daily non-recurring "
        "spend, scaled by each person's spend index; recurring spend from the last 3 months",
        "prophet_fits": len(history.groups) * len(cuts),
        "fits_per_series_avoided": panel.series.height * len(cuts),
        "fit_seconds": round(seconds, 1),
        "worker_processes": pool_size(len(history.groups) * len(cuts), workers),
        "uncertainty_samples": 0,
        "origins": [str(cut.cut) for cut in cuts if cut.is_backtest],
    }
