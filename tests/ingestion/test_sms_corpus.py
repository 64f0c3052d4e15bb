"""`parse_sms` against a hand-labelled corpus of real-world bank, card, wallet and UPI-app SMS.

Each line of the corpus holds a message and what a careful reader takes from it; the parser must
agree field by field (overall at least 98%), must never take a non-transaction for a transaction,
and the bulk `classify` must give every message the answer `parse_sms` gives it alone.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from ingestion.amounts import parse_utc_timestamp
from ingestion.sms import ParsedSms, parse_sms
from ingestion.sms.classify import PARSED_SCHEMA, classify

CORPUS = Path(__file__).parents[1] / "fixtures" / "parsing" / "sms_corpus.jsonl"
# corpus name → ParsedSms field (the CLI's names on the left)
FIELDS = {
    "is_transaction": "is_transaction",
    "reason": "reason",
    "bank": "bank",
    "direction": "direction",
    "amount_paise": "amount_paise",
    "account_hint": "account_mask",
    "counterparty": "counterparty",
    "vpa": "vpa",
    "channel": "channel",
    "reference": "reference",
    "occurred_on": "txn_date",
    "balance_paise": "balance_paise",
}
MIN_FIELD_ACCURACY = 0.98


def _corpus() -> list[dict[str, Any]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]


def _parse(message: dict[str, Any]) -> ParsedSms:
    received_at = datetime.fromisoformat(message["received_at"])
    return parse_sms(message["sender"], message["body"], received_at)


def _got(parsed: ParsedSms, field: str) -> object:
    value = getattr(parsed, FIELDS[field])
    return value.isoformat() if isinstance(value, date) else value


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    return _corpus()


@pytest.fixture(scope="module")
def parsed(corpus: list[dict[str, Any]]) -> list[ParsedSms]:
    return [_parse(message) for message in corpus]


def test_corpus_covers_every_issuer_and_reason(corpus: list[dict[str, Any]]) -> None:
    banks = {m["expected"]["bank"] for m in corpus}
    reasons = {m["expected"]["reason"] for m in corpus}
    issuers = {"hdfc", "sbi", "icici", "axis", "kotak", "pnb", "bob", "canara", "union", "idfc"}
    assert issuers | {"indusind", "yes", "paytm", None} <= banks
    assert {"otp", "promotion", "balance_only", "declined", "mandate", "unrecognised"} <= reasons
    assert len(corpus) >= 280
    assert sum(not m["expected"]["is_transaction"] for m in corpus) >= 50


def test_field_accuracy(corpus: list[dict[str, Any]], parsed: list[ParsedSms]) -> None:
    right = dict.fromkeys(FIELDS, 0)
    mismatches: list[str] = []
    for message, result in zip(corpus, parsed, strict=True):
        for field, expected in message["expected"].items():
            got = _got(result, field)
            right[field] += got == expected
            if got != expected:
                body = message["body"]
                mismatches.append(f"{field}: expected {expected!r}, got {got!r} in {body!r}")
    total = len(corpus)
    print(f"\n{'field':<16}{'accuracy':>10}")
    for field, count in right.items():
        print(f"{field:<16}{count / total:>10.2%}")
    overall = sum(right.values()) / (total * len(FIELDS))
    print(f"{'overall':<16}{overall:>10.2%}  ({total} messages)")
    print("\n".join(mismatches[:20]))
    assert overall >= MIN_FIELD_ACCURACY


def test_no_non_transaction_is_taken_for_a_transaction(
    corpus: list[dict[str, Any]], parsed: list[ParsedSms]
) -> None:
    wrong = [
        m["body"]
        for m, result in zip(corpus, parsed, strict=True)
        if not m["expected"]["is_transaction"] and result.is_transaction
    ]
    assert wrong == []


def test_bulk_classify_equals_parse_sms(
    corpus: list[dict[str, Any]], parsed: list[ParsedSms]
) -> None:
    frame = pl.DataFrame(
        {name: [m[name] for m in corpus] for name in ("sender", "received_at", "body")},
        schema={"sender": pl.String, "received_at": pl.String, "body": pl.String},
    ).with_columns(received_at=parse_utc_timestamp(pl.col("received_at")))
    bulk = classify(frame).select(list(PARSED_SCHEMA)).to_dicts()
    one_by_one = [{name: getattr(p, name) for name in PARSED_SCHEMA} for p in parsed]
    assert bulk == one_by_one
