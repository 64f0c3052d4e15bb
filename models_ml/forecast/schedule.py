"""Known future money movements: what fct_recurring expects, and mandate debits announced.

A recurring series repeats from its expected next date at its cadence (calendar months for
monthly, quarterly and yearly; its median interval for fixed cycles such as 28-day packs).
One already due but not yet seen (late, still active) is expected tomorrow: it is the debit a
shortfall warning matters most for. Mandate debits come from the app database's pre-debit
notifications (the payer has been told the date and amount); a recurring occurrence of the
same amount within a few days of one is the same debit and is dropped.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from datetime import date, timedelta

import polars as pl
from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

MATCH_DAYS = 3
MONTHS_PER_CADENCE = {"monthly": 1, "quarterly": 3, "yearly": 12}
MIN_CALENDAR_INTERVAL = {"monthly": 29.5, "quarterly": 88.0, "yearly": 0.0}
KNOWN_COLUMNS = [
    "person_ref",
    "debit_id",
    "source",
    "payee_name",
    "category",
    "direction",
    "due_on",
    "amount_paise",
]


def shift_months(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def occurrences(
    cadence: str, interval_days: float, first: date, as_of: date, until: date
) -> list[date]:
    """Dates in (as_of, until] the series is expected on; missed ones become one tomorrow."""
    dates, step, day = [], 0, first
    while day <= until:
        dates.append(day)
        step += 1
        if cadence in MONTHS_PER_CADENCE and interval_days >= MIN_CALENDAR_INTERVAL[cadence]:
            day = shift_months(first, step * MONTHS_PER_CADENCE[cadence])
        else:
            day = first + timedelta(days=step * max(1, round(interval_days or 7)))
    late = [day for day in dates if day <= as_of]
    due = [day for day in dates if day > as_of]
    return ([as_of + timedelta(days=1)] if late else []) + due


def recurring_flows(schedule: pl.DataFrame, as_of: date, until: date) -> pl.DataFrame:
    rows = []
    for series in schedule.iter_rows(named=True):
        for due in occurrences(
            series["cadence"],
            series["median_interval_days"],
            series["expected_next_on"],
            as_of,
            until,
        ):
            rows.append(
                (
                    series["person_ref"],
                    series["series_id"],
                    "recurring",
                    series["payee_name"],
                    series["category"],
                    series["direction"],
                    due,
                    series["expected_next_amount_paise"],
                )
            )
    return _known_frame(rows)


def mandate_debits(engine: Engine, as_of: date, until: date) -> pl.DataFrame:
    """Announced debits of active mandates due in (as_of, until]."""
    from payments.mandates.tables import mandates
    from payments.mandates.tables import pre_debit_notifications as notices

    query = (
        select(
            mandates.c.person_id,
            notices.c.notification_id,
            mandates.c.payee_name,
            mandates.c.category,
            notices.c.debit_date,
            notices.c.amount_paise,
        )
        .join(mandates, mandates.c.mandate_id == notices.c.mandate_id)
        .where(mandates.c.status == "active", notices.c.debit_date > as_of)
        .where(notices.c.debit_date <= until)
        .order_by(notices.c.notification_id)
    )
    with engine.connect() as conn:
        found = conn.execute(query).all()
    return _known_frame(
        [
            (person, notice, "mandate", payee, category, "debit", due, amount)
            for person, notice, payee, category, due, amount in found
        ]
    )


def known_until(schedule: pl.DataFrame, as_of: date, until: date) -> tuple[pl.DataFrame, str]:
    """fct_recurring's schedule and the announced mandate debits, and a note on the latter:
    the app database is optional here (the warehouse alone still gives a projection)."""
    from payments.db import app_engine

    recurring = recurring_flows(schedule, as_of, until)
    try:
        mandates = mandate_debits(app_engine(), as_of, until)
    except SQLAlchemyError as error:
        return known_flows(recurring, recurring.clear()), f"unavailable: {type(error).__name__}"
    return known_flows(recurring, mandates), f"{mandates.height} announced debits"


def known_flows(recurring: pl.DataFrame, mandates: pl.DataFrame) -> pl.DataFrame:
    """Both, a recurring debit matching an announced mandate debit dropped."""
    if mandates.height == 0:
        return recurring.sort("person_ref", "due_on", "debit_id")
    pairs = recurring.join(mandates, on=["person_ref", "amount_paise"], suffix="_mandate")
    same = (
        pairs.filter(
            (pl.col("direction") == "debit")
            & ((pl.col("due_on") - pl.col("due_on_mandate")).dt.total_days().abs() <= MATCH_DAYS)
        )
        .select("debit_id", "due_on")
        .unique()
    )
    kept = recurring.join(same, on=["debit_id", "due_on"], how="anti")
    return pl.concat([kept, mandates]).sort("person_ref", "due_on", "debit_id")


def _known_frame(rows: Sequence[tuple[object, ...]]) -> pl.DataFrame:
    schema = {
        "person_ref": pl.String,
        "debit_id": pl.String,
        "source": pl.String,
        "payee_name": pl.String,
        "category": pl.String,
        "direction": pl.String,
        "due_on": pl.Date,
        "amount_paise": pl.Int64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")
