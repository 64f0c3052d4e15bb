"""From a heap of events to bank books: channel routing, posting, order, balances, references.

Events are ordered as the bank books them (``posting``): a late-evening card payment posted the
next morning comes after that morning's earlier entries, and the balances follow that order.
Opening balances are chosen after the fact so that no account ever goes below zero: the lowest
point of each account's running total decides how much it must have started with.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sandbox.generator.catalog.banks import BANKS
from sandbox.generator.common import SECONDS_PER_DAY, IntArray, unique_random
from sandbox.generator.events import CHANNEL, CHANNELS, Events
from sandbox.generator.posting import posted_times
from sandbox.generator.world import World

# Channels each bank can print; anything else goes over UPI (see catalog.banks).
PRINTABLE = np.array([[name in bank.channels for name in CHANNELS] for bank in BANKS])
NUMERIC_REFERENCE = np.isin(
    np.arange(len(CHANNELS)), [CHANNEL[c] for c in ("upi", "imps", "atm", "nach", "neft")]
)


@dataclass(frozen=True)
class Ledger:
    events: Events
    balance_paise: IntArray
    opening_paise: IntArray
    closing_paise: IntArray
    reference: IntArray  # 12 digits (RRN, IMPS or NACH ref, UTR body); -1 when none
    posted_at: IntArray  # IST seconds when the bank booked the event (>= events.at)


def settle(rng: np.random.Generator, world: World, events: Events) -> Ledger:
    events = _route(world, events)
    inside = world.period.contains(events.day)
    events = events.take(inside)
    posted = posted_times(world, events)
    order = np.lexsort((np.arange(events.size), events.at, posted, events.account))
    events, posted = events.take(order), posted[order]
    accounts = world.population.account_person.size
    signed = np.where(events.is_credit, events.amount_paise, -events.amount_paise)
    running = np.cumsum(signed)
    starts = np.searchsorted(events.account, np.arange(accounts))
    before = np.concatenate([[0], running])[starts]
    running = running - before[events.account]
    lowest = np.zeros(accounts, dtype=np.int64)
    np.minimum.at(lowest, events.account, running)
    opening = world.population.account_base_paise - lowest
    totals = np.zeros(accounts, dtype=np.int64)
    np.add.at(totals, events.account, signed)
    return Ledger(
        events=events,
        balance_paise=opening[events.account] + running,
        opening_paise=opening,
        closing_paise=opening + totals,
        reference=_references(rng, events),
        posted_at=posted,
    )


def _route(world: World, events: Events) -> Events:
    bank = world.bank_of(events.account)
    printable = PRINTABLE[bank, events.channel]
    return events.replace(channel=np.where(printable, events.channel, CHANNEL["upi"]))


def _references(rng: np.random.Generator, events: Events) -> IntArray:
    """RRN-shaped numbers: year digit, day of year, hour, then six digits, distinct overall.

    Both legs of an own-account transfer carry the same reference, as the real rails do.
    """
    day = events.day
    year = day.astype("datetime64[D]").astype("datetime64[Y]")
    day_of_year = day - year.astype("datetime64[D]").astype(np.int64) + 1
    hour = (events.at % SECONDS_PER_DAY) // 3600
    prefix = ((year.astype(np.int64) + 1970) % 10 * 1000 + day_of_year) * 100 + hour
    reference = unique_random(rng, prefix.astype(np.int64), 6)
    legs = np.flatnonzero(events.pair >= 0)
    legs = legs[np.argsort(events.pair[legs], kind="stable")]
    reference[legs[1::2]] = reference[legs[0::2]]
    return np.where(NUMERIC_REFERENCE[events.channel], reference, -1)
