"""Tables with one amount column (Kotak, many mapping files): which way did the money go?

The direction comes from the ``dr_cr`` column when the format has one (``DR``/``CR``, also
``Dr.``, ``Debit``, ``D``...), else from a suffix on the amount (``1,500.00 Dr``, ``1,500.00(Cr)``),
else from its sign (a ledger-style column: negative = debit, positive = credit). The amount is then
moved into ``raw_debit`` or ``raw_credit`` so the rest of parsing is the same for every layout.
"""

from __future__ import annotations

import polars as pl

from ingestion.statements.banks import StatementFormat

_SUFFIX = r"(?i)\s*\(?\s*(dr|cr)\.?\s*\)?\s*$"
_DEBIT = ["DR", "D", "DEBIT"]
_CREDIT = ["CR", "C", "CREDIT"]


def split_amount(rows: pl.DataFrame, fmt: StatementFormat) -> pl.DataFrame:
    """``raw_amount`` (+ ``raw_dr_cr``) → ``raw_debit`` / ``raw_credit`` and ``raw_indicator``."""
    amount = pl.col("raw_amount")
    number = amount.str.replace(_SUFFIX, "").str.strip_chars()
    indicator = pl.col("raw_dr_cr") if fmt.has("dr_cr") else amount.str.extract(_SUFFIX, 1)
    indicator = indicator.str.strip_chars(" .()").str.to_uppercase()
    signed = number.str.starts_with("-")
    by_sign = indicator.is_null() & pl.lit(not fmt.has("dr_cr"))
    direction = (
        pl.when(indicator.is_in(_DEBIT))
        .then(pl.lit("debit"))
        .when(indicator.is_in(_CREDIT))
        .then(pl.lit("credit"))
        .when(by_sign & number.is_not_null())
        .then(pl.when(signed).then(pl.lit("debit")).otherwise(pl.lit("credit")))
    )
    magnitude = pl.when(by_sign).then(number.str.strip_prefix("-")).otherwise(number)
    rows = rows.with_columns(raw_indicator=indicator, raw_direction=direction)
    return rows.with_columns(
        raw_debit=pl.when(pl.col("raw_direction") == "debit").then(magnitude),
        raw_credit=pl.when(pl.col("raw_direction") == "credit").then(magnitude),
    )


def reason_for_amount_column(fmt: StatementFormat) -> pl.Expr:
    """Why a row of a one-amount-column table cannot be read (null when it can)."""
    amount = fmt.header_of("amount")
    indicator = fmt.header_of("dr_cr") if fmt.has("dr_cr") else f"{amount} (Dr/Cr suffix)"
    paise = pl.coalesce("debit_paise", "credit_paise")
    parsed = pl.col("raw_debit").is_null() | pl.col("debit_paise").is_not_null()
    parsed = parsed & (pl.col("raw_credit").is_null() | pl.col("credit_paise").is_not_null())
    return (
        pl.when(pl.col("txn_date").is_null())
        .then(quoted("unreadable date", "raw_txn_date", fmt.header_of("txn_date")))
        .when(pl.col("raw_amount").is_null())
        .then(pl.lit(f"no amount in {amount}"))
        .when(pl.col("raw_direction").is_null())
        .then(quoted("no DR/CR indicator", "raw_indicator", indicator))
        .when(~parsed)
        .then(quoted("unparseable amount", "raw_amount", amount))
        .when(pl.col("raw_balance").is_not_null() & pl.col("balance_paise").is_null())
        .then(quoted("unparseable balance", "raw_balance", fmt.header_of("balance")))
        .when(paise.fill_null(0) == 0)
        .then(pl.lit(f"no amount in {amount}"))
        .otherwise(pl.lit(None, pl.String))
    )


def quoted(problem: str, column: str, header: str) -> pl.Expr:
    """``unreadable date '31/02/25' in Date`` (the cell shown as printed, empty as '')."""
    return pl.format(f"{problem} '{{}}' in {header}", pl.col(column).fill_null(""))
