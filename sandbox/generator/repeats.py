"""Identical payments on one day, on purpose: the cases a reconciler must not merge.

Real ledgers are full of them: the morning and the evening chai at the same stall for the same
₹20, a second coffee by card, cash taken out in two goes because of the per-withdrawal limit.
Same account, amount, direction and day; only the order of the day tells them apart.
"""

from __future__ import annotations

import numpy as np

from sandbox.generator.common import SECONDS_PER_DAY
from sandbox.generator.events import CHANNEL, Events, make_events, times_of_day
from sandbox.generator.world import World

CHAI_SHARE = 0.35  # of people with a regular stall
CHAI_DAYS_PER_MONTH = 4.0
CHAI_RUPEES = np.array([15, 20, 25, 30, 40, 50])
CHAI_HOURS = (((7.0, 10.0, 1.0),), ((16.0, 19.0, 1.0),), ((21.0, 23.0, 1.0),))
CARD_REPEAT_SHARE = 0.05  # of small card payments bought again later that day
CARD_REPEAT_LIMIT_PAISE = 1_500 * 100
ATM_SPLIT_SHARE = 0.10  # of withdrawals taken in two goes a few minutes apart


def chai_rounds(rng: np.random.Generator, world: World) -> Events:
    """Two or three UPI payments of one person's usual amount to their stall on some days."""
    people = world.population
    regulars = world.participants(rng, CHAI_SHARE)
    price = CHAI_RUPEES[rng.integers(0, CHAI_RUPEES.size, people.size)] * 100
    days = world.period.days
    counts = rng.poisson(CHAI_DAYS_PER_MONTH * days.size / 30.4, regulars.size)
    person = np.repeat(regulars, counts)
    day = rng.integers(days[0], days[-1] + 1, person.size)
    rounds = 2 + (rng.random(person.size) < 0.3)
    batches = []
    for cup, hours in enumerate(CHAI_HOURS):
        who = person[rounds > cup]
        batches.append(
            make_events(
                person=who,
                account=world.primary(who),
                at=times_of_day(rng, day[rounds > cup], hours),
                amount_paise=price[who],
                credit=False,
                channel="upi",
                category="groceries",
                party=world.parties.shop(who, np.zeros(who.size, dtype=np.int64)),
            )
        )
    return Events.concat(batches)


def second_payments(rng: np.random.Generator, events: Events) -> Events:
    """Copies of some card payments and ATM withdrawals, later the same day, same amount."""
    card = (
        (events.channel == CHANNEL["card"])
        & ~events.is_credit
        & (events.amount_paise <= CARD_REPEAT_LIMIT_PAISE)
        & (rng.random(events.size) < CARD_REPEAT_SHARE)
    )
    atm = (events.channel == CHANNEL["atm"]) & (rng.random(events.size) < ATM_SPLIT_SHARE)
    gap = np.where(
        card,
        rng.integers(20 * 60, 4 * 3600, events.size),
        rng.integers(60, 6 * 60, events.size),
    )
    later = events.at + gap
    chosen = (card | atm) & (later // SECONDS_PER_DAY == events.day)
    copies = events.take(chosen).one_off()
    return copies.replace(at=later[chosen])
