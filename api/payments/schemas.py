"""What clients send to create intents and mandates; the domain validates the meaning.

Pydantic checks shapes (types, lengths a column could not hold) and refuses a float or string
where paise are meant (``strict``: ``249.5`` is not a number of paise); the rules that give a
person a reason (a VPA's shape, UPI's limit per category, validity dates) are the domain's, so
the CLI, the API and the scheduler all refuse the same things with the same words.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from payments.intents import COLLECT_TTL_DEFAULT, IntentRequest
from payments.mandates.records import MandateRequest
from payments.mandates.schedule import AmountRule, Frequency
from payments.upi.limits import PaymentCategory

Paise = Field(gt=0, strict=True, description="integer paise (₹249.50 is 24950)")


class IntentCreate(BaseModel):
    """``pay``: the person pays ``payee_vpa`` from ``payer_vpa`` (one of their own VPAs).
    ``collect``: the person (``payee_vpa``) asks ``payer_vpa`` for money."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["pay", "collect"]
    payer_vpa: str = Field(min_length=3, max_length=255)
    payee_vpa: str = Field(min_length=3, max_length=255)
    payee_name: str = Field(min_length=1, max_length=100)
    amount_paise: int = Paise
    category: PaymentCategory = PaymentCategory.GENERAL
    note: str = Field(default="", max_length=200)
    collect_ttl_s: int = Field(default=int(COLLECT_TTL_DEFAULT.total_seconds()), strict=True)

    def to_domain(self) -> IntentRequest:
        return IntentRequest(
            kind=self.kind,
            payer_vpa=self.payer_vpa,
            payee_vpa=self.payee_vpa,
            payee_name=self.payee_name,
            amount_paise=self.amount_paise,
            category=self.category,
            note=self.note,
            collect_ttl_s=self.collect_ttl_s,
        )


class MandateCreate(BaseModel):
    """An AutoPay mandate the person (the payer) sets up; dates are IST business dates."""

    model_config = ConfigDict(extra="forbid")

    payer_vpa: str = Field(min_length=3, max_length=255)
    payee_vpa: str = Field(min_length=3, max_length=255)
    payee_name: str = Field(min_length=1, max_length=100)
    amount_paise: int = Paise
    amount_rule: AmountRule
    frequency: Frequency
    validity_start: date
    validity_end: date
    category: PaymentCategory = PaymentCategory.GENERAL
    purpose: str = Field(default="", max_length=200)

    def to_domain(self) -> MandateRequest:
        return MandateRequest(**self.model_dump())
