"""`parse_sms`: one bank SMS → what it says, as a pure function of sender, body and time received.

It runs the same vectorized classifier the bulk loader uses on a one-row frame, so the answer for a
single message is by construction the answer ingestion stores.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import polars as pl

from ingestion.sms.classify import classify


@dataclass(frozen=True)
class ParsedSms:
    """What a bank SMS says. Non-transactions have ``is_transaction=False`` and a ``reason``
    (``otp``, ``promotion``, ``balance_only``, ``declined``, ``mandate``, ``unrecognised``)."""

    bank: str | None
    is_transaction: bool
    reason: str | None
    direction: str | None
    amount_paise: int | None
    account_mask: str | None
    counterparty: str | None
    vpa: str | None
    channel: str | None
    reference: str | None
    txn_date: date | None
    balance_paise: int | None


def parse_sms(sender: str | None, body: str, received_at: datetime | None = None) -> ParsedSms:
    """Parse one message; ``received_at`` is converted to UTC (a naive value is taken as UTC).

    Without a known sender header every bank's templates are tried and the bank is the matched
    template's. Without ``received_at``, a body that prints no date has a null ``txn_date``.

    >>> parse_sms("VM-HDFCBK", "Sent Rs.245.00 From HDFC Bank A/C *6789 To SWIGGY On 01/04/25 "
    ...           "Ref 509112345678 Not You?", datetime(2025, 4, 1, 14, 3)).amount_paise
    24500
    """
    if received_at is not None and received_at.tzinfo is not None:
        received_at = received_at.astimezone(UTC).replace(tzinfo=None)
    frame = pl.DataFrame(
        {"sender": [sender], "body": [body], "received_at": [received_at]},
        schema={"sender": pl.String, "body": pl.String, "received_at": pl.Datetime("us")},
    )
    row = classify(frame).row(0, named=True)
    return ParsedSms(**{name: row[name] for name in ParsedSms.__dataclass_fields__})
