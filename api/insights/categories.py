"""Spend by category over a range of months: each group, its categories, and its monthly trend.

The same rows as the monthly view (``marts.fct_spend_monthly``), so the groups of a one-month
range add up to that month's spend exactly.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from api.insights.cashflow import SPEND_AMOUNTS, by_group, spend_by_group_and_month, spend_rows
from api.insights.cashflow_schemas import (
    CategoryBreakdown,
    CategorySpend,
    GroupBreakdown,
    MonthSpend,
)
from api.insights.periods import months_between, pct
from hisaab.serving import PublishedMarts


def breakdown(
    marts: PublishedMarts, person_ref: str, first: date, last: date, as_of: date
) -> CategoryBreakdown:
    """Groups largest first over ``first``..``last`` (months), with categories and the trend."""
    rows = spend_rows(marts, person_ref, first, last)
    trend = spend_by_group_and_month(rows)
    months = months_between(first, last)
    groups = [
        GroupBreakdown(
            **group.model_dump(),
            categories=_categories(
                [r for r in rows if r["category_group"] == group.category_group]
            ),
            monthly=[
                MonthSpend.model_validate(
                    {"month": month, "spend_paise": trend[group.category_group].get(month, 0)}
                )
                for month in months
            ],
        )
        for group in by_group(rows)
    ]
    return CategoryBreakdown.model_validate(
        {
            "from_month": first,
            "to_month": last,
            "as_of_date": as_of,
            "spend_paise": sum(group.spend_paise for group in groups),
            "groups": groups,
        }
    )


def _categories(rows: list[dict[str, Any]]) -> list[CategorySpend]:
    """One group's rows summed per category, largest first, each with its share of the group."""
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        category = found.setdefault(
            row["category_id"],
            dict.fromkeys(SPEND_AMOUNTS, 0)
            | {"category_id": row["category_id"], "category_name": row["category_name"]},
        )
        for name in SPEND_AMOUNTS:
            category[name] += int(row[name])
    total = sum(category["spend_paise"] for category in found.values())
    ordered = sorted(found.values(), key=lambda c: (-c["spend_paise"], c["category_id"]))
    return [CategorySpend(**c, share_pct=pct(c["spend_paise"], total)) for c in ordered]
