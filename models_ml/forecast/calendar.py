"""Months as IST business-date arithmetic, and the festivals that move Indian spending.

Forecasts are for calendar months (budgets and statements are), while the models fit days.
"""

from __future__ import annotations

import calendar as _calendar
import warnings
from datetime import date, timedelta
from functools import lru_cache

import pandas as pd

# Festival windows (days before, days after): online sales open about a month before Diwali,
# Holi shopping is the few days before it. Dates come from the `holidays` tables Prophet ships.
FESTIVAL_WINDOWS = {"Diwali": (-32, 3), "Holi": (-5, 0)}


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(first: date, months: int) -> date:
    """The first day of the month ``months`` after ``first``'s month."""
    year, month = divmod(first.year * 12 + first.month - 1 + months, 12)
    return date(year, month + 1, 1)


def month_end(day: date) -> date:
    return add_months(month_start(day), 1) - timedelta(days=1)


def days_in_month(day: date) -> int:
    return _calendar.monthrange(day.year, day.month)[1]


def months_between(first: date, last: date) -> list[date]:
    """Month starts from ``first``'s month to ``last``'s, both included."""
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def last_complete_month(as_of: date) -> date:
    """The latest month whose every day is on or before ``as_of``."""
    if as_of == month_end(as_of):
        return month_start(as_of)
    return add_months(month_start(as_of), -1)


def festival_holidays(first_year: int, last_year: int) -> pd.DataFrame:
    """Prophet's ``holidays`` frame for Diwali and Holi with their shopping windows, so a
    festive month lifts its own days instead of bending the trend."""
    return _festivals(first_year, last_year).copy()


@lru_cache(maxsize=8)
def _festivals(first_year: int, last_year: int) -> pd.DataFrame:
    """Building the country's holiday table takes seconds; a worker builds it once."""
    from prophet.make_holidays import make_holidays_df

    with warnings.catch_warnings():  # Prophet passes inplace= to pandas 3, which warns
        warnings.filterwarnings("ignore", message="The inplace keyword", module="prophet")
        table = make_holidays_df(list(range(first_year, last_year + 1)), "IN")
    table = table[table["holiday"].isin(list(FESTIVAL_WINDOWS))].copy()
    table["lower_window"] = table["holiday"].map(lambda name: FESTIVAL_WINDOWS[name][0])
    table["upper_window"] = table["holiday"].map(lambda name: FESTIVAL_WINDOWS[name][1])
    return table.reset_index(drop=True)
