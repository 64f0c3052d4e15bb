"""What people set in the app, written where the marts read it: budgets and category corrections.

The API (its own issue) will own an app database and copy these rows into the warehouse; until
then `hisaab budget` and `hisaab recategorize` write the warehouse's ``raw.app_*`` tables (the
contract in `ingestion.raw_schema`) directly, and the next `hisaab pipeline run` builds
``marts.fct_budget_status`` and the corrected ``marts.fct_ledger`` from them.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Literal

import polars as pl

from hisaab.settings import WarehouseLocation
from hisaab.warehouse import WarehouseNotBuilt, query
from ingestion.load import upsert
from ingestion.warehouse import open_warehouse, table_schema

CATEGORIES_SEED = Path(__file__).resolve().parents[1] / "dbt" / "seeds" / "categories.csv"
_TRANSACTION_ID = re.compile(r"^[0-9a-f]{32}$")
Scope = Literal["category", "group"]


class AppDataError(ValueError):
    """A budget or correction that cannot be recorded, with a reason a person can act on."""


@dataclass(frozen=True)
class Taxonomy:
    categories: frozenset[str]  # 'food_dining:delivery'
    groups: frozenset[str]  # 'food_dining'

    def scope_of(self, name: str) -> Scope:
        if name in self.categories:
            return "category"
        if name in self.groups:
            return "group"
        raise AppDataError(f"unknown category or group {name!r}: see dbt/seeds/categories.csv")


@cache
def taxonomy(seed: Path = CATEGORIES_SEED) -> Taxonomy:
    """Category ids (``group:leaf``) and their group ids from the taxonomy seed."""
    with seed.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))[1:]
    ids = frozenset(row[0] for row in rows if row and row[0] != "uncategorized")
    # A group's id is the part of its categories' ids before the colon ('food_dining').
    groups = frozenset(category.split(":", 1)[0] for category in ids if ":" in category)
    return Taxonomy(ids, groups - ids)


def set_budget(
    location: WarehouseLocation,
    person_ref: str,
    category: str,
    monthly_limit_paise: int,
    *,
    rollover: bool = False,
    starts_on: date,
    ends_on: date | None = None,
) -> str:
    """Create or replace the person's monthly budget for a category or group; its id."""
    if not person_ref.strip():
        raise AppDataError("a budget needs the person it belongs to (--person)")
    if monthly_limit_paise <= 0:
        raise AppDataError("a monthly budget must be more than ₹0")
    if ends_on is not None and ends_on < starts_on:
        raise AppDataError(f"the budget ends ({ends_on}) before it starts ({starts_on})")
    scope = taxonomy().scope_of(category)
    budget_id = _id("budget", person_ref, category)
    row = {
        "budget_id": budget_id,
        "person_ref": person_ref,
        "scope": scope,
        "category": category,
        "monthly_limit_paise": monthly_limit_paise,
        "rollover": rollover,
        "starts_on": starts_on.replace(day=1),
        "ends_on": ends_on,
        "updated_at": _now(),
        "is_deleted": False,
    }
    _upsert(location, "app_budgets", row, "budget_id")
    return budget_id


def remove_budget(location: WarehouseLocation, person_ref: str, category: str) -> bool:
    """Mark the person's budget for ``category`` deleted; False when there was none."""
    budget_id = _id("budget", person_ref, category)
    stored = _stored(location, "app_budgets", "budget_id", budget_id)
    if stored is None or stored["is_deleted"]:
        return False
    _upsert(
        location, "app_budgets", {**stored, "is_deleted": True, "updated_at": _now()}, "budget_id"
    )
    return True


def budgets(location: WarehouseLocation, person_ref: str | None = None) -> list[dict[str, object]]:
    """Live budgets, by person and category."""
    with open_warehouse(location) as warehouse:
        rows = warehouse.read(
            "select person_ref, category, scope, monthly_limit_paise, rollover, starts_on, ends_on"
            " from raw.app_budgets where not is_deleted order by person_ref, category"
        )
    if person_ref is not None:
        rows = rows.filter(pl.col("person_ref") == person_ref)
    return rows.to_dicts()


def correct_category(location: WarehouseLocation, transaction_id: str, category_id: str) -> str:
    """Record the person's category for one transaction (and, through the ledger's rules, for
    their other payments to the same merchant); returns the person it belongs to."""
    if not _TRANSACTION_ID.match(transaction_id):
        raise AppDataError(f"{transaction_id!r} is not a transaction id (32 hex digits)")
    if taxonomy().scope_of(category_id) != "category":
        raise AppDataError(f"{category_id!r} is a group: choose one of its categories")
    person_ref = _owner(location, transaction_id)
    row = {
        "correction_id": _id("correction", person_ref, transaction_id),
        "person_ref": person_ref,
        "transaction_id": transaction_id,
        "category_id": category_id,
        "corrected_at": _now(),
    }
    _upsert(location, "app_category_corrections", row, "correction_id")
    return person_ref


def _owner(location: WarehouseLocation, transaction_id: str) -> str:
    for table in ("marts.fct_ledger", "marts.fct_transactions"):
        try:
            rows = query(
                location,
                f"select person_ref from {table} where transaction_id = '{transaction_id}'",
            )
        except WarehouseNotBuilt:
            continue
        if rows:
            return str(rows[0][0])
        break
    raise AppDataError(
        f"no transaction {transaction_id} in the ledger (run `hisaab pipeline run` first?)"
    )


def _stored(
    location: WarehouseLocation, table: str, key: str, value: str
) -> dict[str, object] | None:
    with open_warehouse(location) as warehouse:
        rows = warehouse.read(f"select * from raw.{table} where {key} = '{value}'")
    return rows.row(0, named=True) if rows.height else None


def _upsert(location: WarehouseLocation, table: str, row: dict[str, object], key: str) -> None:
    frame = pl.DataFrame([row], schema=table_schema(table), orient="row")
    with open_warehouse(location) as warehouse:
        upsert(warehouse, table, frame, key)


def _id(kind: str, *parts: str) -> str:
    return hashlib.md5("\x1f".join((kind, *parts)).encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
