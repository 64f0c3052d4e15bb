"""The ground truth (``_truth/``): every true event and which sources it reached.

Ingestion never reads this folder (a leading ``_`` hides it); tests and evaluations do.
"""

from __future__ import annotations

import polars as pl

from sandbox.generator.common import IST_OFFSET_SECONDS
from sandbox.generator.text import day_text, timestamp_text

C = pl.col


def transactions_truth(frame: pl.DataFrame) -> pl.DataFrame:
    width = max(8, len(str(frame.height)))
    return frame.select(
        pl.concat_str([pl.lit("T"), (C("row") + 1).cast(pl.String).str.zfill(width)]).alias(
            "canonical_txn_id"
        ),
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
    )


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
