"""The person's spend forecast per category group and projected month-end balance.

Both come from the model refresh (``ml.spend_forecasts``, ``ml.balance_forecasts``) with the
model version that produced them. Before the first refresh the lists are empty and the versions
null. Optional columns are read only when the published table has them, so an older model's
output still serves (with nulls) instead of failing.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from api.insights.forecast_schemas import (
    BalanceForecastMonth,
    Forecast,
    GroupForecast,
    SpendForecastMonth,
)
from api.insights.periods import columns, read
from hisaab.serving import PublishedMarts

SPEND = "ml.spend_forecasts"
BALANCE = "ml.balance_forecasts"
SPEND_REQUIRED = ("category_group", "period", "forecast_paise")
SPEND_OPTIONAL = (
    "recurring_paise", "nonrecurring_paise", "model", "mase", "baseline_mase",
    "model_version", "as_of_date",
)  # fmt: skip
BALANCE_REQUIRED = ("month", "projected_month_end_balance_paise")
BALANCE_OPTIONAL = (
    "start_balance_paise", "known_credits_paise", "known_debits_paise", "spend_forecast_paise",
    "model", "mase", "model_version", "as_of_date",
)  # fmt: skip


def forecast(marts: PublishedMarts, person_ref: str, months: int) -> Forecast:
    """The first ``months`` forecast months of each kind."""
    spend = _rows(marts, SPEND, SPEND_REQUIRED, SPEND_OPTIONAL, "period", person_ref)
    balance = _rows(marts, BALANCE, BALANCE_REQUIRED, BALANCE_OPTIONAL, "month", person_ref)
    spend_months = sorted({row["period"] for row in spend})[:months]
    names = _group_names(marts) if spend else {}
    return Forecast(
        as_of_date=_first(spend + balance, "as_of_date"),
        spend_model_version=_first(spend, "model_version"),
        balance_model_version=_first(balance, "model_version"),
        spend=[
            _spend_month(m, [r for r in spend if r["period"] == m], names) for m in spend_months
        ],
        balance=[BalanceForecastMonth(**row) for row in balance[:months]],
    )


def _rows(
    marts: PublishedMarts,
    table: str,
    required: Sequence[str],
    optional: Sequence[str],
    order: str,
    person_ref: str,
) -> list[dict[str, Any]]:
    """The person's rows, optional columns that the table lacks read as null."""
    present = columns(marts, table)
    if not present.issuperset({"person_ref", *required}):
        return []  # not published yet (or not a shape this API knows)
    selected = [*required, *(c if c in present else f"null as {c}" for c in optional)]
    sql = f"select {', '.join(selected)} from {table} where person_ref = :person_ref"
    return marts.rows(f"{sql} order by {order}", {"person_ref": person_ref})


def _spend_month(
    month: date, rows: list[dict[str, Any]], names: dict[str, str]
) -> SpendForecastMonth:
    groups = [
        GroupForecast(**row, group_name=names.get(row["category_group"], row["category_group"]))
        for row in sorted(rows, key=lambda r: (-r["forecast_paise"], r["category_group"]))
    ]
    total = sum(group.forecast_paise for group in groups)
    return SpendForecastMonth.model_validate(
        {"month": month, "forecast_paise": total, "groups": groups}
    )


def _group_names(marts: PublishedMarts) -> dict[str, str]:
    sql = "select distinct category, group_name from marts.dim_categories"
    rows = read(marts, "marts.dim_categories", sql, {})
    return {str(row["category"]): str(row["group_name"]) for row in rows}


def _first(rows: list[dict[str, Any]], column: str) -> Any:
    return next((row[column] for row in rows if row[column] is not None), None)
