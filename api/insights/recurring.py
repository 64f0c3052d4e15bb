"""A person's recurring payments (``marts.fct_recurring``), each named by the kind people use.

The kind comes from the category of the series' latest payment: the categorizer already knows
an EMI from a SIP from a streaming subscription, so the API only gives it the everyday word.
Payee names are the bank's own text, which can carry an account number (interest credits
print one): those keep their last four digits only, as everywhere in the API.
"""

from __future__ import annotations

from typing import Any

from api.insights.periods import read
from api.insights.recurring_schemas import (
    PriceChange,
    RecurringKind,
    RecurringList,
    RecurringSeries,
)
from api.ledger.lineage import mask_account_numbers
from hisaab.serving import PublishedMarts

KIND_BY_CATEGORY: dict[str, RecurringKind] = {
    "emi_loans:emi": "emi",
    "emi_loans:credit_card_bill": "credit_card_bill",
    "investments:mutual_funds": "sip",
    "income:salary": "salary",
    "income:interest": "interest",
}
KIND_BY_GROUP: dict[str, RecurringKind] = {
    "subscriptions": "subscription",
    "investments": "investment",
    "rent": "rent",
    "income": "income",
    "insurance": "insurance",
    "bills_utilities": "utility",
    "fees_charges": "fee",
    "transfers": "transfer",
    "p2p": "p2p",
    "emi_loans": "emi",
}

_SQL = """
select series_id, account_id, merchant_id, payee_name, direction, category_id,
    category as category_group, cadence, amount_kind, typical_amount_paise, last_amount_paise,
    first_seen_on, last_seen_on, occurrences, expected_next_on, expected_next_amount_paise,
    price_changes, price_changed_on, price_before_change_paise, price_after_change_paise,
    is_overdue, missed_occurrences, is_active, as_of_date
from marts.fct_recurring
where person_ref = :person_ref {condition}
order by is_active desc, expected_next_on, series_id
"""


def kind_of(category_id: str | None) -> RecurringKind:
    category = category_id or ""
    return KIND_BY_CATEGORY.get(category) or KIND_BY_GROUP.get(category.split(":")[0], "other")


def recurring(marts: PublishedMarts, person_ref: str, active: bool | None) -> RecurringList:
    """The person's series (only the active or inactive ones when ``active`` says so)."""
    condition, params = "", dict[str, Any](person_ref=person_ref)
    if active is not None:
        condition, params["active"] = "and is_active = :active", active
    rows = read(marts, "marts.fct_recurring", _SQL.format(condition=condition), params)
    return RecurringList(
        as_of_date=rows[0]["as_of_date"] if rows else None,
        items=[series(row) for row in rows],
    )


def series(row: dict[str, Any]) -> RecurringSeries:
    change = None
    if row["price_changed_on"] is not None and row["price_after_change_paise"] is not None:
        change = PriceChange.model_validate(
            {
                "changed_on": row["price_changed_on"],
                "before_paise": row["price_before_change_paise"],
                "after_paise": row["price_after_change_paise"],
            }
        )
    payee = row["payee_name"]
    fields = {name: row[name] for name in RecurringSeries.model_fields if name in row}
    return RecurringSeries(
        **fields
        | {
            "kind": kind_of(row["category_id"]),
            "payee_name": None if payee is None else mask_account_numbers(str(payee)),
            "price_changes": int(row["price_changes"] or 0),
            "missed_occurrences": int(row["missed_occurrences"] or 0),
            "latest_price_change": change,
        }
    )
