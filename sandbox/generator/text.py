"""Vectorised text for the edges: rupee amounts, Indian digit grouping, dates in bank styles.

Amounts stay integer paise until here; these expressions print them without any float.
Dates and clock times are looked up in small tables (one row per day or second of the day)
instead of being formatted row by row: statements print the same few hundred dates a million
times.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import polars as pl
from polars.expr.whenthen import ChainedThen, Then

from hisaab.money import group_indian

FIRST_DAY = 7_305  # 1990-01-01; days before it or after LAST_DAY cannot be printed
LAST_DAY = 40_000  # 2079-07-07


@cache
def _two_digits() -> pl.Series:
    return pl.Series([f"{n:02d}" for n in range(100)])


@cache
def _three_digits() -> pl.Series:
    return pl.Series([f"{n:03d}" for n in range(1000)])


@cache
def _day_table(pattern: str, upper: bool) -> pl.Series:
    days = pl.int_range(FIRST_DAY, LAST_DAY, eager=True).cast(pl.Int32).cast(pl.Date)
    text = days.dt.strftime(pattern)
    return text.str.to_uppercase() if upper else text


@cache
def _clock_table(pattern: str) -> pl.Series:
    seconds = pl.int_range(0, 86_400, eager=True)
    return pl.from_epoch(seconds, time_unit="s").dt.strftime(pattern)


def rupees(paise: pl.Expr) -> pl.Expr:
    """``123450`` → ``"1234.50"``."""
    return pl.concat_str(
        [(paise // 100).cast(pl.String), pl.lit("."), pl.lit(_two_digits()).gather(paise % 100)]
    )


def indian_digits(number: pl.Expr) -> pl.Expr:
    """``12345678`` → ``"1,23,45,678"`` for 0 ≤ number < 10¹³: pairs, then the last three."""
    two = pl.lit(_two_digits())
    fixed = pl.concat_str(
        [two.gather(number // 10**power % 100) for power in (11, 9, 7, 5, 3)]
        + [pl.lit(_three_digits()).gather(number % 1000)],
        separator=",",
    )
    return (
        pl.when(number < 1000)
        .then(number.cast(pl.String))
        .otherwise(fixed.str.strip_chars_start("0,"))
    )


def grouped_rupees(paise: pl.Expr) -> pl.Expr:
    """``12345678`` → ``"1,23,456.78"``."""
    return pl.concat_str(
        [indian_digits(paise // 100), pl.lit("."), pl.lit(_two_digits()).gather(paise % 100)]
    )


def day_text(day: pl.Expr, pattern: str, *, upper: bool = False) -> pl.Expr:
    """A day number printed with a chrono/strftime pattern (``%-d`` drops the leading zero)."""
    return pl.lit(_day_table(pattern, upper)).gather(day - FIRST_DAY)


def clock_text(seconds: pl.Expr, pattern: str) -> pl.Expr:
    """The clock time of a timestamp in seconds (``%H:%M:%S``-style patterns only)."""
    return pl.lit(_clock_table(pattern)).gather(seconds % 86_400)


def timestamp_text(seconds: pl.Expr, offset: str) -> pl.Expr:
    """ISO 8601: ``2025-04-01T09:12:33`` followed by ``offset`` (``+05:30`` or ``Z``)."""
    return pl.concat_str(
        [
            day_text(seconds // 86_400, "%Y-%m-%d"),
            pl.lit("T"),
            clock_text(seconds, "%H:%M:%S"),
            pl.lit(offset),
        ]
    )


def cases(subject: pl.Expr, rules: Iterable[tuple[object, pl.Expr]], default: pl.Expr) -> pl.Expr:
    """The expression of the rule whose value ``subject`` has, else ``default``."""
    chain: Then | ChainedThen | None = None
    for value, expr in rules:
        condition = subject == value
        chain = pl.when(condition).then(expr) if chain is None else chain.when(condition).then(expr)
    return default if chain is None else chain.otherwise(default)


def csv_quoted(text: pl.Expr) -> pl.Expr:
    return pl.concat_str([pl.lit('"'), text, pl.lit('"')])


def csv_row(columns: list[pl.Expr]) -> pl.Expr:
    """One CSV line; missing cells print empty so every row keeps the header's width."""
    return pl.concat_str([column.fill_null("") for column in columns], separator=",")


def plain_rupees(paise: int) -> str:
    """One amount, for preambles and footers: ``123450`` → ``"1234.50"``."""
    return f"{paise // 100}.{paise % 100:02d}"


def grouped_rupees_text(paise: int) -> str:
    """One amount with Indian grouping: ``12345678`` → ``"1,23,456.78"``."""
    return f"{group_indian(paise // 100)}.{paise % 100:02d}"
