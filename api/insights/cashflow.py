"""A person's money in a month or a financial year: income, spend, savings, spend by group.

Read from ``marts.fct_cashflow_monthly`` and ``marts.fct_spend_monthly``, whose rules decide
what counts: own-account transfers are never spend (``fct_ledger_flows`` puts them in their own
flow), refunds net off the category of their purchase. The marts are per calendar month, so a
financial year is the sum of its months and the two views always agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from api.insights.cashflow_schemas import (
    FinancialYearInsight,
    GroupSpend,
    MonthFigures,
    MonthlyInsight,
)
from api.insights.periods import add_months, fy_of, fy_start, months_between, not_after, pct, read
from hisaab.serving import PublishedMarts

FLOWS = ("income_paise", "spend_paise", "investments_paise", "other_outflows_paise")
COUNTED = (*FLOWS, "net_cashflow_paise", "transaction_count")
SPEND_AMOUNTS = ("spend_paise", "gross_spend_paise", "refunds_paise", "transaction_count")

_CASHFLOW_SQL = """
select month_start, income_paise, spend_paise, investments_paise, other_outflows_paise,
    net_cashflow_paise, transaction_count, opening_balance_paise, closing_balance_paise,
    has_all_balances
from marts.fct_cashflow_monthly
where person_ref = :person_ref and month_start between :first and :last
"""
_SPEND_SQL = """
select s.month_start, s.category_id,
    coalesce(s.category, split_part(s.category_id, ':', 1)) as category_group,
    coalesce(c.category_name, s.category_id) as category_name,
    coalesce(c.group_name, s.category, s.category_id) as group_name,
    s.spend_paise, s.gross_spend_paise, s.refunds_paise, s.transaction_count
from marts.fct_spend_monthly as s
left join marts.dim_categories as c on s.category_id = c.category_id
where s.person_ref = :person_ref and s.month_start between :first and :last
order by s.month_start, s.category_id
"""


def cashflow_by_month(
    marts: PublishedMarts, person_ref: str, first: date, last: date
) -> dict[date, dict[str, Any]]:
    params = {"person_ref": person_ref, "first": first, "last": last}
    rows = read(marts, "marts.fct_cashflow_monthly", _CASHFLOW_SQL, params)
    return {row["month_start"]: row for row in rows}


def spend_rows(
    marts: PublishedMarts, person_ref: str, first: date, last: date
) -> list[dict[str, Any]]:
    params = {"person_ref": person_ref, "first": first, "last": last}
    return read(marts, "marts.fct_spend_monthly", _SPEND_SQL, params)


def figures(rows: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The summed flows of some months, with savings and the savings rate."""
    totals = dict.fromkeys(COUNTED, 0)
    for row in rows:
        for name in COUNTED:
            totals[name] += int(row[name] or 0)
    savings = totals["income_paise"] - totals["spend_paise"] - totals["other_outflows_paise"]
    return totals | {
        "savings_paise": savings,
        "savings_rate_pct": pct(savings, totals["income_paise"]),
    }


def by_group(rows: Iterable[dict[str, Any]]) -> list[GroupSpend]:
    """Spend rows summed per category group, largest first, each with its share."""
    groups: dict[str, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(
            row["category_group"],
            dict.fromkeys(SPEND_AMOUNTS, 0)
            | {"category_group": row["category_group"], "group_name": row["group_name"]},
        )
        for name in SPEND_AMOUNTS:
            group[name] += int(row[name])
    total = sum(group["spend_paise"] for group in groups.values())
    ordered = sorted(groups.values(), key=lambda g: (-g["spend_paise"], g["category_group"]))
    return [GroupSpend(**group, share_pct=pct(group["spend_paise"], total)) for group in ordered]


def monthly(marts: PublishedMarts, person_ref: str, month: date, as_of: date) -> MonthlyInsight:
    """The month's figures; a month with no activity is all zeros."""
    not_after(month, as_of, f"{month:%Y-%m}")
    row = cashflow_by_month(marts, person_ref, month, month).get(month)
    balances = {
        "opening_balance_paise": row["opening_balance_paise"] if row else None,
        "closing_balance_paise": row["closing_balance_paise"] if row else None,
        "has_all_balances": bool(row["has_all_balances"]) if row else False,
    }
    return MonthlyInsight(
        **figures([row] if row else []) | balances,
        month=month,
        financial_year=fy_of(month),
        as_of_date=as_of,
        groups=by_group(spend_rows(marts, person_ref, month, month)),
    )


def financial_year(
    marts: PublishedMarts, person_ref: str, label: str, as_of: date
) -> FinancialYearInsight:
    """The year's totals and its months from April up to the ledger's month."""
    starts_on = fy_start(label)
    not_after(starts_on, as_of, label)
    last = min(add_months(starts_on, 11), as_of.replace(day=1))
    by_month = cashflow_by_month(marts, person_ref, starts_on, last)
    months = [
        MonthFigures(
            **figures([by_month[m]] if m in by_month else []), month=m, financial_year=label
        )
        for m in months_between(starts_on, last)
    ]
    return FinancialYearInsight(
        **figures(by_month.values()),
        financial_year=label,
        starts_on=starts_on,
        ends_on=date(starts_on.year + 1, 3, 31),
        as_of_date=as_of,
        months=months,
        groups=by_group(spend_rows(marts, person_ref, starts_on, last)),
    )


def spend_by_group_and_month(rows: Iterable[dict[str, Any]]) -> dict[str, dict[date, int]]:
    """category_group → month → spend, for the monthly trend."""
    trend: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        trend[row["category_group"]][row["month_start"]] += int(row["spend_paise"])
    return trend
