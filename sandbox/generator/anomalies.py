"""Anomalies an alerting model should catch, injected into about 0.5% of events.

Only the ground truth says which events they are: in the sources they look like any other line.
"""

from __future__ import annotations

import numpy as np

from sandbox.generator.events import (
    ANOMALIES,
    CATEGORY,
    CHANNEL,
    Events,
    make_events,
    round_to,
    times_of_day,
)
from sandbox.generator.fees import charge
from sandbox.generator.world import World

ANOMALY_SHARE = 0.005
MERCHANT_CATEGORIES = ("food_delivery", "groceries", "transport", "shopping", "entertainment")


def inject_anomalies(rng: np.random.Generator, world: World, events: Events) -> Events:
    wanted = round(events.size * ANOMALY_SHARE)
    duplicates = _duplicate_charges(rng, events, wanted // 2)
    strangers = _large_new_payees(rng, world, wanted * 3 // 10)
    spikes = _fee_spikes(rng, world, wanted - wanted // 2 - wanted * 3 // 10)
    return Events.concat([events, duplicates, strangers, spikes])


def _marked(events: Events, kind: str) -> Events:
    return events.one_off().replace(
        anomaly=np.full(events.size, ANOMALIES.index(kind), dtype=np.int64)
    )


def _duplicate_charges(rng: np.random.Generator, events: Events, count: int) -> Events:
    """A merchant charges the same amount twice within minutes (new reference each time)."""
    categories = [CATEGORY[name] for name in MERCHANT_CATEGORIES]
    candidates = np.flatnonzero(~events.is_credit & np.isin(events.category, categories))
    if candidates.size == 0 or count == 0:
        return Events.empty()
    chosen = np.sort(rng.choice(candidates, min(count, candidates.size), replace=False))
    copies = events.take(chosen)
    later = copies.at + rng.integers(30, 600, copies.size)
    same_day = later // 86_400 == copies.day
    return _marked(copies.replace(at=later).take(same_day), "duplicate_charge")


def _large_new_payees(rng: np.random.Generator, world: World, count: int) -> Events:
    """An unusually large transfer to someone never paid before (the person's 'stranger')."""
    people = world.population
    if count == 0:
        return Events.empty()
    person = np.sort(rng.choice(people.size, count, replace=count > people.size)).astype(np.int64)
    day = rng.integers(world.period.start_day, world.period.end_day + 1, count)
    amount = round_to(rng.uniform(25_000, 95_000, count) * 100, 1000)
    imps = rng.random(count) < 0.4
    notes = world.notes.many(["Payment", "urgent", "NA", "advance"])
    events = make_events(
        person=person,
        account=world.pick(rng, person),
        at=times_of_day(rng, day, ((0.0, 24.0, 1.0),)),
        amount_paise=amount,
        credit=False,
        channel=np.where(imps, CHANNEL["imps"], CHANNEL["upi"]),
        category="p2p_transfer",
        party=world.parties.stranger_base + person,
        note=notes[rng.integers(0, 4, count)],
    )
    return _marked(events, "large_payment_new_payee")


def _fee_spikes(rng: np.random.Generator, world: World, count: int) -> Events:
    """SMS charges posted at many times their usual ₹15."""
    if count <= 0:
        return Events.empty()
    account = np.sort(rng.integers(0, world.population.account_person.size, count))
    day = rng.integers(world.period.start_day, world.period.end_day + 1, count)
    base = rng.integers(25, 120, count) * 1500
    return _marked(charge(rng, world, account, day, base, "SMS"), "fee_spike")
