"""Scoring forecasts made at rolling origins: MASE per series, the better model per series,
and the population's median, for spend and balance series alike.

MASE divides a forecast's absolute error by the series' own in-sample seasonal-naive error, so
a volatile person and a steady one weigh the same and 1.0 means "as good as last month's
value". A series whose history never changed has no scale; it is kept in the tables with a
null MASE and left out of the medians (its errors still choose its model).
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl

from models_ml.forecast.spend import PROPHET, SEASONAL_NAIVE

DIGITS = 6  # metrics are rounded so a re-run on the same data compares equal, not float-close


def scored(frame: pl.DataFrame) -> pl.DataFrame:
    """Add abs_error_paise and mase to rows with forecast_paise, actual_paise, scale (float)."""
    return (
        frame.with_columns(
            (pl.col("forecast_paise") - pl.col("actual_paise")).abs().alias("abs_error_paise"),
            pl.col("scale").round(0).cast(pl.Int64).alias("scale_paise"),
        )
        .with_columns(
            pl.when(pl.col("scale") > 0)
            .then(pl.col("abs_error_paise") / pl.col("scale"))
            .otherwise(None)
            .alias("mase")
        )
        .drop("scale")
    )


def series_scores(backtests: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Per series: each model's mean MASE and mean absolute error over the origins, and the
    model kept (lower error; the model, not the baseline, on a tie)."""
    per_model = backtests.group_by(*keys, "model").agg(
        pl.col("mase").mean().alias("mase"),
        pl.col("abs_error_paise").mean().alias("mae"),
    )
    wide = per_model.pivot(on="model", index=keys, values=["mase", "mae"])
    return wide.with_columns(
        pl.when(pl.col(f"mae_{PROPHET}") <= pl.col(f"mae_{SEASONAL_NAIVE}"))
        .then(pl.lit(PROPHET))
        .otherwise(pl.lit(SEASONAL_NAIVE))
        .alias("model")
    ).sort(keys)


def summary(scores: pl.DataFrame) -> tuple[dict[str, float], dict[str, float]]:
    """(model metrics, baseline metrics): medians over the series with a MASE for both."""
    both = scores.filter(
        pl.col(f"mase_{PROPHET}").is_not_null() & pl.col(f"mase_{SEASONAL_NAIVE}").is_not_null()
    )
    kept = np.where(
        both["model"].to_numpy() == PROPHET,
        both[f"mase_{PROPHET}"].to_numpy(),
        both[f"mase_{SEASONAL_NAIVE}"].to_numpy(),
    )
    metrics = {
        "median_mase": _median(both[f"mase_{PROPHET}"].to_numpy()),
        "median_mase_kept": _median(kept),
        "series_scored": float(both.height),
        "series_kept_prophet": float((scores["model"] == PROPHET).sum()),
    }
    baseline = {"median_mase": _median(both[f"mase_{SEASONAL_NAIVE}"].to_numpy())}
    return _rounded(metrics), _rounded(baseline)


def _median(values: np.ndarray) -> float:
    return float(np.median(values)) if len(values) else math.nan


def _rounded(values: dict[str, float]) -> dict[str, float]:
    return {name: round(value, DIGITS) for name, value in values.items()}
