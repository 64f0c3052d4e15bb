"""Plans that renew: prepaid mobile every 28 or 84 days, broadband monthly, OTT subscriptions.

Plan prices are the public list prices (GST included), so the same amount repeats exactly.
"""

from __future__ import annotations

import numpy as np

from sandbox.generator.common import IntArray
from sandbox.generator.events import CHANNEL, Events, make_events, times_of_day
from sandbox.generator.world import World

DAYTIME = ((7.0, 12.0, 0.4), (12.0, 18.0, 0.3), (18.0, 23.5, 0.3))
AUTOPAY = ((5.0, 11.0, 1.0),)
TELCOS = (("jio", 0.45), ("airtel", 0.38), ("vi", 0.17))
MONTHLY_PLANS = (199, 249, 299, 349, 399)
QUARTERLY_PLANS = (719, 859, 949)
BROADBAND = (("act", 0.35), ("xstream", 0.35), ("jiofiber", 0.30))
BROADBAND_PLANS = (589, 799, 999, 1179)
BROADBAND_SHARE = np.array([0.0, 0.55, 0.35, 0.20])
# (merchant, share of people, monthly prices, renews every n months)
OTT = (
    ("netflix", 0.25, (149, 199, 499, 649), 1),
    ("hotstar", 0.20, (149, 299), 1),
    ("spotify", 0.15, (119, 139), 1),
    ("prime", 0.12, (1499,), 12),
)


def mobile_recharges(rng: np.random.Generator, world: World) -> Events:
    """Prepaid packs renew on a 28- or 84-day cycle, not on a calendar date."""
    people = world.population
    size = people.size
    cycle = np.where(rng.random(size) < 0.75, 28, 84)
    price = np.where(
        cycle == 28,
        np.array(MONTHLY_PLANS)[rng.integers(0, len(MONTHLY_PLANS), size)],
        np.array(QUARTERLY_PLANS)[rng.integers(0, len(QUARTERLY_PLANS), size)],
    )
    telco = _pick_merchant(rng, world, TELCOS, size)
    span = world.period.end_day - world.period.start_day + 1
    renewals = span // 28 + 1
    person = np.repeat(np.arange(size, dtype=np.int64), renewals)
    nth = np.tile(np.arange(renewals), size)
    day = world.period.start_day + rng.integers(0, 28, size)[person] + nth * cycle[person]
    keep = world.period.contains(day)
    person, day = person[keep], day[keep]
    return make_events(
        person=person,
        account=world.pick(rng, person),
        at=times_of_day(rng, day, DAYTIME),
        amount_paise=price[person] * 100,
        credit=False,
        channel="upi",
        category="telecom",
        party=telco[person],
    ).in_series("mobile_recharge", person)


def broadband(rng: np.random.Generator, world: World) -> Events:
    people = world.population
    homes = world.participants(rng, BROADBAND_SHARE[people.tier])
    provider = _pick_merchant(rng, world, BROADBAND, people.size)
    price = np.array(BROADBAND_PLANS)[rng.integers(0, len(BROADBAND_PLANS), people.size)]
    person, day, _ = world.monthly(homes, rng.integers(1, 29, homes.size))
    by_card = rng.random(people.size) < 0.3
    return make_events(
        person=person,
        account=world.pick(rng, person),
        at=times_of_day(rng, day, DAYTIME),
        amount_paise=price[person] * 100,
        credit=False,
        channel=np.where(by_card[person], CHANNEL["card"], CHANNEL["upi"]),
        category="telecom",
        party=provider[person],
    ).in_series("broadband", person)


def streaming(rng: np.random.Generator, world: World) -> Events:
    """OTT subscriptions by UPI AutoPay or card, on the day the person signed up."""
    people = world.population
    batches = []
    for merchant, share, prices, every in OTT:
        members = world.participants(rng, np.clip(share * people.income_factor, 0, 0.9))
        price = np.array(prices)[rng.integers(0, len(prices), people.size)]
        person, day, month = world.monthly(members, rng.integers(1, 29, members.size))
        renews = month % every == rng.integers(0, every, people.size)[person]
        person, day = person[renews], day[renews]
        by_card = rng.random(people.size) < 0.4
        batches.append(
            make_events(
                person=person,
                account=world.pick(rng, person),
                at=times_of_day(rng, day, AUTOPAY),
                amount_paise=price[person] * 100,
                credit=False,
                channel=np.where(by_card[person], CHANNEL["card"], CHANNEL["upi"]),
                category="subscriptions",
                party=np.full(person.size, world.parties.merchant[merchant]),
            ).in_series(merchant, person)
        )
    return Events.concat(batches)


def _pick_merchant(
    rng: np.random.Generator, world: World, choices: tuple[tuple[str, float], ...], size: int
) -> IntArray:
    weights = np.array([c[1] for c in choices])
    index = np.array([world.parties.merchant[c[0]] for c in choices])
    return index[rng.choice(len(choices), size, p=weights / weights.sum())]
