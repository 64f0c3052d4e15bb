"""What the transaction endpoints answer: precise pydantic models, so the OpenAPI schema is exact.

Amounts are integer paise; ``amount_display`` is the same amount for people (``₹1,23,456.50``).
Times are UTC; ``business_date`` is the Asia/Kolkata date the bank booked it on.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from hisaab.money import format_inr

Direction = Literal["debit", "credit"]
CategorySource = Literal["rule", "model", "none", "correction"]
Source = Literal["statement", "sms", "aa"]


def utc(moment: datetime | None) -> datetime | None:
    """The marts store naive UTC; the API always says which zone a time is in."""
    return None if moment is None else moment.replace(tzinfo=UTC)


class Transaction(BaseModel):
    transaction_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    account_id: str
    bank: str
    occurred_at: datetime | None = Field(description="UTC; null when only a statement saw it")
    business_date: date
    financial_year: str = Field(examples=["FY2025-26"])
    direction: Direction
    amount_paise: int = Field(gt=0)
    amount_display: str = Field(examples=["₹1,23,456.50"])
    channel: str | None
    counterparty: str | None
    vpa: str | None
    merchant_id: str | None
    merchant_name: str | None
    category_id: str = Field(examples=["food_dining:delivery"])
    category_group: str = Field(examples=["food_dining"])
    category_source: CategorySource
    narration: str | None
    reference: str | None
    is_transfer: bool
    is_refund: bool
    is_recurring: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Transaction:
        from api.ledger.lineage import mask_account_numbers

        narration = row["narration"]
        values = {name: row[name] for name in cls.model_fields if name in row}
        return cls(
            **values
            | {
                "occurred_at": utc(row["occurred_at"]),
                "amount_display": format_inr(int(row["amount_paise"])),
                "narration": None
                if narration is None
                else mask_account_numbers(str(narration), row["reference"]),
            }
        )


class TransactionPage(BaseModel):
    items: list[Transaction]
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null at the end"
    )


class SourceRow(BaseModel):
    source: Source
    source_row_id: str
    match_method: str
    file_name: str
    file_hash: str
    line_no: int = Field(description="Line of the row in its file (1-based)")
    ingested_at: datetime
    occurred_at: datetime | None
    txn_date: date | None
    amount_paise: int
    direction: Direction
    reference: str | None
    raw_text: str | None = Field(description="The source's own text, account numbers masked")

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SourceRow:
        return cls(
            **row | {"ingested_at": utc(row["ingested_at"]), "occurred_at": utc(row["occurred_at"])}
        )


class TransactionDetail(Transaction):
    sources: list[SourceRow]


class CategoryCorrection(BaseModel):
    category: str = Field(min_length=1, max_length=64, examples=["food_dining:restaurants_cafes"])


class Category(BaseModel):
    category_id: str
    group: str
    name: str
    group_name: str
    kind: str
    is_spend: bool
