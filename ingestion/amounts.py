"""Vectorized readers for the two things every source prints as text: rupee amounts and dates.

Amounts become exact integer paise by splitting the text at the decimal point; the value never
passes through a float (`hisaab.money.parse_rupees` is the scalar twin of `paise`).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

_RUPEES = r"^\d{1,16}(?:\.\d{1,2})?$"
_SIGNED_RUPEES = r"^-?\d{1,16}(?:\.\d{1,2})?$"


def paise(text: pl.Expr, *, signed: bool = False) -> pl.Expr:
    """``"1,02,340.5"`` → ``10234050``; null when the text is not a rupee amount.

    Grouping commas (Indian or western) are ignored. A leading minus is accepted only when
    ``signed`` (balances can be overdrawn; a withdrawal of a negative amount is a broken row).
    The text is checked against a strict pattern (at most two decimals), then read as a fixed-point
    decimal, which is exact: no float is involved.
    """
    cleaned = text.str.strip_chars().str.replace_all(",", "", literal=True)
    readable = cleaned.str.contains(_SIGNED_RUPEES if signed else _RUPEES)
    exact = cleaned.cast(pl.Decimal(20, 2), strict=False) * 100
    return pl.when(readable).then(exact.cast(pl.Int64, strict=False))


def parse_date(text: pl.Expr, formats: Sequence[str]) -> pl.Expr:
    """The first of ``formats`` that reads the text as a real calendar date, else null."""
    cleaned = text.str.strip_chars()
    attempts = [cleaned.str.strptime(pl.Date, fmt, strict=False) for fmt in formats]
    return pl.coalesce(attempts) if len(attempts) > 1 else attempts[0]


def parse_utc_timestamp(text: pl.Expr) -> pl.Expr:
    """ISO 8601 with an offset (``+05:30`` or ``Z``) → naive UTC; null without an offset."""
    aware = text.str.strip_chars().str.to_datetime("%+", strict=False, time_zone="UTC")
    return aware.dt.replace_time_zone(None).dt.cast_time_unit("us")


def ist_date(utc_timestamp: pl.Expr) -> pl.Expr:
    """The Asia/Kolkata business date of a naive UTC timestamp."""
    local = utc_timestamp.dt.replace_time_zone("UTC").dt.convert_time_zone("Asia/Kolkata")
    return local.dt.date()
