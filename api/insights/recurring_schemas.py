"""What the recurring-payment and upcoming-debit insights answer (exact models for OpenAPI)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from api.insights.priced import Priced

RecurringKind = Literal[
    "subscription", "emi", "credit_card_bill", "sip", "investment", "rent", "salary",
    "interest", "income", "insurance", "utility", "fee", "transfer", "p2p", "other",
]  # fmt: skip
Cadence = Literal["weekly", "monthly", "quarterly", "yearly"]
Direction = Literal["debit", "credit"]


class PriceChange(Priced):
    changed_on: date
    before_paise: int
    before_display: str
    after_paise: int
    after_display: str


class RecurringSeries(Priced):
    series_id: str
    kind: RecurringKind = Field(description="Read from the category of the latest payment")
    payee_name: str | None = Field(description="As the bank printed it, account numbers masked")
    merchant_id: str | None
    account_id: str
    direction: Direction
    category_id: str | None
    category_group: str | None
    cadence: Cadence
    amount_kind: Literal["fixed", "variable"] | None
    typical_amount_paise: int = Field(description="Median amount")
    typical_amount_display: str
    last_amount_paise: int
    last_amount_display: str
    first_seen_on: date
    last_seen_on: date
    occurrences: int = Field(ge=0)
    expected_next_on: date
    expected_next_amount_paise: int
    expected_next_amount_display: str
    price_changes: int = Field(ge=0)
    latest_price_change: PriceChange | None
    is_overdue: bool = Field(description="The expected payment is later than usual")
    missed_occurrences: int = Field(ge=0)
    is_active: bool = Field(description="False once a second expected payment has gone by")


class RecurringList(BaseModel):
    as_of_date: date | None = Field(description="The day the series were computed for")
    items: list[RecurringSeries] = Field(description="Active first, then by next expected date")


class UpcomingDebit(Priced):
    debit_id: str = Field(description="The series id, or the pre-debit notification's id")
    source: Literal["recurring", "mandate"]
    series_id: str | None
    mandate_id: str | None
    kind: RecurringKind | None = Field(description="For a recurring payment")
    payee_name: str | None
    category: str | None = Field(
        description="Category group of a recurring payment; a mandate's UPI category"
    )
    due_on: date = Field(description="IST date; a late recurring payment is expected tomorrow")
    amount_paise: int
    amount_display: str
    is_overdue: bool = Field(description="A recurring payment already later than expected")
    projected_balance_before_paise: int | None = Field(
        description="The balance forecast for the evening before (model output, when present)"
    )
    projected_balance_before_display: str | None
    is_shortfall: bool | None = Field(description="The projected balance will not cover it")


class ActiveMandate(Priced):
    mandate_id: str
    payee_name: str
    amount_paise: int
    amount_display: str
    amount_rule: Literal["max", "exact"]
    frequency: str = Field(examples=["monthly"])
    validity_start: date
    validity_end: date
    category: str = Field(description="UPI payment category")
    next_debit_on: date | None = Field(description="The announced debit in the window, if any")


class Upcoming(Priced):
    as_of_date: date = Field(description="Latest business date in the ledger; the window's eve")
    until: date = Field(description="Last day of the window")
    days: int
    total_paise: int
    total_display: str
    items: list[UpcomingDebit] = Field(description="By due date")
    active_mandates: list[ActiveMandate]
    balance_model_version: str | None = Field(
        description="The balance forecast behind projected_balance_before_paise"
    )
