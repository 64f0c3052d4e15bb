"""What an analyst narrows every page to, and the SQL conditions that apply it.

Filters are plain values (hashable, so they key the cache) and turn into SQL conditions with
``:name`` parameters that run on DuckDB and PostgreSQL alike. An empty selection means "all".
Demographics come from ``marts.dim_people``; a person it does not know (or a warehouse built
before it existed) counts as ``unknown``, so narrowing to a real tier never invents people.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

UNKNOWN = "unknown"
PeriodKind = Literal["all", "month", "fy"]


@dataclass(frozen=True)
class Condition:
    """A boolean SQL expression and the parameters it binds."""

    sql: str = "true"
    params: dict[str, object] = field(default_factory=dict)

    def __and__(self, other: Condition) -> Condition:
        if other.sql == "true":
            return self
        if self.sql == "true":
            return other
        return Condition(f"({self.sql}) and ({other.sql})", {**self.params, **other.params})


@dataclass(frozen=True)
class Filters:
    """The sidebar's choices; ``period`` is ``2025-04`` for a month or ``FY2025-26`` for a year."""

    period_kind: PeriodKind = "all"
    period: str | None = None
    banks: tuple[str, ...] = ()
    city_tiers: tuple[str, ...] = ()
    age_bands: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def bounds(self) -> tuple[date, date] | None:
        """The period as ``[start, end)`` business dates; ``None`` for all time."""
        if self.period_kind == "all" or not self.period:
            return None
        if self.period_kind == "month":
            year, month = (int(part) for part in self.period.split("-"))
            start = date(year, month, 1)
            return start, date(year + month // 12, month % 12 + 1, 1)
        first_year = int(self.period.removeprefix("FY")[:4])
        return date(first_year, 4, 1), date(first_year + 1, 4, 1)


def _in_list(column: str, name: str, values: tuple[str, ...]) -> Condition:
    params = {f"{name}_{index}": value for index, value in enumerate(values)}
    placeholders = ", ".join(f":{key}" for key in params)
    return Condition(f"{column} in ({placeholders})", dict(params))


def period_condition(filters: Filters, column: str) -> Condition:
    bounds = filters.bounds()
    if bounds is None:
        return Condition()
    return Condition(
        f"{column} >= :period_start and {column} < :period_end",
        {"period_start": bounds[0], "period_end": bounds[1]},
    )


def category_condition(filters: Filters, column: str) -> Condition:
    """Categories are groups (``groceries``); a leaf id (``groceries:quick_commerce``) matches its
    group, so budgets set on a leaf follow the group filter."""
    if not filters.categories:
        return Condition()
    return _in_list(f"split_part({column}, ':', 1)", "category", filters.categories)


def bank_condition(filters: Filters, column: str, *, via: str = "row") -> Condition:
    """``via='row'``: the row carries the bank; ``'account'``: an account id; ``'person'``: keep
    people holding an account at one of the banks."""
    if not filters.banks:
        return Condition()
    if via == "row":
        return _in_list(column, "bank", filters.banks)
    inner = _in_list("bank", "bank", filters.banks)
    key = "account_id" if via == "account" else "person_ref"
    subquery = f"select {key} from marts.dim_accounts where {inner.sql}"
    return Condition(f"{column} in ({subquery})", inner.params)


def people_condition(filters: Filters, column: str, *, has_dim_people: bool) -> Condition:
    """City tier and age band, with people missing from ``dim_people`` as ``unknown``."""
    condition = Condition()
    for name, expression, chosen in (
        ("tier", f"coalesce(cast(city_tier as varchar), '{UNKNOWN}')", filters.city_tiers),
        ("age", f"coalesce(age_band, '{UNKNOWN}')", filters.age_bands),
    ):
        if not chosen:
            continue
        if not has_dim_people:
            condition &= Condition("true" if UNKNOWN in chosen else "false")
            continue
        inside = _in_list(expression, name, chosen)
        people = "select person_ref from marts.dim_people where"
        if UNKNOWN in chosen:  # absent people are unknown: exclude only the known others
            sql = f"{column} not in ({people} not ({inside.sql}))"
        else:
            sql = f"{column} in ({people} {inside.sql})"
        condition &= Condition(sql, inside.params)
    return condition
