"""Creating, reading, changing and removing a person's budgets in the app database.

The taxonomy comes from `hisaab.app_data` (the CLI's source of truth); a budget names either a
category (``food_dining:delivery``) or a group (``food_dining``), and a person has at most one
live budget per category or group.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Engine, select, update
from sqlalchemy.exc import IntegrityError

from api.audit import record
from api.budgets.tables import budgets
from hisaab.app_data import Scope, taxonomy

MAX_LIMIT_PAISE = 10**13  # ₹1,000 crore a month: beyond any household budget


class BudgetError(ValueError):
    """A budget that cannot be stored, with a reason a person can act on."""


class DuplicateBudget(BudgetError):
    """The person already has a live budget for this category or group."""


@dataclass(frozen=True)
class BudgetChange:
    monthly_limit_paise: int
    rollover: bool
    starts_on: date
    ends_on: date | None


def scope_of(category: str) -> Scope:
    categories = taxonomy().categories
    if category in categories:
        return "category"
    if category in {name.split(":", 1)[0] for name in categories}:
        return "group"
    raise BudgetError(f"unknown category or group {category!r}: see GET /api/v1/categories")


def check(change: BudgetChange) -> BudgetChange:
    """The change with ``starts_on`` moved to the first of its month, or `BudgetError`."""
    if not 0 < change.monthly_limit_paise <= MAX_LIMIT_PAISE:
        raise BudgetError("a monthly budget must be more than ₹0 and at most ₹1,000 crore")
    starts_on = change.starts_on.replace(day=1)
    if change.ends_on is not None and change.ends_on < starts_on:
        raise BudgetError(f"the budget ends ({change.ends_on}) before it starts ({starts_on})")
    return BudgetChange(change.monthly_limit_paise, change.rollover, starts_on, change.ends_on)


def create(
    engine: Engine, person_id: str, person_ref: str, category: str, change: BudgetChange
) -> dict[str, Any]:
    scope, change = scope_of(category), check(change)
    row = {
        "budget_id": uuid.uuid4().hex,
        "person_ref": person_ref,
        "scope": scope,
        "category": category,
    }
    row |= _values(change)
    duplicate = DuplicateBudget(f"there is already a budget for {category!r}: change that one")
    try:
        with engine.begin() as conn:
            if _live(conn, person_ref, category=category):
                raise duplicate
            conn.execute(budgets.insert().values(**row))
            record(
                conn,
                "budget.created",
                person_id=person_id,
                budget_id=row["budget_id"],
                category=category,
                monthly_limit_paise=change.monthly_limit_paise,
            )
    except IntegrityError as exc:  # a concurrent create won the unique index
        raise duplicate from exc
    return row


def live(engine: Engine, person_ref: str, budget_id: str | None = None) -> list[dict[str, Any]]:
    """The person's live budgets (or the one with ``budget_id``), by category."""
    with engine.connect() as conn:
        return _live(conn, person_ref, budget_id=budget_id)


def change(
    engine: Engine, person_id: str, stored: dict[str, Any], new: BudgetChange
) -> dict[str, Any]:
    values = _values(check(new))
    with engine.begin() as conn:
        conn.execute(
            update(budgets).where(budgets.c.budget_id == stored["budget_id"]).values(**values)
        )
        record(
            conn,
            "budget.changed",
            person_id=person_id,
            budget_id=stored["budget_id"],
            monthly_limit_paise=new.monthly_limit_paise,
        )
    return stored | values


def remove(engine: Engine, person_id: str, budget_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(budgets)
            .where(budgets.c.budget_id == budget_id)
            .values(is_deleted=True, updated_at=datetime.now(UTC))
        )
        record(conn, "budget.removed", person_id=person_id, budget_id=budget_id)


def _values(change: BudgetChange) -> dict[str, Any]:
    return {
        "monthly_limit_paise": change.monthly_limit_paise,
        "rollover": change.rollover,
        "starts_on": change.starts_on,
        "ends_on": change.ends_on,
        "updated_at": datetime.now(UTC),
        "is_deleted": False,
    }


def _live(
    conn: Connection, person_ref: str, *, budget_id: str | None = None, category: str | None = None
) -> list[dict[str, Any]]:
    query = select(budgets).where(
        budgets.c.person_ref == person_ref, budgets.c.is_deleted.is_(False)
    )
    if budget_id is not None:
        query = query.where(budgets.c.budget_id == budget_id)
    if category is not None:
        query = query.where(budgets.c.category == category)
    return [dict(row._mapping) for row in conn.execute(query.order_by(budgets.c.category))]
