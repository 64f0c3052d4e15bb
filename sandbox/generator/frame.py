"""The settled ledger as one wide polars frame: each event with its account, party and texts.

Rows stay in ledger order (account, then when the bank booked them), which is also the order of
the ground truth ids. ``at``/``day`` are when the money moved, ``posted_at``/``posted_day`` when
the bank booked it (the next morning for late batched entries, see ``posting``).
Columns come by positional gathers, never joins, so the order can never drift.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sandbox.generator.catalog.merchants import UTR_PREFIX
from sandbox.generator.common import SECONDS_PER_DAY
from sandbox.generator.events import (
    ANOMALIES,
    CATEGORIES,
    CHANNELS,
    SERIES_KINDS,
    SERIES_STRIDE,
)
from sandbox.generator.ledger import Ledger
from sandbox.generator.parties import Parties
from sandbox.generator.world import World

ACCOUNT_COLUMNS = (
    "person_ref",
    "bank",
    "account_number",
    "last4",
    "holder",
    "city",
    "city_code",
    "card6",
    "card4",
    "sol",
    "has_aa",
)


def ledger_frame(world: World, ledger: Ledger, accounts: pl.DataFrame) -> pl.DataFrame:
    events = ledger.events
    note = events.note
    core = pl.DataFrame(
        {
            "account": events.account,
            "person": events.person,
            "at": events.at,
            "day": events.day,
            "posted_at": ledger.posted_at,
            "posted_day": ledger.posted_at // SECONDS_PER_DAY,
            "amount_paise": events.amount_paise,
            "is_credit": events.is_credit,
            "channel": pl.Series(CHANNELS).gather(events.channel),
            "category": pl.Series(CATEGORIES).gather(events.category),
            "anomaly": pl.Series(ANOMALIES).gather(events.anomaly),
            "series_kind": pl.Series(("", *SERIES_KINDS)).gather(
                np.where(events.series >= 0, events.series // SERIES_STRIDE + 1, 0)
            ),
            "series_key": events.series % SERIES_STRIDE,
            "balance_paise": ledger.balance_paise,
            "reference_number": ledger.reference,
            "event_note": pl.Series(world.notes.texts or [""], dtype=pl.String).gather(
                np.maximum(note, 0)
            ),
            "has_note": note >= 0,
        }
    )
    parties = _party_columns(world.parties)[events.party]
    account_part = accounts.select(ACCOUNT_COLUMNS)[events.account]
    frame = core.hstack(account_part.get_columns()).hstack(parties.get_columns())
    return (
        frame.with_columns(
            pl.when(pl.col("has_note"))
            .then(pl.col("event_note"))
            .otherwise(pl.col("party_note"))
            .fill_null("UPI")
            .alias("note"),
            _reference().alias("reference"),
            _atm_id().alias("atm_id"),
        )
        .drop("event_note", "has_note", "party_note")
        .with_row_index("row")
        .with_columns(
            (pl.int_range(pl.len()).over("account") + 1).alias("line_in_account"),
        )
    )


def _party_columns(parties: Parties) -> pl.DataFrame:
    return parties.frame.select(
        pl.col("party_name"),
        pl.col("vpa"),
        pl.col("ifsc").alias("party_ifsc"),
        pl.col("bank_code").alias("party_bank_code"),
        pl.col("party_last4"),
        pl.col("brand"),
        pl.col("is_person"),
        pl.col("party_note"),
    )


def _reference() -> pl.Expr:
    """RRN, IMPS/NACH ref as 12 digits; NEFT as a UTR led by the remitting bank's prefix."""
    number = pl.col("reference_number").cast(pl.String).str.zfill(12)
    utr_lead = pl.col("party_bank_code").replace_strict(
        UTR_PREFIX, default=pl.concat_str([pl.col("party_bank_code"), pl.lit("N")])
    )
    return (
        pl.when(pl.col("reference_number") < 0)
        .then(pl.lit(None, pl.String))
        .when(pl.col("channel") == "neft")
        .then(pl.concat_str([utr_lead, number]))
        .otherwise(number)
    )


def _atm_id() -> pl.Expr:
    """A terminal id in the city, derived from the withdrawal's reference (no extra randomness)."""
    number = pl.col("reference_number")
    return pl.concat_str(
        [
            pl.lit("S1"),
            pl.lit("ABN").str.slice(number % 3, 1),
            pl.col("city_code"),
            (number // 7 % 40).cast(pl.String).str.zfill(3),
        ]
    )
