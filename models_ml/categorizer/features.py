"""What the categorizer reads of a ledger row, and the rows it learns from.

A category is written in the payment's words: who was paid (``Swiggy``, ``Om Sweets``, a
person's name), what the bank printed around it (``Pay to merchant``, ``Self transfer``,
``rent``), the VPA's handle (``@okbizaxis`` is a shop's, ``@ybl`` anyone's), the channel, the
direction and roughly how much. Digits are noise here (RRNs, UTRs, card and phone numbers,
dates) and are stripped, so one payee's payments read alike.

Two columns are left out on purpose: ``is_p2m`` and "the VPA is a mobile number". The rules
lean on them (``person`` needs ``not is_p2m`` or a mobile VPA), so among the rows the rules
placed they mark *which rule fired*, not what was bought; a model fed them learns that rows like
the ones the rules missed belong to the few categories whose rules ignore them (gifts, movies).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from hisaab.settings import WarehouseLocation
from models_ml.store import read_frame

LEDGER_SQL = """
    select
        transaction_id, person_ref, business_date, amount_paise, direction, channel,
        counterparty, narration, vpa, category_id, category_source, is_transfer
    from marts.fct_ledger
"""
WORDED_COLUMNS = ["counterparty", "narration", "vpa", "channel", "direction"]
LABELLED_SOURCES = ("rule", "user")
UNPLACED_SOURCE = "none"
TEXT_COLUMNS = ["text", "payee"]
CATEGORICAL_COLUMNS = ["channel", "direction", "vpa_handle", "amount_bucket"]
FEATURE_COLUMNS = [*TEXT_COLUMNS, *CATEGORICAL_COLUMNS]
LABEL = "category_id"
# A correction is a person saying the rules were wrong: it counts as this many rule rows. (It
# already wins on its own transaction and on the payee's later ones: fct_ledger applies it.)
USER_WEIGHT = 5.0
MAX_AMOUNT_BUCKET = 24  # 2**24 rupees, about 1.7 crore: everything above looks alike
# Distinct rows one fit uses at most: TF-IDF and the regression cost grows with them, and they
# grow with people (each has payees of their own). Rare rows are sampled at no less than this.
MAX_TRAINING_ROWS = 150_000
MIN_RARE_RATE = 0.1


def load_ledger(location: WarehouseLocation) -> pl.DataFrame:
    """The ``LEDGER_SQL`` columns of every ledger row, in a stable order."""
    return read_frame(location, LEDGER_SQL).sort("transaction_id")


def normalized(words: pl.Expr) -> pl.Expr:
    """Lowercase letters only: digits, punctuation and masked ``XXXX`` runs become spaces."""
    letters = words.fill_null("").str.to_lowercase().str.replace_all(r"[^a-z]+", " ")
    return letters.str.replace_all(r"\bx{2,}\b", " ").str.replace_all(r" +", " ").str.strip_chars()


def with_features(ledger: pl.DataFrame) -> pl.DataFrame:
    """``ledger`` plus the ``FEATURE_COLUMNS`` (strings, never null)."""
    ledger = ledger.with_columns(pl.col(WORDED_COLUMNS).cast(pl.String))  # an all-null column too
    words = pl.concat_str(
        [pl.col("counterparty"), pl.col("narration"), pl.col("vpa")],
        separator=" ",
        ignore_nulls=True,
    )
    rupees = (pl.col("amount_paise") / 100).clip(lower_bound=1.0)
    return ledger.with_columns(
        normalized(words).alias("text"),
        normalized(pl.col("counterparty")).alias("payee"),
        pl.col("vpa").str.to_lowercase().str.split("@").list.get(1, null_on_oob=True)
        .fill_null("").alias("vpa_handle"),
        rupees.log(2).floor().clip(0, MAX_AMOUNT_BUCKET).cast(pl.Int64).cast(pl.String)
        .alias("amount_bucket"),
        pl.col("channel").fill_null(""),
        pl.col("direction").fill_null(""),
    )  # fmt: skip


def labelled(rows: pl.DataFrame) -> pl.DataFrame:
    """Rows the rules or a person placed: what the model learns from and is judged on."""
    return rows.filter(pl.col("category_source").is_in(LABELLED_SOURCES))


def training_table(rows: pl.DataFrame) -> pl.DataFrame:
    """Labelled rows collapsed to distinct (features, label) with a ``weight``: the row count,
    a correction counting ``USER_WEIGHT`` times. The same payee paid a thousand times is one
    row of the fit, not a thousand, so training grows with payees, not with payments; sorted,
    so the same data always gives the same matrix and the same fit."""
    weight = pl.when(pl.col("category_source") == "user").then(USER_WEIGHT).otherwise(1.0)
    return (
        labelled(rows)
        .group_by([*FEATURE_COLUMNS, LABEL])
        .agg(weight.sum().alias("weight"))
        .sort([*FEATURE_COLUMNS, LABEL])
    )


def bounded(table: pl.DataFrame, seed: int) -> pl.DataFrame:
    """A ``training_table`` cut to about ``MAX_TRAINING_ROWS``, the same for the same seed:
    rows seen ``USER_WEIGHT`` times or more (every correction among them) all kept, the rarer
    ones a seeded uniform sample weighted by 1/rate, so the weighted loss is still the whole
    table's. Smaller tables are returned as they are."""
    if table.height <= MAX_TRAINING_ROWS:
        return table
    common = pl.col("weight") >= USER_WEIGHT
    certain = table.filter(common).height
    rate = max((MAX_TRAINING_ROWS - certain) / (table.height - certain), MIN_RARE_RATE)
    draws = pl.Series(np.random.default_rng(seed).random(table.height))
    return table.filter(common | (draws < rate)).with_columns(
        pl.when(common).then(pl.col("weight")).otherwise(pl.col("weight") / rate)
    )
