"""Month-end balance per person: a cash-flow projection against the seasonal naive, scored on
the same rolling origins as spend.

projection = balance at the origin - known recurring net outflow - forecast non-recurring
spend (the pooled Prophet, ``spend``) - the usual other non-recurring net outflow (mean of the
last three months). Seasonal naive = the last month-end balance. At a backtest origin the
ledger's recurring schedule as it was then is not stored, so the known part is the median of
the last three months' recurring net flow, which is what a monthly schedule adds up to; the
real projection (``projection``) uses fct_recurring's dated schedule and mandate debits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from models_ml.forecast.balance_history import BalanceHistory
from models_ml.forecast.evaluate import scored
from models_ml.forecast.spend import PROPHET, SEASONAL_NAIVE

RECENT_MONTHS = 3


@dataclass(frozen=True)
class BalancePanel:
    persons: list[str]
    months: list[date]
    balance: np.ndarray  # month-end paise as float; NaN where not every account is known
    recurring: np.ndarray  # recurring net outflow per month, paise
    other: np.ndarray  # other non-recurring net outflow per month, paise

    def scale(self, target: int) -> np.ndarray:
        """Mean |month-on-month change| of the balance before ``target`` (NaN: unknown)."""
        changes = np.abs(np.diff(self.balance[:, :target], axis=1))
        known = ~np.isnan(changes)
        counts = known.sum(axis=1)
        totals = np.where(known, changes, 0.0).sum(axis=1)
        scale: np.ndarray = np.where(counts > 0, totals / np.maximum(counts, 1), np.nan)
        return scale

    def recent_other(self, target: int) -> np.ndarray:
        mean: np.ndarray = self.other[:, max(0, target - RECENT_MONTHS) : target].mean(axis=1)
        return mean

    def recent_recurring(self, target: int) -> np.ndarray:
        window = self.recurring[:, max(0, target - RECENT_MONTHS) : target]
        median: np.ndarray = np.median(window, axis=1)
        return median


def build_balance_panel(history: BalanceHistory, months: list[date]) -> BalancePanel:
    persons = sorted(history.month_end["person_ref"].unique().to_list())
    balance = _matrix(
        history.month_end.filter(pl.col("has_all_balances")),
        persons,
        months,
        "closing_balance_paise",
        np.nan,
    )
    recurring = _matrix(history.flows, persons, months, "recurring_outflow_paise", 0.0)
    other = _matrix(history.flows, persons, months, "other_outflow_paise", 0.0)
    return BalancePanel(persons, months, balance, recurring, other)


def _matrix(
    frame: pl.DataFrame, persons: list[str], months: list[date], column: str, empty: float
) -> np.ndarray:
    matrix = np.full((len(persons), len(months)), empty)
    rows, cols = {p: i for i, p in enumerate(persons)}, {m: j for j, m in enumerate(months)}
    for person, month, value in frame.select("person_ref", "month_start", column).iter_rows():
        if person in rows and month in cols and value is not None:
            matrix[rows[person], cols[month]] = float(value)
    return matrix


def spend_by_person(components: pl.DataFrame, cut: date) -> pl.DataFrame:
    """(person_ref, period, spend_paise): the pooled model's non-recurring spend at ``cut``."""
    return (
        components.filter((pl.col("cut") == cut) & (pl.col("model") == PROPHET))
        .group_by("person_ref", "period")
        .agg(pl.col("nonrecurring_paise").sum().alias("spend_paise"))
    )


def backtest_balance(panel: BalancePanel, components: pl.DataFrame, target: int) -> pl.DataFrame:
    """Both models' month-end forecasts for ``target`` against the actual balance."""
    cut = panel.months[target]
    spend = _aligned(spend_by_person(components, cut), panel.persons, "spend_paise")
    start = panel.balance[:, target - 1]
    projected = start - panel.recent_recurring(target) - spend - panel.recent_other(target)
    truth = pl.DataFrame(
        {"person_ref": panel.persons, "actual_paise": panel.balance[:, target],
         "scale": panel.scale(target)},
        nan_to_null=True,
    )  # fmt: skip
    rows = pl.concat([
        truth.with_columns(
            pl.lit(model).alias("model"), pl.Series("forecast_paise", values, nan_to_null=True)
        )
        for model, values in ((PROPHET, projected), (SEASONAL_NAIVE, start))
    ]).drop_nulls(["actual_paise", "forecast_paise"])  # fmt: skip
    paise = rows.with_columns(pl.col("actual_paise", "forecast_paise").round(0).cast(pl.Int64))
    return scored(paise).with_columns(
        pl.concat_str(pl.lit("balance"), "person_ref", separator=":").alias("series"),
        pl.lit("balance").alias("series_kind"),
        pl.lit(cut).alias("origin"),
        pl.lit(cut).alias("period"),
    )


def _aligned(frame: pl.DataFrame, persons: list[str], column: str) -> np.ndarray:
    lookup = dict(frame.select("person_ref", column).iter_rows())
    return np.array([float(lookup.get(person, 0) or 0) for person in persons])
