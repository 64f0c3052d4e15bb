"""Suites for the raw tables (contract: ``ingestion/raw_schema.py``).

Raw keeps what sources said; these catch a parser that starts to misread (negative amounts,
unknown directions, impossible dates) or a loader that stops deduplicating (repeated row ids).
Personal columns (account numbers, SMS bodies) are never loaded for validation.
"""

from __future__ import annotations

from orchestration.defs.quality.suites import expectations as gxe
from orchestration.defs.quality.suites.common import (
    DIRECTIONS,
    WARNING,
    key,
    not_null,
    plausible_date,
    positive,
)

# Why ingestion keeps an SMS that moves no money (ingestion/sms/patterns.py).
SMS_NOT_TRANSACTION_REASONS = [
    "otp", "promotion", "balance_only", "declined", "mandate", "unrecognised",
]  # fmt: skip
AA_TXN_TYPES = ["DEBIT", "CREDIT"]
AA_MODES = ["CASH", "ATM", "CARD", "UPI", "FT", "OTHERS"]
QUARANTINE_SOURCES = ["statement", "sms", "aa", "unrecognised", "payment_events"]

_IS_TRANSACTION = gxe.Column("is_transaction") == True  # noqa: E712 (a GX condition, not a test)
_NOT_TRANSACTION = gxe.Column("is_transaction") == False  # noqa: E712

statement_lines: list[gxe.Expectation] = [
    *key("source_row_id"),
    *not_null("person_ref", "bank", "txn_date", "direction", "amount_paise"),
    positive("amount_paise"),
    gxe.ExpectColumnValuesToBeInSet(column="direction", value_set=DIRECTIONS),
    plausible_date("txn_date"),
]

sms_messages: list[gxe.Expectation] = [
    *key("source_row_id"),
    *not_null("person_ref", "received_at", "is_transaction"),
    gxe.ExpectColumnValuesToNotBeNull(column="reason", row_condition=_NOT_TRANSACTION),
    gxe.ExpectColumnValuesToBeInSet(
        column="reason", value_set=SMS_NOT_TRANSACTION_REASONS, row_condition=_NOT_TRANSACTION
    ),
    gxe.ExpectColumnValuesToNotBeNull(column="amount_paise", row_condition=_IS_TRANSACTION),
    positive("amount_paise", row_condition=_IS_TRANSACTION),
    gxe.ExpectColumnValuesToBeInSet(
        column="direction", value_set=DIRECTIONS, row_condition=_IS_TRANSACTION
    ),
    plausible_date("received_at"),
    # A bank changing its template shows here first: most non-transactions should be recognised.
    gxe.ExpectColumnValuesToNotBeInSet(
        column="reason", value_set=["unrecognised"], mostly=0.75, severity=WARNING
    ),
]

aa_accounts: list[gxe.Expectation] = [
    *key("source_row_id"),
    *not_null("person_ref", "fip_id", "link_ref", "account_last4"),
]

aa_transactions: list[gxe.Expectation] = [
    *key("source_row_id"),
    *not_null("person_ref", "link_ref", "txn_id", "transaction_at"),
    gxe.ExpectColumnValuesToBeInSet(column="txn_type", value_set=AA_TXN_TYPES),
    gxe.ExpectColumnValuesToBeInSet(column="mode", value_set=AA_MODES),
    positive("amount_paise"),
    plausible_date("transaction_at"),
]

quarantine: list[gxe.Expectation] = [
    *key("quarantine_id"),
    *not_null("reason", "source", "source_file"),
    gxe.ExpectColumnValuesToBeInSet(column="source", value_set=QUARANTINE_SOURCES),
]

RAW_SUITES: dict[str, list[gxe.Expectation]] = {
    "raw.statement_lines": statement_lines,
    "raw.sms_messages": sms_messages,
    "raw.aa_accounts": aa_accounts,
    "raw.aa_transactions": aa_transactions,
    "raw.quarantine": quarantine,
}
