"""Transaction rows of each bank's CSV statement export, built for all accounts at once.

Statements print the day the bank booked an entry (``posted_day``), not when the money moved.
"""

from __future__ import annotations

import polars as pl

from sandbox.generator.catalog.banks import SBI_UPI_POOL
from sandbox.generator.text import csv_quoted, csv_row, day_text, grouped_rupees, rupees

C = pl.col

HEADERS = {
    "hdfc": "Date,Narration,Chq./Ref.No.,Value Dt,Withdrawal Amt.,Deposit Amt.,Closing Balance",
    "sbi": "Txn Date,Value Date,Description,Ref No./Cheque No.,Debit,Credit,Balance",
    "icici": "S No.,Value Date,Transaction Date,Cheque Number,Transaction Remarks,"
    "Withdrawal Amount (INR ),Deposit Amount (INR ),Balance (INR )",
    "axis": "Tran Date,CHQNO,PARTICULARS,DR,CR,BAL,SOL",
}
NONE = pl.lit(None, pl.String)


def _debit(text: pl.Expr, empty: pl.Expr = NONE) -> pl.Expr:
    return pl.when(C("is_credit")).then(empty).otherwise(text)


def _credit(text: pl.Expr, empty: pl.Expr = NONE) -> pl.Expr:
    return pl.when(C("is_credit")).then(text).otherwise(empty)


def hdfc_row() -> pl.Expr:
    date = day_text(C("posted_day"), "%d/%m/%y")
    amount = rupees(C("amount_paise"))
    return csv_row(
        [
            date,
            C("narration"),
            C("reference").str.zfill(16),
            date,
            _debit(amount),
            _credit(amount),
            rupees(C("balance_paise")),
        ]
    )


def sbi_row() -> pl.Expr:
    date = day_text(C("posted_day"), "%-d %b %Y")
    amount = csv_quoted(grouped_rupees(C("amount_paise")))
    pool = pl.lit(SBI_UPI_POOL[0])
    transfer = pl.when(C("is_credit")).then(pl.concat_str([pl.lit("TRANSFER FROM "), pool]))
    reference = (
        pl.when(C("channel") == "upi")
        .then(transfer.otherwise(pl.concat_str([pl.lit("TRANSFER TO "), pool])))
        .otherwise(C("reference"))
    )
    return csv_row(
        [
            date,
            date,
            C("narration"),
            reference,
            _debit(amount),
            _credit(amount),
            csv_quoted(grouped_rupees(C("balance_paise"))),
        ]
    )


def icici_row() -> pl.Expr:
    date = day_text(C("posted_day"), "%d/%m/%Y")
    amount = rupees(C("amount_paise"))
    zero = pl.lit("0.00")
    return csv_row(
        [
            C("line_in_account").cast(pl.String),
            date,
            date,
            NONE,
            C("narration"),
            _debit(amount, zero),
            _credit(amount, zero),
            rupees(C("balance_paise")),
        ]
    )


def axis_row() -> pl.Expr:
    amount = rupees(C("amount_paise"))
    return csv_row(
        [
            day_text(C("posted_day"), "%d-%m-%Y"),
            NONE,
            C("narration"),
            _debit(amount),
            _credit(amount),
            rupees(C("balance_paise")),
            C("sol"),
        ]
    )


ROWS = {"hdfc": hdfc_row, "sbi": sbi_row, "icici": icici_row, "axis": axis_row}


def statement_lines(frame: pl.DataFrame) -> pl.DataFrame:
    """``(account, line)`` in ledger order, each line in its bank's layout."""
    parts = []
    for bank, row in ROWS.items():
        rows = frame.filter(C("bank") == bank)
        parts.append(rows.select(C("account"), C("row"), row().alias("line")))
    return pl.concat(parts).sort("row").drop("row")
