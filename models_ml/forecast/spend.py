"""Each person's monthly spend per category group, by two models side by side.

``prophet``: the recurring part (rent, EMIs, bills: the median of the last three months) plus
the non-recurring part from the pooled group model (``pooled``). ``seasonal_naive``: last
month's spend. Both are produced at every cut: the backtest origins (the first day of each of
the last complete months, seeing only what came before) and the real one (the day after the
latest ledger date), so the forecast that ships is made exactly as the ones that were scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from models_ml.forecast.calendar import add_months, last_complete_month, month_start
from models_ml.forecast.panel import Panel

ORIGINS = 3
HORIZON_MONTHS = 3
PROPHET, SEASONAL_NAIVE = "prophet", "seasonal_naive"
KEYS = ["person_ref", "category_group"]


@dataclass(frozen=True)
class Cut:
    """A forecast made from the data before ``cut`` for ``periods``; ``target`` is the panel
    column of the first period (one past the last column for a month not begun)."""

    cut: date
    periods: tuple[date, ...]
    target: int
    is_backtest: bool


def plan_cuts(panel: Panel, as_of: date, origins: int = ORIGINS) -> list[Cut]:
    """Rolling origins on the last ``origins`` complete months (each needs two months before
    it for a MASE scale), then the real forecast for ``HORIZON_MONTHS`` months."""
    last = panel.column(last_complete_month(as_of))
    cuts = [
        Cut(panel.months[target], (panel.months[target],), target, True)
        for target in range(max(2, last - origins + 1), last + 1)
    ]
    tomorrow = as_of + timedelta(days=1)
    periods = tuple(add_months(month_start(tomorrow), k) for k in range(HORIZON_MONTHS))
    return [*cuts, Cut(tomorrow, periods, last + 1, False)]


def components(
    panel: Panel, cut: Cut, index: pl.DataFrame, group_months: dict[str, dict[date, float]]
) -> pl.DataFrame:
    """Both models' forecasts for every series and period of ``cut``, split into the
    recurring and non-recurring parts (integer paise)."""
    spend_index = (
        panel.series.join(index, on=KEYS, how="left", maintain_order="left")["spend_index"]
        .fill_null(0.0)
        .to_numpy()
    )
    groups = panel.series["category_group"].to_list()
    recurring = panel.recurring_level(cut.target)
    naive_recurring = panel.recurring[:, cut.target - 1]
    naive_other = panel.seasonal_naive(cut.target) - naive_recurring
    frames = []
    for period in cut.periods:
        per_person = np.array([group_months[group].get(period, 0.0) for group in groups])
        other = np.floor(spend_index * per_person * 100.0 + 0.5).astype(np.int64)
        frames.append(_frame(panel, cut, period, PROPHET, recurring, other))
        frames.append(_frame(panel, cut, period, SEASONAL_NAIVE, naive_recurring, naive_other))
    return pl.concat(frames)


def _frame(
    panel: Panel, cut: Cut, period: date, model: str, recurring: np.ndarray, other: np.ndarray
) -> pl.DataFrame:
    return panel.series.with_columns(
        pl.lit(cut.cut).alias("cut"),
        pl.lit(cut.is_backtest).alias("is_backtest"),
        pl.lit(period).alias("period"),
        pl.lit(model).alias("model"),
        pl.Series("recurring_paise", recurring, dtype=pl.Int64),
        pl.Series("nonrecurring_paise", other, dtype=pl.Int64),
        pl.Series("forecast_paise", recurring + other, dtype=pl.Int64),
    )
