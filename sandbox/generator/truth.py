"""The ground truth (``_truth/``): every true event, which sources it reached and where.

Ingestion never reads this folder (a leading ``_`` hides it); tests and evaluations do.
``transactions.csv`` has one row per true event; ``source_rows.csv`` one row per source row
that reports one, located as ingestion records it (``raw.*.source_file`` relative to the
landing folder, ``line_no``; AA rows by ``txnId``).
"""

from __future__ import annotations

import polars as pl

from sandbox.generator.catalog.banks import BANKS
from sandbox.generator.common import IST_OFFSET_SECONDS
from sandbox.generator.text import day_text, timestamp_text

C = pl.col
SOURCE_ROW_COLUMNS = ("canonical_txn_id", "source", "source_file", "line_no", "txn_id")


def _path(*parts: str | pl.Expr) -> pl.Expr:
    """A landing-relative path from literal and column parts."""
    return pl.concat_str([pl.lit(part) if isinstance(part, str) else part for part in parts])


def canonical_id(events: int) -> pl.Expr:
    """``T00000001``…: the id of the event in ledger row ``row``."""
    width = max(8, len(str(events)))
    return pl.concat_str([pl.lit("T"), (C("row") + 1).cast(pl.String).str.zfill(width)])


def transactions_truth(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(
        canonical_id(frame.height).alias("canonical_txn_id"),
        C("person_ref"),
        C("bank"),
        C("last4").alias("account_last4"),
        timestamp_text(C("at") - IST_OFFSET_SECONDS, "Z").alias("occurred_at"),
        day_text(C("day"), "%Y-%m-%d").alias("business_date"),
        C("amount_paise"),
        pl.when(C("is_credit"))
        .then(pl.lit("credit"))
        .otherwise(pl.lit("debit"))
        .alias("direction"),
        C("channel"),
        C("party_name").alias("counterparty"),
        pl.when(C("is_person"))
        .then(pl.lit(None, pl.String))
        .otherwise(C("brand"))
        .alias("merchant"),
        C("category"),
        C("reference"),
        (C("anomaly") != "").alias("is_anomaly"),
        pl.when(C("anomaly") != "").then(C("anomaly")).alias("anomaly_type"),
        pl.lit(True).alias("in_statement"),
        C("in_sms"),
        C("has_aa").alias("in_aa"),
        # The day the bank booked it (statement and AA): the next one for late batched entries.
        day_text(C("posted_day"), "%Y-%m-%d").alias("posted_date"),
        _recurring_series().alias("recurring_series"),
    )


def _recurring_series() -> pl.Expr:
    """``rent:P000007:7``: the planted series' kind, its person and key; null for one-offs."""
    return (
        pl.when(C("series_kind") != "")
        .then(
            pl.concat_str(
                [C("series_kind"), C("person_ref"), C("series_key").cast(pl.String)], separator=":"
            )
        )
        .otherwise(pl.lit(None, pl.String))
    )


def source_rows_truth(
    frame: pl.DataFrame, first_row_lines: dict[str, int], sms: pl.DataFrame, aa: pl.DataFrame
) -> pl.DataFrame:
    """Every statement line, transaction SMS and AA transaction with the event it reports.

    ``sms`` and ``aa`` are the writers' frames (``row`` = ledger row; SMS ``line_no``, AA
    ``txn_id``); statement lines are in ledger order, so their line is the account's row count
    after the bank's first table line.
    """
    ids = canonical_id(frame.height).alias("canonical_txn_id")
    person = frame.select(C("row").cast(pl.Int64), "person_ref", "bank", "last4")
    statements = frame.select(
        ids,
        pl.lit("statement").alias("source"),
        _path("person=", C("person_ref"), "/statements/", C("bank"), "_", C("last4"), ".csv").alias(
            "source_file"
        ),
        (C("bank").replace_strict(first_row_lines) + C("line_in_account") - 1).alias("line_no"),
        pl.lit(None, pl.String).alias("txn_id"),
    )
    alerts = sms.filter(C("row").is_not_null()).join(person, on="row", how="left")
    messages = alerts.select(
        ids,
        pl.lit("sms").alias("source"),
        _path("person=", C("person_ref"), "/sms/messages.jsonl").alias("source_file"),
        C("line_no"),
        pl.lit(None, pl.String).alias("txn_id"),
    )
    fip = C("bank").replace_strict({bank.key: bank.fip_id for bank in BANKS})
    bundles = aa.with_columns(C("row").cast(pl.Int64)).join(person, on="row", how="left")
    bundles = bundles.select(
        ids,
        pl.lit("aa").alias("source"),
        _path("person=", C("person_ref"), "/aa/", fip, "_", C("last4"), ".json").alias(
            "source_file"
        ),
        pl.lit(None, pl.Int64).alias("line_no"),
        C("txn_id"),
    )
    return pl.concat(
        [part.with_columns(C("line_no").cast(pl.Int64)) for part in (statements, messages, bundles)]
    ).select(SOURCE_ROW_COLUMNS)


def accounts_truth(accounts: pl.DataFrame) -> pl.DataFrame:
    return accounts.select(
        C("person_ref"),
        C("bank"),
        C("account_number"),
        C("last4").alias("account_last4"),
        C("ifsc"),
        C("branch"),
        C("fip_id"),
        C("is_primary"),
        C("has_aa"),
        C("opening_balance_paise"),
        C("closing_balance_paise"),
        pl.concat_str(
            [
                pl.lit("person="),
                C("person_ref"),
                pl.lit("/statements/"),
                C("bank"),
                pl.lit("_"),
                C("last4"),
                pl.lit(".csv"),
            ]
        ).alias("statement_file"),
        pl.when(C("has_aa"))
        .then(
            pl.concat_str(
                [
                    pl.lit("person="),
                    C("person_ref"),
                    pl.lit("/aa/"),
                    C("fip_id"),
                    pl.lit("_"),
                    C("last4"),
                    pl.lit(".json"),
                ]
            )
        )
        .alias("aa_file"),
    )
