"""The choices the sidebar offers, read from the snapshot so they only name what exists."""

from __future__ import annotations

from dataclasses import dataclass

from dashboards.data.source import ledger_relation
from dashboards.filters import UNKNOWN
from hisaab.serving import PublishedMarts


@dataclass(frozen=True)
class Options:
    months: tuple[str, ...]  # '2025-04', newest first
    financial_years: tuple[str, ...]  # 'FY2025-26', newest first
    banks: tuple[str, ...]
    city_tiers: tuple[str, ...]  # '1'..'3' and 'unknown'
    age_bands: tuple[str, ...]
    categories: tuple[str, ...]


def _column(marts: PublishedMarts, sql: str) -> tuple[str, ...]:
    return tuple(str(next(iter(row.values()))) for row in marts.rows(sql))


def filter_options(marts: PublishedMarts, present: frozenset[str]) -> Options:
    ledger = ledger_relation(present)
    months = marts.rows(f"select distinct month_start from {ledger} order by 1 desc")
    tiers: tuple[str, ...] = (UNKNOWN,)
    ages: tuple[str, ...] = (UNKNOWN,)
    if "marts.dim_people" in present:
        tiers = _column(
            marts,
            "select distinct coalesce(cast(city_tier as varchar), 'unknown')"
            " from marts.dim_people order by 1",
        )
        ages = _column(
            marts, "select distinct coalesce(age_band, 'unknown') from marts.dim_people order by 1"
        )
        tiers = tuple(dict.fromkeys((*tiers, UNKNOWN)))  # people missing from it are unknown
        ages = tuple(dict.fromkeys((*ages, UNKNOWN)))
    return Options(
        months=tuple(row["month_start"].strftime("%Y-%m") for row in months),
        financial_years=_column(
            marts, f"select distinct financial_year from {ledger} order by 1 desc"
        ),
        banks=_column(marts, "select distinct bank from marts.dim_accounts order by 1"),
        city_tiers=tiers,
        age_bands=ages,
        categories=_column(marts, "select distinct category from marts.dim_categories order by 1"),
    )
