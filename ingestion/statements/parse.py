"""Turn the string cells of statement rows into typed lines, vectorized over a whole bank's batch.

A row is dropped silently when it is not a transaction (blank, ``OPENING BALANCE``), and gets a
``reason`` when it is a transaction that cannot be read: unreadable date, unparseable amount or
balance, an amount in both columns or in neither, a missing or unknown Dr/Cr indicator. A ``0.00``
amount counts as no amount, since ICICI prints zeros in the unused column.
"""

from __future__ import annotations

import polars as pl

from ingestion.amounts import paise, parse_date
from ingestion.statements.banks import ROLES, StatementFormat
from ingestion.statements.direction import quoted, reason_for_amount_column, split_amount


def normalise(rows: pl.DataFrame, fmt: StatementFormat) -> pl.DataFrame:
    """Typed columns plus ``reason`` (null for good rows); non-transaction rows removed."""
    rows = _clean_cells(rows, fmt)
    rows = rows.filter(~_is_blank(fmt) & ~_is_skipped(fmt))
    if fmt.has("amount"):
        rows = split_amount(rows, fmt)
    rows = rows.with_columns(
        txn_date=parse_date(pl.col("raw_txn_date"), fmt.date_formats),
        value_date=parse_date(pl.col("raw_value_date"), fmt.date_formats),
        debit_paise=paise(pl.col("raw_debit")),
        credit_paise=paise(pl.col("raw_credit")),
        balance_paise=_balance_paise(_balance_text()),
    )
    reason = reason_for_amount_column(fmt) if fmt.has("amount") else _reason(fmt)
    return rows.with_columns(
        reason=reason,
        direction=pl.when(pl.col("debit_paise") > 0)
        .then(pl.lit("debit"))
        .otherwise(pl.lit("credit")),
        amount_paise=pl.when(pl.col("debit_paise") > 0)
        .then(pl.col("debit_paise"))
        .otherwise(pl.col("credit_paise")),
        narration=pl.col("raw_narration").fill_null(""),
        ref_no=pl.col("raw_ref_no"),
    )


def _clean_cells(rows: pl.DataFrame, fmt: StatementFormat) -> pl.DataFrame:
    """Trimmed cells, empty as null; roles the bank does not print become null columns."""
    trimmed = [
        pl.col(name).str.strip_chars().replace("", None).alias(name) for name in fmt.frame_columns
    ]
    missing = [pl.lit(None, pl.String).alias(f"raw_{r}") for r in ROLES if not fmt.has(r)]
    return rows.with_columns(trimmed).with_columns(missing)


def _is_blank(fmt: StatementFormat) -> pl.Expr:
    return pl.all_horizontal(pl.col(name).is_null() for name in fmt.frame_columns)


def _is_skipped(fmt: StatementFormat) -> pl.Expr:
    skips = [pl.col(f"raw_{role}").str.contains(pattern) for role, pattern in fmt.skip_rows]
    return pl.any_horizontal(skips).fill_null(False) if skips else pl.lit(False)


def _balance_text() -> pl.Expr:
    """The balance with its own ``Dr / Cr`` column (Kotak) appended as a suffix."""
    indicator = pl.col("raw_balance_dr_cr")
    both = pl.concat_str(pl.col("raw_balance"), pl.lit(" "), indicator)
    return pl.when(indicator.is_not_null()).then(both).otherwise(pl.col("raw_balance"))


def _balance_paise(text: pl.Expr) -> pl.Expr:
    """Balances may carry ``Cr``/``Dr`` (``Dr`` = overdrawn, negative), bare or in parentheses
    (``12,100.67(Cr)``), or a minus sign."""
    overdrawn = text.str.contains(r"(?i)\(?\s*dr\.?\s*\)?$")
    value = paise(text.str.replace(r"(?i)\s*\(?\s*[cd]r\.?\s*\)?$", ""), signed=True)
    return pl.when(overdrawn).then(-value).otherwise(value)


def _reason(fmt: StatementFormat) -> pl.Expr:
    debit, credit = fmt.header_of("debit"), fmt.header_of("credit")
    has_debit = pl.col("debit_paise").fill_null(0) > 0
    has_credit = pl.col("credit_paise").fill_null(0) > 0
    return (
        pl.when(pl.col("txn_date").is_null())
        .then(quoted("unreadable date", "raw_txn_date", fmt.header_of("txn_date")))
        .when(pl.col("raw_debit").is_not_null() & pl.col("debit_paise").is_null())
        .then(quoted("unparseable amount", "raw_debit", debit))
        .when(pl.col("raw_credit").is_not_null() & pl.col("credit_paise").is_null())
        .then(quoted("unparseable amount", "raw_credit", credit))
        .when(pl.col("raw_balance").is_not_null() & pl.col("balance_paise").is_null())
        .then(quoted("unparseable balance", "raw_balance", fmt.header_of("balance")))
        .when(has_debit & has_credit)
        .then(pl.lit(f"amount in both {debit} and {credit}"))
        .when(~has_debit & ~has_credit)
        .then(pl.lit(f"no amount in {debit} or {credit}"))
        .otherwise(pl.lit(None, pl.String))
    )
