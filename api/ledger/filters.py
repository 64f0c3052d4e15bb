"""What a ledger listing can be narrowed by, and the SQL that does it.

Every filter is a bound parameter (never text pasted into SQL); the category filter applies to
the category a person sees, which is their own correction when they made one.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Literal

from hisaab.app_data import taxonomy

Direction = Literal["debit", "credit"]
UNCATEGORIZED = "uncategorized"


class FilterError(ValueError):
    """Filters that contradict each other or name nothing that exists."""


@dataclass(frozen=True)
class TransactionFilters:
    date_from: date | None = None  # business dates, Asia/Kolkata, both ends included
    date_to: date | None = None
    account_id: str | None = None
    category: str | None = None  # a category id (`food_dining:delivery`) or a group (`food_dining`)
    merchant_id: str | None = None
    min_amount_paise: int | None = None
    max_amount_paise: int | None = None
    q: str | None = None
    direction: Direction | None = None

    def digest_parts(self) -> list[object]:
        return [getattr(self, field.name) for field in fields(self)]


def category_groups() -> frozenset[str]:
    """Group ids (``food_dining``): the part of each category id before its colon."""
    return frozenset(category.split(":", 1)[0] for category in taxonomy().categories)


def validate(filters: TransactionFilters) -> None:
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise FilterError(f"from ({filters.date_from}) is after to ({filters.date_to})")
    low, high = filters.min_amount_paise, filters.max_amount_paise
    if low is not None and high is not None and low > high:
        raise FilterError(f"min_amount_paise ({low}) is more than max_amount_paise ({high})")
    known = taxonomy().categories | category_groups() | {UNCATEGORIZED}
    if filters.category is not None and filters.category not in known:
        raise FilterError(f"unknown category or group {filters.category!r}")


def where_clause(filters: TransactionFilters) -> tuple[str, dict[str, Any]]:
    """SQL conditions over the ``ledger`` CTE of `api.ledger.query`, and their parameters."""
    conditions, params = ["true"], {}
    simple = {
        "date_from": "business_date >= :date_from",
        "date_to": "business_date <= :date_to",
        "account_id": "account_id = :account_id",
        "merchant_id": "merchant_id = :merchant_id",
        "min_amount_paise": "amount_paise >= :min_amount_paise",
        "max_amount_paise": "amount_paise <= :max_amount_paise",
        "direction": "direction = :direction",
    }
    for name, condition in simple.items():
        if getattr(filters, name) is not None:
            conditions.append(condition)
            params[name] = getattr(filters, name)
    if filters.category is not None:
        column = "category_id" if ":" in filters.category else "category_group"
        conditions.append(f"{column} = :category")
        params["category"] = filters.category
    if filters.q:
        conditions.append("search_text like :q escape '!'")
        params["q"] = "%" + _escape_like(filters.q.strip().lower()) + "%"
    return " and ".join(conditions), params


def _escape_like(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
