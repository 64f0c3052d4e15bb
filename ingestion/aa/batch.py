"""AA FI bundles → `SourceBatch` of ``raw.aa_transactions`` (main) and ``raw.aa_accounts`` rows.

A Transaction element that cannot be read is quarantined with its index and JSON (for XML, the
JSON of its attributes); the other elements of the bundle load. Timestamps are converted to UTC;
amounts become exact paise.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import polars as pl

from ingestion.aa.read import ACCOUNT_FIELDS, TRANSACTION_KEYS, BundleColumns, read_bundle
from ingestion.amounts import paise, parse_utc_timestamp
from ingestion.landing import LandingFile
from ingestion.lineage import (
    FileLineage,
    QuarantineRecord,
    fingerprint,
    finish_quarantine,
    quarantine_rows,
    read_with_lineage,
    with_lineage,
)
from ingestion.load import SourceBatch

TRANSACTION_KEY = ("person_ref", "link_ref", "txn_id")
ACCOUNT_KEY = ("person_ref", "fip_id", "link_ref", "balance_at", "current_balance_paise")
_TEXT = [*TRANSACTION_KEYS, "fip_id", "link_ref", "masked_acc_number"]


def read_aa(files: Sequence[LandingFile], ingested_at: datetime) -> SourceBatch:
    columns, lineages = BundleColumns(), []
    for file_id, file in enumerate(files):
        lineage, data = read_with_lineage(file_id, file.path, file.person_ref)
        lineages.append(lineage)
        read_bundle(columns, file_id, data, file.path.stem)
    transactions = _transactions(columns.transactions)
    good = transactions.filter(pl.col("reason").is_null())
    quarantine = quarantine_rows([*columns.problems, *_bad_elements(transactions, columns)])
    return SourceBatch(
        source="aa",
        files=lineages,
        tables={
            "aa_transactions": _finish(good, lineages, ingested_at, TRANSACTION_KEY),
            "aa_accounts": _finish(_accounts(columns.accounts), lineages, ingested_at, ACCOUNT_KEY),
        },
        quarantine=finish_quarantine(quarantine, lineages, "aa", ingested_at),
    )


def _bad_elements(transactions: pl.DataFrame, columns: BundleColumns) -> list[QuarantineRecord]:
    """Quarantine records, with the element's JSON as content, for unreadable transactions."""
    bad = transactions.filter(pl.col("reason").is_not_null())
    return [
        (file_id, line_no, _dump(columns.elements[position]), reason)
        for file_id, line_no, position, reason in bad.select(
            "file_id", "line_no", "position", "reason"
        ).iter_rows()
    ]


def _transactions(values: dict[str, list[Any]]) -> pl.DataFrame:
    frame = _frame(
        values,
        _TEXT,
        {"file_id": pl.Int64, "line_no": pl.Int64, "position": pl.Int64, "is_object": pl.Boolean},
    )
    frame = frame.with_columns(
        txn_type=pl.col("txn_type").str.strip_chars().str.to_uppercase(),
        amount_paise=paise(pl.col("amount")),
        current_balance_paise=paise(pl.col("current_balance"), signed=True),
        transaction_at=parse_utc_timestamp(pl.col("transaction_at")),
        transaction_at_text=pl.col("transaction_at"),
        value_date=pl.col("value_date").str.strptime(pl.Date, "%Y-%m-%d", strict=False),
    )
    return _with_account_columns(frame.with_columns(reason=_transaction_problem()))


def _transaction_problem() -> pl.Expr:
    def problem(key: str, column: str, what: str) -> pl.Expr:
        return pl.format(f"{key} '{{}}' {what}", pl.col(column).fill_null(""))

    where = pl.format("Transaction[{}] of {}: ", pl.col("line_no"), pl.col("masked_acc_number"))
    what = (
        pl.when(~pl.col("is_object"))
        .then(pl.lit("not a JSON object"))
        .when(pl.col("txn_id").fill_null("") == "")
        .then(pl.lit("missing txnId"))
        .when(~pl.col("txn_type").is_in(["DEBIT", "CREDIT"]).fill_null(False))
        .then(problem("type", "txn_type", "is not DEBIT or CREDIT"))
        .when(pl.col("amount_paise").is_null())
        .then(problem("amount", "amount", "is not a rupee amount"))
        .when(pl.col("transaction_at").is_null())
        .then(
            problem(
                "transactionTimestamp",
                "transaction_at_text",
                "has no UTC offset or is not ISO 8601",
            )
        )
    )
    return pl.when(what.is_not_null()).then(pl.concat_str(where, what))


def _accounts(values: dict[str, list[Any]]) -> pl.DataFrame:
    frame = _frame(values, ACCOUNT_FIELDS, {"file_id": pl.Int64, "line_no": pl.Int64})
    frame = frame.with_columns(
        current_balance_paise=paise(pl.col("current_balance"), signed=True),
        balance_at=parse_utc_timestamp(pl.col("balance_at")),
        opening_date=pl.col("opening_date").str.strptime(pl.Date, "%Y-%m-%d", strict=False),
    )
    return _with_account_columns(frame)


def _with_account_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """``HDFC-FIP`` → bank ``hdfc``; ``XXXXXXXXXX1234`` → last4 ``1234``."""
    return frame.with_columns(
        bank=pl.col("fip_id").str.replace(r"(?i)-FIP$", "").str.to_lowercase(),
        account_last4=pl.col("masked_acc_number").str.replace_all(r"\D", "").str.tail(4),
    )


def _frame(
    values: dict[str, list[Any]], text: Sequence[str], other: dict[str, Any]
) -> pl.DataFrame:
    """Columns as text (whatever JSON type the bundle used), plus typed bookkeeping columns."""
    series = [pl.Series(name, values.get(name, []), dtype=pl.String, strict=False) for name in text]
    series += [pl.Series(name, values.get(name, []), dtype=dtype) for name, dtype in other.items()]
    return pl.DataFrame(series)


def _finish(
    rows: pl.DataFrame, files: Sequence[FileLineage], ingested_at: datetime, key: Sequence[str]
) -> pl.DataFrame:
    rows = with_lineage(rows, files, ingested_at)
    return rows.with_columns(fingerprint(rows, key, "source_row_id"))


def _dump(element: Any) -> str:
    return json.dumps(element, ensure_ascii=False)
