"""``POST /ingest/sms``: the phone app forwards bank SMS; each is read at once and landed for
the next bank sync (see `api.ledger.sms_intake`)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter
from pydantic import AwareDatetime, BaseModel, Field

from api.deps import AppDb, CurrentPerson, SettingsDep
from api.ledger.sms_intake import Outcome, Sms, accept_batch
from hisaab.money import format_inr

router = APIRouter(tags=["ingest"])
MAX_BATCH = 500


class SmsIn(BaseModel):
    sender: str = Field(min_length=1, max_length=32, examples=["VM-HDFCBK"])
    body: str = Field(min_length=1, max_length=2000)
    received_at: AwareDatetime = Field(description="ISO 8601 with a UTC offset")


class SmsBatch(BaseModel):
    messages: list[SmsIn] = Field(min_length=1, max_length=MAX_BATCH)


class SmsResult(BaseModel):
    index: int = Field(description="Position of the message in the batch")
    status: Literal["parsed", "quarantined"]
    duplicate: bool = Field(description="Already received (earlier, or earlier in this batch)")
    reason: str | None = Field(description="Why it is not a transaction (otp, promotion, …)")
    bank: str | None
    direction: Literal["debit", "credit"] | None
    amount_paise: int | None
    amount_display: str | None
    account_last4: str | None = Field(description="Account digits the SMS printed (3 or 4)")
    txn_date: date | None
    reference: str | None


class SmsBatchResult(BaseModel):
    batch_id: str
    received: int
    new: int
    duplicates: int
    parsed: int
    quarantined: int
    results: list[SmsResult]


@router.post("/ingest/sms", response_model=SmsBatchResult)
def ingest_sms(
    batch: SmsBatch, person: CurrentPerson, engine: AppDb, settings: SettingsDep
) -> SmsBatchResult:
    """Read and keep a batch of bank SMS; sending the same message again counts it once."""
    messages = [Sms(m.sender, m.body, m.received_at) for m in batch.messages]
    batch_id, outcomes = accept_batch(
        engine, settings.landing_dir, person.person_ref, person.device_id, messages
    )
    results = [_result(index, outcome) for index, outcome in enumerate(outcomes)]
    duplicates = sum(result.duplicate for result in results)
    parsed = sum(result.status == "parsed" for result in results)
    return SmsBatchResult(
        batch_id=batch_id,
        received=len(results),
        new=len(results) - duplicates,
        duplicates=duplicates,
        parsed=parsed,
        quarantined=len(results) - parsed,
        results=results,
    )


def _result(index: int, outcome: Outcome) -> SmsResult:
    sms = outcome.parsed
    readable = sms.is_transaction and sms.amount_paise is not None and sms.direction is not None
    digits = "".join(c for c in sms.account_mask or "" if c.isdigit())[-4:] or None
    return SmsResult(
        index=index,
        status="parsed" if readable else "quarantined",
        duplicate=outcome.is_duplicate,
        reason=None if readable else sms.reason or "no amount or direction could be read",
        bank=sms.bank,
        direction=sms.direction if sms.direction in ("debit", "credit") else None,  # type: ignore[arg-type]
        amount_paise=sms.amount_paise,
        amount_display=None if sms.amount_paise is None else format_inr(sms.amount_paise),
        account_last4=digits,
        txn_date=sms.txn_date,
        reference=sms.reference,
    )
