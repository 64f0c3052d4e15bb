"""Budget requests and answers. Limits are integer paise; ``*_display`` strings are for people."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.budgets.store import MAX_LIMIT_PAISE
from hisaab.money import format_inr

LimitPaise = Field(gt=0, le=MAX_LIMIT_PAISE, examples=[800000])


class NewBudget(BaseModel):
    category: str = Field(min_length=1, max_length=64, examples=["food_dining"])
    monthly_limit_paise: int = LimitPaise
    rollover: bool = False
    starts_on: date | None = Field(None, description="Default: the current month (IST)")
    ends_on: date | None = None


class BudgetPatch(BaseModel):
    monthly_limit_paise: int | None = Field(None, gt=0, le=MAX_LIMIT_PAISE)
    rollover: bool | None = None
    starts_on: date | None = None
    ends_on: date | None = Field(None, description="null removes the end date")


class Budget(BaseModel):
    budget_id: str
    category: str
    scope: Literal["category", "group"]
    monthly_limit_paise: int
    monthly_limit_display: str
    rollover: bool
    starts_on: date
    ends_on: date | None
    updated_at: datetime

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Budget:
        display = format_inr(int(row["monthly_limit_paise"]))
        return cls(
            **{name: row[name] for name in cls.model_fields if name in row},
            monthly_limit_display=display,
        )


class BudgetStatus(BaseModel):
    budget_id: str
    category: str
    scope: Literal["category", "group"]
    month: date = Field(description="First day of the month")
    monthly_limit_paise: int
    carried_over_paise: int = Field(description="Rollover from earlier months (may be negative)")
    limit_paise: int
    spent_paise: int = Field(description="Debits in scope less refunds; transfers excluded")
    remaining_paise: int
    spent_display: str
    limit_display: str
    pct_used: float | None = Field(
        description="Spent / limit in %, one decimal; null if limit <= 0"
    )
    days_left: int = Field(ge=0)
    status: Literal["ok", "warning", "exceeded"]
    transaction_count: int
    projected_month_end_paise: int | None
    as_of_date: date = Field(description="Latest business date in the ledger")
    computed_from: Literal["marts", "ledger"]

    @classmethod
    def from_parts(cls, budget: dict[str, Any], figures: dict[str, Any]) -> BudgetStatus:
        return cls(
            budget_id=budget["budget_id"],
            category=budget["category"],
            scope=budget["scope"],
            spent_display=format_inr(int(figures["spent_paise"])),
            limit_display=format_inr(int(figures["limit_paise"])),
            **figures,
        )
