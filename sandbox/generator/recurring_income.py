"""Money that arrives or moves on a timetable: salary and transfers between own accounts."""

from __future__ import annotations

import numpy as np

from sandbox.generator.catalog.banks import BANKS
from sandbox.generator.catalog.merchants import EMPLOYERS
from sandbox.generator.events import CHANNEL, Events, make_events, round_to, times_of_day
from sandbox.generator.seasons import first_working_day, last_working_day
from sandbox.generator.world import World

# Payroll NEFT batches: mostly office hours, some in the late-evening settlement windows.
BANK_HOURS = ((9.5, 13.0, 0.6), (13.0, 18.0, 0.25), (20.0, 23.5, 0.15))
IMPS_BANKS = np.array(["imps" in bank.channels for bank in BANKS])


def salaries(rng: np.random.Generator, world: World) -> Events:
    """Most employers pay by NEFT on the first working day, some on the last one or the 7th."""
    people = world.population
    person = np.arange(people.size, dtype=np.int64)
    rule = rng.choice(3, people.size, p=[0.6, 0.3, 0.1])
    employer = world.parties.employer_base + rng.integers(0, len(EMPLOYERS), people.size)
    person, day, month = world.monthly(person, np.ones(people.size, dtype=np.int64))
    firsts, lengths = world.period.month_firsts(), world.period.month_lengths()
    day = np.select(
        [rule[person] == 0, rule[person] == 1],
        [first_working_day(firsts)[month], last_working_day(firsts, lengths)[month]],
        firsts[month] + 6,
    )
    keep = world.period.contains(day)
    person, day = person[keep], day[keep]
    return make_events(
        person=person,
        account=world.primary(person),
        at=times_of_day(rng, day, BANK_HOURS),
        amount_paise=people.salary_paise[person],
        credit=True,
        channel="neft",
        category="salary",
        party=employer[person],
    ).in_series("salary", person)


def own_transfers(rng: np.random.Generator, world: World) -> Events:
    """Monthly top-up from the salary account to each other account: two legs, one reference."""
    source, target = world.population.second_accounts()
    owner = world.population.account_person[target]
    share = rng.uniform(0.08, 0.25, target.size)
    person, day, _ = world.monthly(np.arange(target.size), rng.integers(3, 10, target.size))
    link = person  # here "person" indexes the (source, target) pair
    at = times_of_day(rng, day, ((8.0, 23.0, 1.0),))
    amount = round_to(world.population.salary_paise[owner[link]] * share[link], 1000)
    both_imps = IMPS_BANKS[world.bank_of(source[link])] & IMPS_BANKS[world.bank_of(target[link])]
    channel = np.where(both_imps & (rng.random(link.size) < 0.6), CHANNEL["imps"], CHANNEL["upi"])
    note = world.notes("Self transfer")
    legs = [
        make_events(
            person=owner[link],
            account=src,
            at=at,
            amount_paise=amount,
            credit=credit,
            channel=channel,
            category="self_transfer",
            party=world.parties.self_base + dst,
            note=note,
        ).in_series(kind, target[link])
        for src, dst, credit, kind in (
            (source[link], target[link], False, "own_transfer_out"),
            (target[link], source[link], True, "own_transfer_in"),
        )
    ]
    pair_id = np.arange(link.size, dtype=np.int64)
    return Events.concat([leg.replace(pair=pair_id) for leg in legs])
