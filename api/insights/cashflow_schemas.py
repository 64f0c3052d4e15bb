"""What the cash-flow insights answer (month, financial year, categories): exact models, so the
OpenAPI schema is exact. Amounts are integer paise with their display string; spend may be
negative in a month when refunds of earlier purchases outweigh that month's spending."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

from api.insights.priced import Priced

MonthStart = Annotated[date, Field(description="First day of the calendar month")]


class Cashflow(Priced):
    income_paise: int = Field(
        description="Credits that are not own-account transfers, refunds or investments sold"
    )
    income_display: str
    spend_paise: int = Field(
        description="Debits in spend categories less their refunds; own-account transfers,"
        " investments and P2P payments are not spend"
    )
    spend_display: str
    investments_paise: int = Field(description="Invested less redeemed")
    investments_display: str
    other_outflows_paise: int = Field(
        description="P2P payments, uncategorized debits, refunds with no purchase to net against"
    )
    other_outflows_display: str
    net_cashflow_paise: int = Field(description="income - spend - investments - other outflows")
    net_cashflow_display: str
    savings_paise: int = Field(
        description="income - spend - other outflows: what was kept, investments included"
    )
    savings_display: str
    savings_rate_pct: float | None = Field(
        description="savings / income in %, one decimal; null without income"
    )
    transaction_count: int = Field(ge=0)


class GroupSpend(Priced):
    category_group: str = Field(examples=["food_dining"])
    group_name: str = Field(examples=["Food & dining"])
    spend_paise: int
    spend_display: str
    gross_spend_paise: int
    gross_spend_display: str
    refunds_paise: int
    refunds_display: str
    share_pct: float | None = Field(description="Share of the period's spend in %, one decimal")
    transaction_count: int = Field(ge=0)


class MonthFigures(Cashflow):
    month: MonthStart
    financial_year: str = Field(examples=["FY2025-26"])


class MonthlyInsight(MonthFigures):
    as_of_date: date = Field(description="Latest business date in the ledger")
    opening_balance_paise: int | None = Field(description="Across accounts with a known balance")
    opening_balance_display: str | None
    closing_balance_paise: int | None
    closing_balance_display: str | None
    has_all_balances: bool = Field(description="Every account active in the month has a balance")
    groups: list[GroupSpend] = Field(description="Spend by category group, largest first")


class FinancialYearInsight(Cashflow):
    financial_year: str = Field(examples=["FY2025-26"])
    starts_on: date
    ends_on: date
    as_of_date: date = Field(description="Latest business date in the ledger")
    months: list[MonthFigures] = Field(description="April onwards, up to the ledger's month")
    groups: list[GroupSpend] = Field(description="Spend by category group, largest first")


class CategorySpend(Priced):
    category_id: str = Field(examples=["food_dining:delivery"])
    category_name: str
    spend_paise: int
    spend_display: str
    gross_spend_paise: int
    gross_spend_display: str
    refunds_paise: int
    refunds_display: str
    share_pct: float | None = Field(description="Share of its group's spend in %, one decimal")
    transaction_count: int = Field(ge=0)


class MonthSpend(Priced):
    month: MonthStart
    spend_paise: int
    spend_display: str


class GroupBreakdown(GroupSpend):
    categories: list[CategorySpend] = Field(description="The group's categories, largest first")
    monthly: list[MonthSpend] = Field(description="Every month of the range, zero included")


class CategoryBreakdown(Priced):
    from_month: MonthStart
    to_month: MonthStart
    as_of_date: date = Field(description="Latest business date in the ledger")
    spend_paise: int
    spend_display: str
    groups: list[GroupBreakdown] = Field(description="Largest first")
