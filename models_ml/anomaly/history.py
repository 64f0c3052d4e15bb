"""What a row's past says about it, as polars expressions that never see the row itself or later.

The frame must be sorted by time within each group first (`features.order_rows`): every
expression here shifts by one row or counts strictly earlier timestamps, so scoring a row today
and scoring it in a year's backfill give the same features (no leakage from the future).
Medians and quartiles are over the last ``HISTORY_WINDOW`` earlier rows, not all of them: habits
drift, and rolling windows are what polars computes per group without a Python loop.
"""

from __future__ import annotations

import polars as pl

HISTORY_WINDOW = 30
# Fewer earlier rows than this and a median says little: the z-score stays neutral (0) and the
# model reads the history length next to it instead.
MIN_HISTORY = 3
# A payee that always charged the same amount has no spread at all; 15% (in log space) keeps one
# rupee more from looking like a huge deviation.
MIN_LOG_SCALE = 0.15
IQR_TO_SIGMA = 1.349
Z_BOUNDS = (-10.0, 50.0)


def prior_count(keys: list[str]) -> pl.Expr:
    """How many earlier rows share ``keys``."""
    return pl.int_range(pl.len()).over(keys)


def prior_median(column: str, keys: list[str]) -> pl.Expr:
    """Median of ``column`` over the earlier rows sharing ``keys`` (null without history)."""
    prior = pl.col(column).shift(1)
    return prior.rolling_median(HISTORY_WINDOW, min_samples=1).over(keys)


def robust_z(column: str, keys: list[str]) -> pl.Expr:
    """(value − earlier median) / earlier spread, the spread from the quartiles: one past outlier
    moves neither, unlike a mean and standard deviation. Neutral 0 with too little history."""
    prior = pl.col(column).shift(1)
    upper = prior.rolling_quantile(0.75, window_size=HISTORY_WINDOW, min_samples=1)
    lower = prior.rolling_quantile(0.25, window_size=HISTORY_WINDOW, min_samples=1)
    spread = ((upper - lower) / IQR_TO_SIGMA).over(keys)
    scale = pl.max_horizontal(spread, pl.lit(MIN_LOG_SCALE))
    z = ((pl.col(column) - prior_median(column, keys)) / scale).clip(*Z_BOUNDS)
    return pl.when(prior_count(keys) >= MIN_HISTORY).then(z).otherwise(0.0)


def minutes_since_previous(keys: list[str], cap_minutes: float) -> pl.Expr:
    """Minutes since the previous row sharing ``keys`` (``cap_minutes`` when there is none):
    the same amount to the same payee minutes apart is how a double charge looks."""
    gap = (pl.col("at") - pl.col("at").shift(1)).over(keys).dt.total_seconds() / 60.0
    return gap.fill_null(cap_minutes).clip(0.0, cap_minutes)


def debits_before(keys: list[str], period: str) -> pl.Expr:
    """Debits in the ``period`` before this row (not counting it): bursts of spending."""
    debits = pl.col("is_debit").cast(pl.Int32)
    return debits.rolling_sum_by("at", window_size=period, closed="left").over(keys)


def hour_share(person: str, bins: int) -> pl.Expr:
    """Share of the person's earlier timed rows that fell in this row's part of the day (IST);
    a row whose time is unknown, or a person with little history, gets the uniform share."""
    in_bin_before = pl.int_range(pl.len()).over([person, "hour_bin"])
    timed = pl.col("has_time").cast(pl.Int32)
    timed_before = (timed.cum_sum() - timed).over(person)
    share = in_bin_before / timed_before
    enough = pl.col("has_time") & (timed_before >= MIN_HISTORY * bins)
    return pl.when(enough).then(share).otherwise(1.0 / bins)
