"""How a budget stands in a month: limit (with rollover), spent, % used, days left, projection.

``marts.fct_budget_status`` is the answer once the pipeline has seen the budget. A budget
created or changed since then is measured here on the published ledger with the same rules
(debits in scope, less refunds, transfers excluded; rollover carries every earlier month's
limit minus spend), so a person sees real numbers the moment they set one.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import Any

from api.ledger.snapshot import has_table
from hisaab.serving import PublishedMarts

_MART_SQL = """
select month_start, monthly_limit_paise, is_rollover, carried_over_paise, limit_paise,
    spent_paise, transaction_count
from marts.fct_budget_status
where budget_id = :budget_id and person_ref = :person_ref and month_start = :month
"""
_LEDGER_SQL = """
select month_start,
    coalesce(sum(case when direction = 'debit' then amount_paise
        when is_refund then -amount_paise else 0 end), 0) as spent_paise,
    count(*) as transaction_count
from marts.fct_ledger
where person_ref = :person_ref and not is_transfer
    and month_start >= :first and month_start <= :month and {scope_column} = :category
group by month_start
"""


def as_of_date(marts: PublishedMarts) -> date | None:
    """The day insights are computed for: the ledger's latest business date (as dbt's
    ``insights_as_of_date``): statements arrive late, so "today" would undercount."""
    value = marts.scalar("select max(business_date) from marts.fct_ledger")
    return value if isinstance(value, date) else None


def month_status(
    marts: PublishedMarts, budget: dict[str, Any], month: date, as_of: date
) -> dict[str, Any]:
    """The budget's numbers for ``month`` (the first of a month the budget covers)."""
    stored = marts.rows(_MART_SQL, _keys(budget) | {"month": month})
    fresh = stored and stored[0]["monthly_limit_paise"] == budget["monthly_limit_paise"]
    fresh = fresh and stored[0]["is_rollover"] == budget["rollover"]
    figures = (
        dict(stored[0]) | {"computed_from": "marts"}
        if fresh
        else _from_ledger(marts, budget, month)
    )
    return _finish(figures, month, as_of) | {
        "projected_month_end_paise": _projection(marts, budget, month)
    }


def _from_ledger(marts: PublishedMarts, budget: dict[str, Any], month: date) -> dict[str, Any]:
    column = "category_id" if budget["scope"] == "category" else "category"
    params = {
        "person_ref": budget["person_ref"],
        "first": budget["starts_on"],
        "month": month,
        "category": budget["category"],
    }
    by_month = {
        row["month_start"]: row
        for row in marts.rows(_LEDGER_SQL.format(scope_column=column), params)
    }
    monthly, carried = int(budget["monthly_limit_paise"]), 0
    cursor = budget["starts_on"]
    while cursor < month:
        spent = int(by_month.get(cursor, {}).get("spent_paise", 0))
        carried += monthly - spent if budget["rollover"] else 0
        cursor = next_month(cursor)
    this = by_month.get(month, {})
    return {
        "monthly_limit_paise": monthly,
        "carried_over_paise": carried,
        "limit_paise": monthly + carried,
        "spent_paise": int(this.get("spent_paise", 0)),
        "transaction_count": int(this.get("transaction_count", 0)),
        "computed_from": "ledger",
    }


def _finish(figures: dict[str, Any], month: date, as_of: date) -> dict[str, Any]:
    limit, spent = int(figures["limit_paise"]), int(figures["spent_paise"])
    month_end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    return {
        "month": month,
        "monthly_limit_paise": int(figures["monthly_limit_paise"]),
        "carried_over_paise": int(figures["carried_over_paise"]),
        "limit_paise": limit,
        "spent_paise": spent,
        "remaining_paise": limit - spent,
        # Half up to one decimal in integers, as the mart rounds it (no float on the way).
        "pct_used": (2000 * spent + limit) // (2 * limit) / 10 if limit > 0 else None,
        "days_left": 0 if month_end < as_of else (month_end - max(as_of, month)).days + 1,
        "status": "exceeded" if spent >= limit else "warning" if spent * 5 >= limit * 4 else "ok",
        "transaction_count": int(figures["transaction_count"]),
        "as_of_date": as_of,
        "computed_from": figures["computed_from"],
    }


def _projection(marts: PublishedMarts, budget: dict[str, Any], month: date) -> int | None:
    """Projected month-end spend: the model's per-budget projection, else the group's forecast."""
    if has_table(marts, "ml", "budget_projections"):
        value = marts.scalar(
            "select projected_paise from ml.budget_projections"
            " where budget_id = :budget_id and person_ref = :person_ref and month_start = :month",
            _keys(budget) | {"month": month},
        )
        if value is not None:
            return int(value)
    if budget["scope"] != "group" or not has_table(marts, "ml", "spend_forecasts"):
        return None
    value = marts.scalar(
        "select forecast_paise from ml.spend_forecasts"
        " where person_ref = :person_ref and category_group = :category and period = :month",
        {"person_ref": budget["person_ref"], "category": budget["category"], "month": month},
    )
    return None if value is None else int(value)


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _keys(budget: dict[str, Any]) -> dict[str, Any]:
    return {"budget_id": budget["budget_id"], "person_ref": budget["person_ref"]}
