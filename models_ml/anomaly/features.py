"""Per-person features of every ledger transaction, each from that person's past only.

What makes a payment worth a second look is relative: ₹5,000 is routine rent for one person
and ten times the usual for another's grocer. So every amount is compared with the same
person's earlier rows (same payee, same category, everything they paid) and, for charges a
person rarely sees, with everyone's earlier rows to that payee or of that kind of bank charge.
A payee never paid before, the same amount to the same payee minutes apart, bursts of debits,
an unusual hour and a payment that empties the account complete the picture. All of it is in
any real ledger.
"""

from __future__ import annotations

import polars as pl

from hisaab.settings import WarehouseLocation
from models_ml.anomaly import history
from models_ml.anomaly.rules import load_rule_hits, with_rules
from models_ml.store import read_frame

LEDGER_SQL = """
    select
        ledger.transaction_id, ledger.person_ref, ledger.account_id, ledger.occurred_at,
        ledger.business_date, ledger.amount_paise, ledger.direction, ledger.channel,
        ledger.counterparty, ledger.narration, ledger.vpa, ledger.merchant_id, ledger.category_id,
        ledger.category, categories.kind as category_kind, ledger.is_recurring,
        coalesce(
            ledger.balance_paise
            + case when ledger.direction = 'debit' then ledger.amount_paise
                else -ledger.amount_paise end,
            balances.opening_balance_paise
        ) as balance_before_paise
    from marts.fct_ledger as ledger
    left join marts.dim_categories as categories
        on ledger.category_id = categories.category_id
    left join marts.fct_account_balances_daily as balances
        on ledger.account_id = balances.account_id
        and ledger.business_date = balances.balance_date
"""
FEATURES = [
    "log_amount", "is_debit", "is_p2p", "is_fee", "is_recurring", "has_time",
    "payee_amount_z", "category_amount_z", "person_amount_z", "everyone_payee_amount_z",
    "is_new_payee", "payee_history", "person_history_days",
    "minutes_since_same_charge", "debits_last_hour", "debits_last_day",
    "hour_share", "share_of_balance",
]  # fmt: skip
# What the worded reason and the review queue quote, next to the features.
DISPLAY_COLUMNS = [
    "transaction_id", "person_ref", "business_date", "amount_paise", "direction", "payee_name",
    "category", "minutes_since_same", "payee_usual_paise", "person_usual_paise",
    "everyone_usual_paise",
]  # fmt: skip
_NOISE = r"[\d\W]+"  # digits and punctuation: amounts, dates, references in a narration
HOUR_BINS = 8  # three-hour parts of the day
DAY_MINUTES = 24 * 60.0
# With no time (a statement line), a row is placed at noon IST of its business date.
NOON_IST_IN_UTC = pl.duration(hours=6, minutes=30)


def load_ledger(location: WarehouseLocation) -> pl.DataFrame:
    """The ledger rows the detector scores, with the balance just before each (from the
    balance a source printed after it, else the day's opening balance)."""
    return read_frame(location, LEDGER_SQL)


def load_frame(location: WarehouseLocation) -> pl.DataFrame:
    """Features of every ledger row with the rule columns (``rules.RULE_FEATURES``): what the
    detector trains on and scores."""
    return with_rules(build_features(load_ledger(location)), load_rule_hits(location))


