"""Everyday spending drawn as Poisson counts over a person × day grid, all people at once.

A person's daily rate is their habit's monthly rate scaled by activity, income and city tier,
then by the day of the week and the festival calendar.
"""

from __future__ import annotations

import numpy as np

from sandbox.generator.common import IntArray
from sandbox.generator.events import CHANNEL, NO_NOTE, Events, make_events, round_to, times_of_day
from sandbox.generator.habits import ATM_AMOUNTS, HABITS, P2P_NOTES, REFUND_SHARE, Habit
from sandbox.generator.seasons import festival_multiplier, weekly_multiplier
from sandbox.generator.world import World

DAYS_PER_MONTH = 365.25 / 12
UPI_LIMIT_PAISE = 1_00_000 * 100
CONTACT_ODDS = np.array([0.0, 0.25, 0.2, 0.15, 0.12, 0.1, 0.1, 0.08])
SHOP_ODDS = np.array([0.6, 0.3, 0.1])


def everyday_spending(rng: np.random.Generator, world: World) -> Events:
    spend = Events.concat([*(_habit(rng, world, habit) for habit in HABITS), _atm(rng, world)])
    return Events.concat([spend, _refunds(rng, world, spend)])


def occurrences(rng: np.random.Generator, world: World, habit: Habit) -> tuple[IntArray, IntArray]:
    """``(person, day)`` of every occurrence of a habit in the period."""
    people = world.population
    days = world.period.days
    rate = habit.per_month / DAYS_PER_MONTH * people.activity * np.sqrt(people.income_factor)
    rate = (
        rate
        * np.array(habit.tier_factor)[people.tier - 1]
        * (rng.random(people.size) < habit.share)
    )
    day_factor = weekly_multiplier(days, habit.weekend) * festival_multiplier(days, habit.festival)
    counts = rng.poisson(rate[:, None] * day_factor[None, :])
    who, when = np.nonzero(counts)
    repeats = counts[who, when]
    return np.repeat(who, repeats).astype(np.int64), days[np.repeat(when, repeats)]


def _habit(rng: np.random.Generator, world: World, habit: Habit) -> Events:
    person, day = occurrences(rng, world, habit)
    party, note = _counterparties(rng, world, habit, person)
    card = rng.random(person.size) < habit.card_share
    return make_events(
        person=person,
        account=world.pick(rng, person),
        at=times_of_day(rng, day, habit.hours),
        amount_paise=_amounts(rng, world, habit, person),
        credit=habit.credit,
        channel=np.where(card, CHANNEL["card"], CHANNEL["upi"]),
        category=habit.category,
        party=party,
        note=note,
    )


def _amounts(rng: np.random.Generator, world: World, habit: Habit, person: IntArray) -> IntArray:
    median = habit.median_rupees * 100 * world.population.income_factor[person] ** 0.6
    amount = (median * rng.lognormal(0.0, habit.spread, person.size)).astype(np.int64)
    if not habit.paise:
        amount = round_to(amount, 1)
    rounded = rng.random(person.size) < habit.round_share
    amount = np.where(rounded, round_to(amount, habit.round_step), amount)
    return np.minimum(amount, UPI_LIMIT_PAISE - 5_000 * 100)


def _counterparties(
    rng: np.random.Generator, world: World, habit: Habit, person: IntArray
) -> tuple[IntArray, IntArray]:
    kind = habit.parties[0][0]
    parties = world.parties
    if kind == "contact":
        slot = rng.choice(CONTACT_ODDS.size, person.size, p=CONTACT_ODDS)
        notes = world.notes.many(list(P2P_NOTES))
        return parties.contact(person, slot), notes[rng.integers(0, notes.size, person.size)]
    no_note = np.full(person.size, NO_NOTE, dtype=np.int64)
    if kind == "shop":
        return parties.shop(person, rng.choice(SHOP_ODDS.size, person.size, p=SHOP_ODDS)), no_note
    merchants = np.array([parties.merchant[key] for key, _ in habit.parties])
    weights = np.array([weight for _, weight in habit.parties])
    weights = weights / weights.sum()
    favourite = rng.choice(merchants.size, world.population.size, p=weights)
    any_one = rng.choice(merchants.size, person.size, p=weights)
    loyal = rng.random(person.size) < 0.6
    return merchants[np.where(loyal, favourite[person], any_one)], no_note


def _atm(rng: np.random.Generator, world: World) -> Events:
    habit = Habit(
        "cash_withdrawal",
        (("atm", 1.0),),
        1.3,
        0,
        0,
        ((8.0, 22.0, 1.0),),
        (0.8, 1.1, 1.6),
        weekend=1.2,
        festival="groceries",
    )
    person, day = occurrences(rng, world, habit)
    weights = np.array([a[1] for a in ATM_AMOUNTS])
    rupees = np.array([a[0] for a in ATM_AMOUNTS])[
        rng.choice(weights.size, person.size, p=weights / weights.sum())
    ]
    account = world.pick(rng, person)
    return make_events(
        person=person,
        account=account,
        at=times_of_day(rng, day, habit.hours),
        amount_paise=rupees * 100,
        credit=False,
        channel="atm",
        category="cash_withdrawal",
        party=world.parties.bank_base + world.bank_of(account),
    )


def _refunds(rng: np.random.Generator, world: World, spend: Events) -> Events:
    """A share of online orders paid by UPI come back days later, in full or in part."""
    online = np.isin(
        spend.party, [world.parties.merchant[k] for k in ("amazon", "flipkart", "myntra")]
    )
    chosen = spend.take(
        online & (spend.channel == CHANNEL["upi"]) & (rng.random(spend.size) < REFUND_SHARE)
    )
    full = rng.random(chosen.size) < 0.75
    partial = round_to(chosen.amount_paise * rng.uniform(0.3, 0.9, chosen.size), 1)
    later = (
        chosen.at
        + rng.integers(3, 13, chosen.size) * 86_400
        + rng.integers(-20_000, 20_000, chosen.size)
    )
    refunds = make_events(
        person=chosen.person,
        account=chosen.account,
        at=later,
        amount_paise=np.where(full, chosen.amount_paise, np.minimum(partial, chosen.amount_paise)),
        credit=True,
        channel="upi",
        category="refund",
        party=chosen.party,
        note=world.notes("Refund"),
    )
    return refunds.take(world.period.contains(refunds.day))
