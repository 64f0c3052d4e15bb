"""The Indian calendar's rhythm: weekends, salary days and festival peaks (Diwali, Holi).

Festival dates move with the lunar calendar, so they are a table; a year missing from it simply
has no festival peak.
"""

from __future__ import annotations

import numpy as np

from hisaab.festivals import FESTIVALS
from sandbox.generator.common import FloatArray, IntArray, day_number, weekday

# (festival, first day offset, last day offset, multiplier) windows around each festival day.
PROFILES: dict[str, tuple[tuple[str, int, int, float], ...]] = {
    "none": (),
    # Online sales (Big Billion Days, Great Indian Festival) open a month before Diwali.
    "shopping": (("diwali", -32, -24, 2.2), ("diwali", -14, 0, 2.6), ("diwali", 1, 3, 1.3)),
    "groceries": (("diwali", -7, 0, 1.6), ("holi", -2, 0, 1.4)),
    "festive": (("diwali", -16, 1, 30.0), ("holi", -4, 0, 8.0)),
    "p2p": (("diwali", -3, 1, 1.8), ("holi", -1, 0, 1.4)),
    "travel": (("diwali", -10, -2, 2.5), ("holi", -5, -1, 1.8)),
}


def festival_multiplier(days: IntArray, profile: str) -> FloatArray:
    multiplier = np.ones(days.size)
    for festival, first, last, factor in PROFILES[profile]:
        for day in FESTIVALS[festival].values():
            centre = day_number(day)
            inside = (days >= centre + first) & (days <= centre + last)
            multiplier[inside] *= factor
    return multiplier


def weekly_multiplier(days: IntArray, weekend_factor: float) -> FloatArray:
    """Weekend days ``weekend_factor`` times a weekday, keeping the weekly total unchanged."""
    weekday_level = 7.0 / (5.0 + 2.0 * weekend_factor)
    return np.where(weekday(days) >= 5, weekend_factor * weekday_level, weekday_level)


def is_weekend(days: IntArray) -> np.ndarray:
    return weekday(days) >= 5


def first_working_day(firsts: IntArray) -> IntArray:
    days = firsts.copy()
    while is_weekend(days).any():
        days = days + is_weekend(days)
    return days


def last_working_day(firsts: IntArray, lengths: IntArray) -> IntArray:
    days = firsts + lengths - 1
    while is_weekend(days).any():
        days = days - is_weekend(days)
    return days
