"""The festive seasons analysts compare spending against.

Festival dates follow the lunar calendar, so they are a table (Diwali and Holi as observed in
India). The Diwali season runs from the online festive sales and Navratri, about a month before
Lakshmi Puja, to Bhai Dooj a few days after; Holi's is the few days of shopping before it. A
year missing here simply has no festive days.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from hisaab.festivals import DIWALI, HOLI

# (days before, days after) the festival day.
DIWALI_SEASON = (32, 3)
HOLI_SEASON = (4, 0)


def festive_days() -> set[date]:
    days: set[date] = set()
    for calendar, (before, after) in ((DIWALI, DIWALI_SEASON), (HOLI, HOLI_SEASON)):
        for day in calendar.values():
            days.update(day + timedelta(days=offset) for offset in range(-before, after + 1))
    return days


def festival_windows(days: pl.Series) -> pl.DataFrame:
    """``business_date`` and ``is_festive`` for each of ``days``."""
    festive = sorted(festive_days())
    return pl.DataFrame({"business_date": days}).with_columns(
        is_festive=pl.col("business_date").is_in(festive)
    )
