"""Account Aggregator FI bundles (ReBIT deposit schema, JSON form) for about 60% of accounts.

The transaction objects are encoded by polars for all accounts at once; each bundle's envelope
(profile, summary) is a small dict per account, with the transactions spliced in.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl

from sandbox.generator.common import Period, to_date, unique_random
from sandbox.generator.text import day_text, plain_rupees, rupees, timestamp_text

C = pl.col
MODES = {
    "upi": "UPI",
    "neft": "FT",
    "imps": "FT",
    "nach": "OTHERS",
    "atm": "ATM",
    "card": "CARD",
    "interest": "OTHERS",
    "fee": "OTHERS",
}
SPLICE = "@@TRANSACTIONS@@"


def aa_transaction_lines(rng: np.random.Generator, frame: pl.DataFrame) -> pl.DataFrame:
    """``(account, row, txn_id, line)``: one encoded Transaction object per event on a linked
    account; ``row`` is the event's ledger row and ``txn_id`` its ``txnId`` (for the lineage truth).
    The bank's books carry the booking moment: ``posted_at``, not when the money moved."""
    linked = frame.filter(C("has_aa"))
    txn_ids = unique_random(rng, np.zeros(linked.height, dtype=np.int64), 10)
    with_ids = linked.with_columns(
        pl.concat_str([pl.lit("S"), pl.Series(txn_ids).cast(pl.String).str.zfill(10)]).alias(
            "txn_id"
        )
    )
    return with_ids.select(
        C("account"),
        C("row"),
        C("txn_id"),
        pl.struct(
            C("txn_id").alias("txnId"),
            pl.when(C("is_credit")).then(pl.lit("CREDIT")).otherwise(pl.lit("DEBIT")).alias("type"),
            C("channel").replace_strict(MODES).alias("mode"),
            rupees(C("amount_paise")).alias("amount"),
            rupees(C("balance_paise")).alias("currentBalance"),
            timestamp_text(C("posted_at"), "+05:30").alias("transactionTimestamp"),
            day_text(C("posted_day"), "%Y-%m-%d").alias("valueDate"),
            C("narration"),
            C("reference").fill_null(""),
        )
        .struct.json_encode()
        .alias("line"),
    )


@dataclass(frozen=True)
class AaAccount:
    person_ref: str
    fip_id: str
    last4: str
    holder: dict[str, str]
    branch: str
    ifsc: str
    micr: str
    opening_day: int
    closing_paise: int


def _uuid(rng: np.random.Generator) -> str:
    return str(uuid.UUID(bytes=rng.bytes(16), version=4))


def bundle(rng: np.random.Generator, account: AaAccount, period: Period, transactions: str) -> str:
    masked = "XXXXXXXXXX" + account.last4
    link = _uuid(rng)
    summary = {
        "currentBalance": plain_rupees(account.closing_paise),
        "currency": "INR",
        "balanceDateTime": f"{period.end:%Y-%m-%d}T23:59:59+05:30",
        "type": "SAVINGS",
        "branch": account.branch,
        "facility": "OD",
        "ifscCode": account.ifsc,
        "micrCode": account.micr,
        "openingDate": f"{to_date(account.opening_day):%Y-%m-%d}",
        "currentODLimit": "0",
        "drawingLimit": "0",
        "status": "ACTIVE",
    }
    document = {
        "ver": "2.0.0",
        "timestamp": f"{period.end:%Y-%m-%d}T18:30:00.000Z",
        "txnid": _uuid(rng),
        "consentId": _uuid(rng),
        "FI": [
            {
                "fipID": account.fip_id,
                "data": [
                    {
                        "linkRefNumber": link,
                        "maskedAccNumber": masked,
                        "Account": {
                            "type": "deposit",
                            "maskedAccNumber": masked,
                            "version": "1.1",
                            "linkedAccRef": link,
                            "Profile": {"Holders": {"type": "SINGLE", "Holder": [account.holder]}},
                            "Summary": summary,
                            "Transactions": {
                                "startDate": f"{period.start:%Y-%m-%d}",
                                "endDate": f"{period.end:%Y-%m-%d}",
                                "Transaction": SPLICE,
                            },
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(document).replace(f'"{SPLICE}"', f"[{transactions}]") + "\n"


def aa_files(
    rng: np.random.Generator,
    accounts: list[tuple[int, AaAccount]],
    bodies: dict[int, str],
    period: Period,
) -> Iterator[tuple[str, str]]:
    for index, account in accounts:
        path = f"person={account.person_ref}/aa/{account.fip_id}_{account.last4}.json"
        yield path, bundle(rng, account, period, bodies.get(index, ""))
