"""Monthly spend as a dense matrix: one row per (person, category group), one column per month.

Months a series had no spend are zeros (a month without groceries is information), except
before the person joined: those columns are outside the series (``first_month``). Money stays
integer paise; the baselines and scales below are simple enough to be read off the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from models_ml.forecast.calendar import month_start, months_between
from models_ml.forecast.history import SpendHistory

RECURRING_MONTHS = 3  # the median of three months rides out a bill paid a day early or late


@dataclass(frozen=True)
class Panel:
    series: pl.DataFrame  # person_ref, category_group; row i is matrix row i
    months: list[date]
    spend: np.ndarray  # paise, series x months
    recurring: np.ndarray  # the recurring part of spend, paise
    first_month: np.ndarray  # column of each series' person's first month

    def column(self, month: date) -> int:
        return self.months.index(month)

    def seasonal_naive(self, target: int) -> np.ndarray:
        """Last month's spend: with under two years of history, the season is one month."""
        return self.spend[:, target - 1]

    def recurring_level(self, target: int) -> np.ndarray:
        """Median recurring spend of the (up to) three complete months before ``target``."""
        window = self.recurring[:, max(0, target - RECURRING_MONTHS) : target]
        level: np.ndarray = np.floor(np.median(window, axis=1) + 0.5).astype(np.int64)
        return level

    def mase_scale(self, target: int) -> np.ndarray:
        """In-sample mean absolute error of the seasonal naive on months before ``target``;
        NaN where a series has fewer than two months before it."""
        diffs = np.abs(np.diff(self.spend[:, :target], axis=1)).astype(float)
        seen = np.arange(1, target)[None, :] > self.first_month[:, None]
        counts = seen.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(counts > 0, (diffs * seen).sum(axis=1) / counts, np.nan)


def build_panel(history: SpendHistory) -> Panel:
    months = months_between(history.first_day, history.as_of)
    series = (
        history.monthly.select("person_ref", "category_group")
        .unique()
        .sort("person_ref", "category_group")
    )
    series = series.with_row_index("row")
    cells = history.monthly.join(series, on=["person_ref", "category_group"]).with_columns(
        pl.col("month_start").map_elements(months.index, return_dtype=pl.Int64).alias("col")
    )
    spend = np.zeros((series.height, len(months)), dtype=np.int64)
    recurring = np.zeros_like(spend)
    rows, cols = cells["row"].to_numpy(), cells["col"].to_numpy()
    spend[rows, cols] = cells["spend_paise"].to_numpy()
    recurring[rows, cols] = cells["recurring_paise"].to_numpy()
    joined = series.join(history.spans, on="person_ref", how="left", maintain_order="left")
    first = joined["first_day"]
    first_month = np.array([months.index(month_start(day or months[0])) for day in first])
    return Panel(series.drop("row"), months, spend, recurring, first_month)
