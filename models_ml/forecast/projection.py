"""The real balance projection: a daily path from today's balance to the end of the horizon.

Each day adds the known flows due that day (fct_recurring's schedule, mandate debits) and
takes away a month's forecast non-recurring spend and usual other outflows spread evenly over
its days. Month-ends are read off the path; so is the balance the evening before each known
automatic debit (EMIs, insurance premiums, SIPs, mandates), which is what a shortfall warning
compares with the amount about to be taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property

import numpy as np
import polars as pl

from models_ml.forecast.calendar import days_in_month, month_end

AUTO_DEBIT_GROUPS = ("emi_loans", "insurance", "investments")
LOOKAHEAD_DAYS = 35


@dataclass(frozen=True)
class Path:
    persons: list[str]
    days: list[date]  # as_of + 1 ... the horizon's last day
    start: np.ndarray  # balance at the end of as_of, paise
    known: np.ndarray  # persons x days: known credits - debits
    spend: np.ndarray  # persons x days: forecast non-recurring spend
    other: np.ndarray  # persons x days: other non-recurring net outflow

    @cached_property
    def closing(self) -> np.ndarray:
        """Balance at the end of each day."""
        closing: np.ndarray = self.start[:, None] + np.cumsum(
            self.known - self.spend - self.other, axis=1
        )
        return closing

    def before(self, row: int, day: date) -> float:
        """Balance at the end of the day before ``day``."""
        column = (day - self.days[0]).days
        return float(self.start[row]) if column <= 0 else float(self.closing[row, column - 1])


def build_path(
    start: dict[str, float], spend: pl.DataFrame, other: dict[str, float],
    known: pl.DataFrame, as_of: date, until: date,
) -> Path:  # fmt: skip
    """``spend``: (person_ref, period, spend_paise) whole-month forecasts; ``other``: usual
    monthly other outflow per person; ``known``: schedule.KNOWN_COLUMNS rows."""
    persons = sorted(start)
    days = [as_of + timedelta(days=k) for k in range(1, (until - as_of).days + 1)]
    share = np.array([1.0 / days_in_month(day) for day in days])
    monthly = dict(
        ((person, period), float(value))
        for person, period, value in spend.select("person_ref", "period", "spend_paise").iter_rows()
    )
    spend_days = [[monthly.get((p, d.replace(day=1)), 0.0) for d in days] for p in persons]
    other_days = np.array([other.get(person, 0.0) for person in persons])[:, None] * share
    starts = np.array([start[person] for person in persons])
    known_days = _known_by_day(known, persons, days)
    return Path(persons, days, starts, known_days, np.array(spend_days) * share, other_days)


def _known_by_day(known: pl.DataFrame, persons: list[str], days: list[date]) -> np.ndarray:
    """persons x days: credits less debits due that day."""
    by_day = np.zeros((len(persons), len(days)))
    rows = {person: i for i, person in enumerate(persons)}
    flows = known.select("person_ref", "direction", "due_on", "amount_paise").iter_rows()
    for person, direction, due, amount in flows:
        if person in rows and days and days[0] <= due <= days[-1]:
            sign = 1.0 if direction == "credit" else -1.0
            by_day[rows[person], (due - days[0]).days] += sign * amount
    return by_day


def month_ends(path: Path, periods: list[date]) -> pl.DataFrame:
    """Per person and month: the projected closing balance and what moved it."""
    closing = path.closing
    frames = []
    for period in periods:
        inside = np.array([day.replace(day=1) == period for day in path.days])
        last = (min(month_end(period), path.days[-1]) - path.days[0]).days
        frames.append(
            pl.DataFrame(
                {
                    "person_ref": path.persons,
                    "month": [period] * len(path.persons),
                    "start_balance_paise": _paise(path.start),
                    "known_credits_paise": _paise(
                        np.clip(path.known[:, inside], 0, None).sum(axis=1)
                    ),
                    "known_debits_paise": _paise(
                        -np.clip(path.known[:, inside], None, 0).sum(axis=1)
                    ),
                    "spend_forecast_paise": _paise(path.spend[:, inside].sum(axis=1)),
                    "other_flows_paise": _paise(path.other[:, inside].sum(axis=1)),
                    "cashflow_projection_paise": _paise(closing[:, last]),
                }
            )
        )
    return pl.concat(frames)


def upcoming_debits(path: Path, known: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Automatic debits due in the next ``LOOKAHEAD_DAYS`` days with the balance expected the
    evening before; ``is_shortfall`` when that will not cover the amount."""
    debits = known.filter(
        (pl.col("direction") == "debit")
        & ((pl.col("source") == "mandate") | pl.col("category").is_in(AUTO_DEBIT_GROUPS))
        & (pl.col("due_on") <= as_of + timedelta(days=LOOKAHEAD_DAYS))
        & pl.col("person_ref").is_in(path.persons)
    )
    rows = {person: i for i, person in enumerate(path.persons)}
    before = [
        path.before(rows[p], due) for p, due in debits.select("person_ref", "due_on").iter_rows()
    ]
    return debits.with_columns(
        pl.Series("projected_balance_before_paise", _paise(np.array(before)), dtype=pl.Int64)
    ).with_columns(
        (pl.col("projected_balance_before_paise") < pl.col("amount_paise")).alias("is_shortfall")
    )


def _paise(values: np.ndarray) -> list[int]:
    return [int(v) for v in np.floor(values + 0.5)]
