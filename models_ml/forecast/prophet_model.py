"""One Prophet fit per category group and cut-off, run in a small process pool.

A fit takes a fraction of a second; the population needs one per group and origin, not one per
person (see ``pooled``), and the fits are independent, so two worker processes (the machine's
cores) halve the wall time. Workers are spawned, not forked: the caller may be a threaded
Dagster process. Prophet's MAP fit is deterministic for the same data and Stan seed; results
come back in job order, so the same inputs give the same outputs whatever the scheduling.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from typing import Any

import numpy as np
import pandas as pd

from models_ml.forecast.calendar import festival_holidays, month_start

WORKERS = 2
# Spawning a worker costs seconds (it imports Prophet and builds the holiday table), so a
# handful of fits runs faster in this process; the pool pays off from this many fits each.
MIN_JOBS_PER_WORKER = 50
YEARLY_AFTER_DAYS = 730  # yearly seasonality only once two years are seen


@dataclass(frozen=True)
class GroupJob:
    """Fit ``values`` (per-person rupees a day from ``history_start``, up to ``cut`` exclusive)
    and forecast every day of the months from ``cut``'s month to ``predict_until``."""

    category_group: str
    cut: date
    history_start: date
    values: np.ndarray
    predict_until: date
    seed: int


def quiet_logging() -> None:
    """Prophet and cmdstanpy log every fit at INFO; a run fits dozens. cmdstanpy installs its
    own INFO handler unless its logger already has one: give it a silent one first (warnings
    still propagate to the application's handlers)."""
    stan = logging.getLogger("cmdstanpy")
    if not stan.handlers:
        stan.addHandler(logging.NullHandler())
    stan.setLevel(logging.WARNING)
    logging.getLogger("prophet").setLevel(logging.WARNING)
    logging.getLogger("prophet.plot").setLevel(logging.CRITICAL)  # "plotly failed": unused


@dataclass(frozen=True)
class GroupForecast:
    months: dict[date, float]  # per-person rupees in each forecast month
    fitted: np.ndarray  # the model's per-person rupees on each history day


def forecast_group(job: GroupJob) -> GroupForecast:
    """Monthly sums of the forecast (in-sample days of the cut's month included, so a month
    in progress gets a whole-month figure), and the in-sample fit people are scaled against."""
    days = pd.date_range(month_start(job.cut), job.predict_until, freq="D")
    history_days = pd.date_range(job.history_start, periods=len(job.values), freq="D")
    if not np.any(job.values):
        return GroupForecast(_monthly(days, np.zeros(len(days))), np.zeros(len(job.values)))
    with prophet_quietly():
        model = _model(job)
        model.fit(pd.DataFrame({"ds": history_days, "y": job.values}), seed=job.seed)
        predicted = model.predict(pd.DataFrame({"ds": history_days.union(days)}))
    values = pd.Series(np.clip(predicted["yhat"].to_numpy(), 0.0, None), index=predicted["ds"])
    return GroupForecast(
        _monthly(days, values.loc[days].to_numpy()), values.loc[history_days].to_numpy()
    )


def _model(job: GroupJob) -> Any:
    """Flat trend (a year of history cannot tell growth from festivals), weekly rhythm,
    festival windows; no uncertainty sampling: only the point forecast is used."""
    from prophet import Prophet

    return Prophet(
        growth="flat",
        yearly_seasonality=len(job.values) >= YEARLY_AFTER_DAYS,
        weekly_seasonality=True,
        daily_seasonality=False,
        holidays=festival_holidays(job.history_start.year, job.predict_until.year),
        uncertainty_samples=0,
    )


@contextmanager
def prophet_quietly() -> Iterator[None]:
    """Prophet 1.5 still passes ``inplace=`` to pandas 3, which warns on every fit."""
    quiet_logging()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="The inplace keyword", module="prophet")
        yield


def _monthly(days: pd.DatetimeIndex, values: np.ndarray) -> dict[date, float]:
    totals: dict[date, float] = {}
    for day, value in zip(days, values, strict=True):
        first = day.date().replace(day=1)
        totals[first] = totals.get(first, 0.0) + float(value)
    return totals


def pool_size(jobs: int, workers: int = WORKERS) -> int:
    """Worker processes worth starting for ``jobs`` fits (1: run them here)."""
    return max(1, min(workers, jobs // MIN_JOBS_PER_WORKER))


def run_jobs(jobs: Sequence[GroupJob], workers: int = WORKERS) -> list[GroupForecast]:
    """Forecasts in job order, from ``pool_size`` processes."""
    workers = pool_size(len(jobs), workers)
    if workers == 1:
        return [forecast_group(job) for job in jobs]
    context = get_context("spawn")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=quiet_logging) as pool:
        return list(pool.map(forecast_group, jobs))