def order_rows(ledger: pl.DataFrame) -> pl.DataFrame:
    """Add the time, payee and day-part every feature keys on, sorted by person and time (the
    order `history` relies on; the transaction id breaks ties so reruns agree)."""
    noon = pl.col("business_date").cast(pl.Datetime("us")) + NOON_IST_IN_UTC
    payee = pl.coalesce(
        pl.col("merchant_id"),
        pl.col("vpa").str.to_lowercase(),
        pl.col("counterparty").str.strip_chars().str.to_uppercase(),
        # Bank charges name no payee: their narration without numbers names the kind of charge.
        pl.lit("narration:") + pl.col("narration").str.to_uppercase().str.replace_all(_NOISE, " "),
        pl.lit("category:") + pl.col("category_id"),
    )
    hour_ist = (pl.col("occurred_at") + pl.duration(hours=5, minutes=30)).dt.hour()
    return ledger.with_columns(
        pl.coalesce(pl.col("occurred_at"), noon).alias("at"),
        pl.coalesce("counterparty", "merchant_id", "narration").alias("payee_name"),
        pl.col("occurred_at").is_not_null().alias("has_time"),
        payee.alias("payee_key"),
        (hour_ist // (24 // HOUR_BINS)).alias("hour_bin"),
        (pl.col("direction") == "debit").alias("is_debit"),
        pl.col("amount_paise").cast(pl.Float64).log().alias("log_amount"),
    ).sort("person_ref", "at", "transaction_id")


def build_features(ledger: pl.DataFrame) -> pl.DataFrame:
    """One row per transaction: ids, the display facts reasons quote, and ``FEATURES``."""
    rows = _everyone_baseline(order_rows(ledger))
    person, payee = ["person_ref"], ["person_ref", "payee_key", "direction"]
    same_charge = ["person_ref", "payee_key", "amount_paise", "direction"]
    rows = rows.with_columns(
        history.robust_z("log_amount", payee).alias("payee_amount_z"),
        history.robust_z("log_amount", ["person_ref", "category_id", "direction"]).alias(
            "category_amount_z"
        ),
        history.robust_z("log_amount", ["person_ref", "direction"]).alias("person_amount_z"),
        history.prior_count(["person_ref", "payee_key"]).alias("payee_prior_rows"),
        _usual_paise(payee).alias("payee_usual_paise"),
        _usual_paise(["person_ref", "direction"]).alias("person_usual_paise"),
        history.minutes_since_previous(same_charge, DAY_MINUTES).alias("minutes_since_same"),
        history.debits_before(person, "1h").alias("debits_last_hour"),
        history.debits_before(person, "24h").alias("debits_last_day"),
        history.hour_share("person_ref", HOUR_BINS).alias("hour_share"),
        (pl.col("business_date") - pl.col("business_date").min().over(person))
        .dt.total_days()
        .alias("days_known"),
    )
    return rows.with_columns(_derived()).select(*DISPLAY_COLUMNS, *FEATURES)


def _everyone_baseline(rows: pl.DataFrame) -> pl.DataFrame:
    """Amount against everyone's earlier rows to the payee (or of the kind of bank charge): a
    person's first SMS charge has no history of their own, but everyone's ₹15 ones make a
    ₹1,500 one stand out."""
    by_time = rows.sort("at", "transaction_id")
    keys = ["payee_key", "direction"]
    return by_time.with_columns(
        history.robust_z("log_amount", keys).alias("everyone_payee_amount_z"),
        _usual_paise(keys).alias("everyone_usual_paise"),
    ).sort("person_ref", "at", "transaction_id")


def _usual_paise(keys: list[str]) -> pl.Expr:
    """The earlier median amount, in paise, that a reason quotes ("usually ₹149.00")."""
    return history.prior_median("log_amount", keys).exp().round().cast(pl.Int64)


def _derived() -> list[pl.Expr]:
    """The features that are plain functions of a row and its history columns."""
    debit = pl.col("is_debit")
    share = pl.col("amount_paise") / pl.col("balance_before_paise").clip(lower_bound=1)
    return [
        debit.cast(pl.Float64).alias("is_debit"),
        (pl.col("category_kind") == "p2p").fill_null(False).cast(pl.Float64).alias("is_p2p"),
        (pl.col("category") == "fees_charges").cast(pl.Float64).alias("is_fee"),
        pl.col("is_recurring").cast(pl.Float64),
        pl.col("has_time").cast(pl.Float64),
        (debit & (pl.col("payee_prior_rows") == 0)).cast(pl.Float64).alias("is_new_payee"),
        pl.col("payee_prior_rows").cast(pl.Float64).log1p().alias("payee_history"),
        pl.col("days_known").cast(pl.Float64).log1p().alias("person_history_days"),
        pl.col("minutes_since_same").log1p().alias("minutes_since_same_charge"),
        pl.col("debits_last_hour").cast(pl.Float64),
        pl.col("debits_last_day").cast(pl.Float64),
        pl.when(debit).then(share.clip(0.0, 2.0)).otherwise(0.0).fill_null(0.0)
        .alias("share_of_balance"),
    ]  # fmt: skip
