"""Shared plumbing of the generator: the period, seeded random streams and day arithmetic.

Days are integers counted from 1970-01-01 and times are seconds since the same origin on the
India Standard Time clock: people and banks live by IST, so events are planned in it and UTC
appears only when the ground truth is written.
"""

from __future__ import annotations

import calendar
import zlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

EPOCH = date(1970, 1, 1)
SECONDS_PER_DAY = 86_400
IST_OFFSET_SECONDS = 19_800


def stream(seed: int, name: str) -> np.random.Generator:
    """An independent random stream per stage, so changing one stage never reshuffles another."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def day_number(day: date) -> int:
    return (day - EPOCH).days


def to_date(day: int) -> date:
    return EPOCH + timedelta(days=int(day))


def weekday(days: IntArray) -> IntArray:
    """Monday = 0 … Sunday = 6 (1970-01-01 was a Thursday)."""
    return (days + 3) % 7


def add_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def unique_random(rng: np.random.Generator, prefix: IntArray, digits: int) -> IntArray:
    """``prefix * 10**digits + random``, redrawing the random part until every value is distinct."""
    scale = 10**digits
    values: IntArray = prefix * scale + rng.integers(0, scale, prefix.size, dtype=np.int64)
    while True:
        order = np.argsort(values, kind="stable")
        ordered = values[order]
        repeated = np.sort(order[1:][ordered[1:] == ordered[:-1]])
        if repeated.size == 0:
            return values
        values[repeated] = prefix[repeated] * scale + rng.integers(0, scale, repeated.size)


@dataclass(frozen=True)
class Period:
    """The statement period: ``months`` calendar months from ``start`` (inclusive of both ends)."""

    start: date
    months: int

    @property
    def end(self) -> date:
        return add_months(self.start, self.months) - timedelta(days=1)

    @property
    def start_day(self) -> int:
        return day_number(self.start)

    @property
    def end_day(self) -> int:
        return day_number(self.end)

    @property
    def days(self) -> IntArray:
        return np.arange(self.start_day, self.end_day + 1, dtype=np.int64)

    def month_firsts(self) -> IntArray:
        """First day of every calendar month the period touches."""
        first = self.start.replace(day=1)
        count = (self.end.year - first.year) * 12 + self.end.month - first.month + 1
        return np.array([day_number(add_months(first, k)) for k in range(count)], dtype=np.int64)

    def month_lengths(self) -> IntArray:
        firsts = self.month_firsts()
        after = day_number(add_months(to_date(int(firsts[-1])), 1))
        return np.diff(np.append(firsts, after))

    def quarters(self) -> list[tuple[int, int]]:
        """``(first day, last day)`` of each Indian-FY quarter that ends inside the period."""
        ends = []
        for first, length in zip(self.month_firsts(), self.month_lengths(), strict=True):
            last = int(first + length - 1)
            if to_date(last).month % 3 == 0 and self.start_day <= last <= self.end_day:
                ends.append((day_number(add_months(to_date(int(first)), -2)), last))
        return ends

    def contains(self, days: IntArray) -> BoolArray:
        return (days >= self.start_day) & (days <= self.end_day)
