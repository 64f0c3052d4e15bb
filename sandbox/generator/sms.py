"""The SMS inbox of each person who exports one: alerts for most events, plus the noise.

About 85% of people export SMS; a phone misses some alerts (7%), and banks also send OTPs,
offers, balance updates and decline notices, about one for every ten alerts. Some UPI alerts
(12%) come in the bank's generic wording (``UPI {NAME}`` in its "other" template), which prints
no RRN: reconciliation must place them without a reference.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from sandbox.generator.catalog.banks import BANKS, SMS_OPERATOR_PREFIXES
from sandbox.generator.catalog.merchants import MERCHANTS
from sandbox.generator.common import SECONDS_PER_DAY, BoolArray, IntArray
from sandbox.generator.events import times_of_day
from sandbox.generator.ledger import Ledger
from sandbox.generator.sms_noise import NOISE_KINDS, noise_body, noise_header
from sandbox.generator.sms_routing import has_template, sender_header
from sandbox.generator.sms_templates import TEMPLATES, alert_body
from sandbox.generator.text import timestamp_text
from sandbox.generator.world import World

C = pl.col
DELIVERED_SHARE = 0.93
NOISE_PER_ALERT = 0.10
PLAIN_UPI_SHARE = 0.12  # HDFC has no generic wording for credits: its UPI credits keep the RRN


def sms_lines(
    rng: np.random.Generator,
    wording_rng: np.random.Generator,
    world: World,
    frame: pl.DataFrame,
    ledger: Ledger,
    accounts: pl.DataFrame,
) -> tuple[pl.DataFrame, BoolArray]:
    """``(person_ref, line, row, line_no)`` JSONL rows in inbox order, and which events got an
    alert. ``row`` is the event an alert reports (null for the noise) and ``line_no`` its 1-based
    line in the person's ``messages.jsonl``."""
    templated = frame.select(has_template()).to_series().to_numpy()
    exporter = world.population.has_sms[ledger.events.person]
    delivered = templated & exporter & (rng.random(frame.height) < DELIVERED_SHARE)
    delay = np.clip(rng.lognormal(np.log(8.0), 1.0, frame.height), 2, 1800).astype(np.int64)
    plain = _plain_upi(wording_rng, frame)
    chosen = frame.with_columns(received=C("at") + delay, plain_alert=pl.Series(plain)).filter(
        pl.Series(delivered)
    )
    alerts = pl.concat(
        [
            chosen.filter(C("bank") == bank).select(
                C("person"),
                C("person_ref"),
                C("received"),
                C("row").cast(pl.Int64),
                pl.lit(0).alias("source"),
                sender_header().alias("header"),
                alert_body(bank).alias("body"),
            )
            for bank in TEMPLATES
        ]
    )
    alerts_per_person = np.bincount(
        ledger.events.person[delivered], minlength=world.population.size
    )
    noise = _noise(rng, world, ledger, accounts, alerts_per_person)
    inbox = pl.concat([alerts, noise]).with_row_index("seq").sort("person", "received", "seq")
    prefixes = pl.Series(SMS_OPERATOR_PREFIXES).gather(
        rng.integers(0, len(SMS_OPERATOR_PREFIXES), inbox.height)
    )
    line = pl.struct(
        pl.concat_str([prefixes, pl.lit("-"), C("header")]).alias("sender"),
        timestamp_text(C("received"), "+05:30").alias("received_at"),
        C("body"),
    ).struct.json_encode()
    return inbox.select(
        C("person_ref"),
        line.alias("line"),
        C("row"),
        (pl.int_range(1, pl.len() + 1, dtype=pl.Int64).over("person")).alias("line_no"),
    ), delivered


def _plain_upi(rng: np.random.Generator, frame: pl.DataFrame) -> BoolArray:
    """UPI alerts sent in the bank's generic wording, without the RRN."""
    eligible = frame.select(
        (C("channel") == "upi") & ~((C("bank") == "hdfc") & C("is_credit"))
    ).to_series()
    return eligible.to_numpy() & (rng.random(frame.height) < PLAIN_UPI_SHARE)


def _noise(
    rng: np.random.Generator,
    world: World,
    ledger: Ledger,
    accounts: pl.DataFrame,
    alerts_per_person: IntArray,
) -> pl.DataFrame:
    people = world.population
    count = rng.poisson(NOISE_PER_ALERT * alerts_per_person) * people.has_sms
    person = np.repeat(np.arange(people.size, dtype=np.int64), count)
    account = people.pick_accounts(rng, person)
    day = rng.integers(world.period.start_day, world.period.end_day + 1, person.size)
    received = times_of_day(rng, day, ((8.0, 22.5, 1.0),))
    weights = np.array([k[1] for k in NOISE_KINDS])
    frame = pl.DataFrame(
        {
            "person": person,
            "person_ref": accounts["person_ref"].gather(account),
            "received": received,
            "day": received // SECONDS_PER_DAY,
            "kind": pl.Series([k[0] for k in NOISE_KINDS]).gather(
                rng.choice(weights.size, person.size, p=weights / weights.sum())
            ),
            "bank": pl.Series([b.key for b in BANKS]).gather(people.account_bank[account]),
            "bank_display": pl.Series([b.display for b in BANKS]).gather(
                people.account_bank[account]
            ),
            "last4": accounts["last4"].gather(account),
            "amount_paise": (rng.lognormal(np.log(1500.0), 0.9, person.size) * 100).astype(np.int64)
            // 100
            * 100,
            "balance_paise": _balance_at(ledger, account, received),
            "merchant": pl.Series([m[1] for m in MERCHANTS]).gather(
                rng.integers(0, len(MERCHANTS), person.size)
            ),
            "otp": pl.Series(rng.integers(100_000, 1_000_000, person.size)).cast(pl.String),
            "variant": rng.integers(0, 4, person.size),
        }
    )
    return frame.select(
        C("person"),
        C("person_ref"),
        C("received"),
        pl.lit(None, pl.Int64).alias("row"),
        pl.lit(1).alias("source"),
        noise_header().alias("header"),
        noise_body().alias("body"),
    )


def _balance_at(ledger: Ledger, account: IntArray, at: IntArray) -> IntArray:
    """Each account's balance at a moment: after its last event before then, else the opening."""
    events = ledger.events
    keys = (events.account << 32) | ledger.posted_at  # the ledger's order: as the bank booked
    index = np.searchsorted(keys, (account << 32) | at, side="right") - 1
    safe = np.maximum(index, 0)
    same = (index >= 0) & (events.account[safe] == account)
    return np.where(same, ledger.balance_paise[safe], ledger.opening_paise[account])
