"""The calendar insights are asked in, and reading tables that may not be published yet.

Insights are computed as of the ledger's latest business date (as dbt's ``insights_as_of``):
statements arrive days late, so the wall clock would show a month that is only half loaded.
Months are calendar months; the Indian financial year runs April to March (``FY2025-26``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from api.budgets.status import as_of_date
from api.errors import ApiError
from api.ledger.snapshot import has_table
from hisaab.serving import PublishedMarts

IST = ZoneInfo("Asia/Kolkata")
# Years 1000-2999 only: every match is a real date (year 0000 would not be).
MONTH_PATTERN = r"^[12]\d{3}-(0[1-9]|1[0-2])$"
# FY<start>-<the next year's last two digits>, spelled out so that only real years match.
_NEXT_YEARS = "|".join(f"{year:02d}-{(year + 1) % 100:02d}" for year in range(100))
FY_PATTERN = f"^FY[12][0-9](?:{_NEXT_YEARS})$"
DEFAULT_MONTHS = 12
_FY = re.compile(r"^FY(?P<start>\d{4})-(?P<end>\d{2})$")


class PeriodNotCovered(ApiError):
    """A period after the ledger's latest day: its figures do not exist yet (404, not 422: the
    request is well formed, the resource is what is missing)."""

    def __init__(self, what: str, as_of: date, since: date | None = None) -> None:
        detail = f"the ledger ends on {as_of}: no figures for {what} yet"
        if since is not None:
            detail = f"the ledger runs from {since} to {as_of}: no figures for {what}"
        super().__init__(404, "period-not-covered", "Period not covered", detail)


def ledger_as_of(marts: PublishedMarts) -> date:
    """The ledger's latest business date; today (IST) while the ledger is still empty."""
    return as_of_date(marts) or datetime.now(IST).date()


def ledger_span(marts: PublishedMarts) -> tuple[date, date]:
    """The ledger's first and latest business dates (today and today while it is empty)."""
    as_of = ledger_as_of(marts)
    first = marts.scalar("select min(business_date) from marts.fct_ledger")
    return (first if isinstance(first, date) else as_of), as_of


def month_start(text: str) -> date:
    """``2025-07`` → 1 July 2025 (the text already matched ``MONTH_PATTERN``)."""
    return date.fromisoformat(f"{text}-01")


def add_months(month: date, count: int) -> date:
    year, index = divmod(month.year * 12 + month.month - 1 + count, 12)
    return date(year, index + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month start from ``first`` to ``last``, both included."""
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def month_range(
    first: str | None, last: str | None, ledger: tuple[date, date]
) -> tuple[date, date]:
    """``from``..``to`` (``YYYY-MM``) as month starts, within the ledger's first and last days.

    Default: the twelve months up to the ledger's. A range reaching past either end of the
    ledger is served for the months it has (the response says which); one entirely outside it
    is `PeriodNotCovered`; ``from`` after ``to`` is a 422 problem.
    """
    earliest, as_of = ledger[0].replace(day=1), ledger[1].replace(day=1)
    asked_end = month_start(last) if last else as_of
    asked_start = month_start(first) if first else add_months(asked_end, -(DEFAULT_MONTHS - 1))
    if asked_start > asked_end:
        raise ApiError(
            422,
            "invalid-range",
            "Invalid range",
            f"from ({asked_start:%Y-%m}) is after to ({asked_end:%Y-%m})",
        )
    start, end = max(asked_start, earliest), min(asked_end, as_of)
    if start > end:
        raise PeriodNotCovered(f"{asked_start:%Y-%m} to {asked_end:%Y-%m}", ledger[1], ledger[0])
    return start, end


def fy_of(day: date) -> str:
    """The Indian financial year ``day`` falls in: 15 Jan 2026 → ``FY2025-26``."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"FY{start}-{(start + 1) % 100:02d}"


def fy_start(label: str) -> date:
    """``FY2025-26`` → 1 April 2025; a 422 problem when the two years do not follow."""
    match = _FY.match(label)
    start = int(match["start"]) if match else 0
    if not match or (start + 1) % 100 != int(match["end"]):
        raise ApiError(
            422,
            "invalid-financial-year",
            "Invalid financial year",
            f"{label!r} is not a financial year: write FY<start year>-<next year's last two"
            " digits>, e.g. FY2025-26",
        )
    return date(start, 4, 1)


def not_after(month: date, as_of: date, what: str) -> None:
    """Refuse a month that begins after the ledger's latest day."""
    if month > as_of:
        raise PeriodNotCovered(what, as_of)


def read(
    marts: PublishedMarts, table: str, sql: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """``marts.rows(sql)`` when ``table`` (``schema.name``) is published, else no rows."""
    schema, name = table.split(".", 1)
    return marts.rows(sql, params) if has_table(marts, schema, name) else []


def columns(marts: PublishedMarts, table: str) -> frozenset[str]:
    """The columns ``table`` has in the published snapshot (none when it is not there)."""
    schema, name = table.split(".", 1)
    rows = marts.rows(
        "select column_name from information_schema.columns"
        " where table_schema = :schema and table_name = :name",
        {"schema": schema, "name": name},
    )
    return frozenset(str(row["column_name"]) for row in rows)


def pct(part: int, whole: int) -> float | None:
    """``part`` / ``whole`` in %, one decimal rounded half up in integers; None if whole <= 0."""
    if whole <= 0:
        return None
    return (2000 * part + whole) // (2 * whole) / 10
