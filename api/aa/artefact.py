"""A consent artefact as ReBIT's Consent API and Sahamati's guidelines shape it.

What a person agrees to, field by field (ReBIT ``ConsentDetail``): the ``Purpose`` (a Sahamati
code and its text), the ``fiTypes`` shared, the ``FIDataRange`` (from/to), how often data may be
fetched (``Frequency``: unit + value), how long the FIU may keep it (``DataLife``), ``fetchType``
(ONETIME or PERIODIC), ``consentMode`` (Hisaab STOREs: it builds a ledger) and when the consent
itself ends (``consentExpiry``). Validation refuses what an AA would refuse, with the reason.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from payments.mandates.schedule import business_date
from sandbox.aa.fip import SUPPORTED_FI_TYPES

# Sahamati's purpose codes (FIU purpose categories); Hisaab's is 102.
PURPOSES = {
    "101": "Wealth management service",
    "102": "Customer spending patterns, budget or other reportings",
    "103": "Aggregated statement",
    "104": "Explicit consent for monitoring of the accounts",
    "105": "Explicit one-time consent for the accounts",
}
# Deposits are usually shared up to 13 months back under fair use (see INDIA.md).
MAX_RANGE = timedelta(days=397)
MAX_CONSENT_LIFE = timedelta(days=366)
FrequencyUnit = Literal["HOUR", "DAY", "MONTH", "YEAR"]
DataLifeUnit = Literal["DAY", "MONTH", "YEAR", "INF"]


class ConsentStatus(StrEnum):
    """PENDING until the person approves at the AA; then ACTIVE until revoked or expired."""

    PENDING = "PENDING"
    ACTIVE = "ACTIVE"
    REVOKED = "REVOKED"
    EXPIRED = "EXPIRED"


TRANSITIONS = {
    ConsentStatus.PENDING: frozenset(
        {ConsentStatus.ACTIVE, ConsentStatus.REVOKED, ConsentStatus.EXPIRED}
    ),
    ConsentStatus.ACTIVE: frozenset({ConsentStatus.REVOKED, ConsentStatus.EXPIRED}),
    ConsentStatus.REVOKED: frozenset(),
    ConsentStatus.EXPIRED: frozenset(),
}


class Frequency(BaseModel):
    unit: FrequencyUnit = "DAY"
    value: int = Field(default=2, ge=1, le=100)  # AA data refreshes a few times a day at most


class DataLife(BaseModel):
    unit: DataLifeUnit = "YEAR"
    value: int = Field(default=1, ge=0, le=100)


class ConsentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    purpose_code: Literal["101", "102", "103", "104", "105"] = "102"
    fi_types: list[str] = Field(default_factory=lambda: ["DEPOSIT"], min_length=1, max_length=10)
    data_from: date
    data_to: date
    frequency: Frequency = Field(default_factory=Frequency)
    data_life: DataLife = Field(default_factory=DataLife)
    fetch_type: Literal["ONETIME", "PERIODIC"] = "PERIODIC"
    consent_expiry: datetime

    @model_validator(mode="after")
    def _consistent(self) -> ConsentCreate:
        unsupported = sorted(set(self.fi_types) - SUPPORTED_FI_TYPES)
        if unsupported:
            raise ValueError(f"fi_types {unsupported} are not read by Hisaab yet (DEPOSIT only)")
        if self.data_from > self.data_to:
            raise ValueError("data_from is after data_to")
        if self.data_to > business_date(datetime.now(UTC)):
            raise ValueError("data_to is in the future (IST)")
        if self.data_to - self.data_from > MAX_RANGE:
            raise ValueError("the data range may span at most 13 months")
        if self.consent_expiry.tzinfo is None:
            raise ValueError("consent_expiry needs a time zone (e.g. 2026-12-31T18:30:00Z)")
        now = datetime.now(UTC)
        if not now < self.consent_expiry <= now + MAX_CONSENT_LIFE:
            raise ValueError("consent_expiry must be in the future and within a year")
        return self
