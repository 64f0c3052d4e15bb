"""What the anomaly insights answer and accept (exact models for OpenAPI).

A person answers in their own words, ``fraud`` or ``expected``; the feedback store calls the
first ``suspicious`` (the word analysts use), and this API translates both ways.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.insights.priced import Priced

PersonVerdict = Literal["fraud", "expected"]
Severity = Literal["low", "medium", "high"]
TransactionIdField = Field(pattern=r"^[0-9a-f]{32}$")


class AnomalyReason(BaseModel):
    source: Literal["model", "rule"]
    rule: str | None = Field(description="The rule that fired (rules only)")
    severity: Severity | None = Field(description="The rule's severity (rules only)")
    reason: str = Field(description="Worded for the person; account numbers masked")


class Anomaly(Priced):
    transaction_id: str = TransactionIdField
    business_date: date
    direction: Literal["debit", "credit"] | None
    amount_paise: int
    amount_display: str
    payee_name: str | None
    score: float | None = Field(description="The model's score, 0 to 1, when it flagged it")
    severity: Severity | None = Field(description="The highest severity of the rules that fired")
    reasons: list[AnomalyReason] = Field(description="The model's reason first, then the rules'")
    model_version: str | None
    verdict: PersonVerdict | None = Field(description="The latest verdict on it, if any")
    reviewed_at: datetime | None


class AnomalyList(BaseModel):
    items: list[Anomaly] = Field(description="Newest first")


class VerdictRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    verdict: PersonVerdict = Field(
        description="fraud: I did not make or expect this payment; expected: it is fine"
    )


class RecordedVerdict(BaseModel):
    feedback_id: str
    transaction_id: str = TransactionIdField
    verdict: PersonVerdict
    reviewed_at: datetime
