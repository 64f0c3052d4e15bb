"""Bills that come round every month: rent, EMIs and SIPs by NACH, power, phone, broadband, OTT.

Amounts follow how they are set in life: rent and SIPs are round, EMIs fixed to the rupee,
recharges and subscriptions are plan prices, electricity varies with the season.
"""

from __future__ import annotations

import numpy as np

from sandbox.generator.catalog.merchants import (
    CARD_BILLERS,
    INSURANCE_BILLERS,
    LOAN_BILLERS,
    SIP_BILLERS,
)
from sandbox.generator.catalog.places import CITIES
from sandbox.generator.common import IntArray
from sandbox.generator.events import CHANNEL, Events, make_events, round_to, times_of_day
from sandbox.generator.world import World

DAYTIME = ((8.0, 12.0, 0.4), (12.0, 18.0, 0.35), (18.0, 23.0, 0.25))
# Most NACH debits run in the early-morning batch; some billers present in the evening one,
# which banks book the next morning (see posting).
ACH_HOURS = ((1.0, 7.0, 0.8), (21.0, 23.5, 0.2))
RENTER_SHARE = np.array([0.0, 0.68, 0.55, 0.40])  # by city tier


def rent(rng: np.random.Generator, world: World) -> Events:
    """Rent to the landlord by UPI (or IMPS) between the 1st and the 5th."""
    people = world.population
    renters = world.participants(rng, RENTER_SHARE[people.tier])
    share = rng.uniform(0.18, 0.35, people.size)
    person, day, _ = world.monthly(renters, rng.integers(1, 6, renters.size))
    imps = rng.random(people.size) < 0.25
    return make_events(
        person=person,
        account=world.primary(person),
        at=times_of_day(rng, day, DAYTIME),
        amount_paise=round_to(people.salary_paise[person] * share[person], 500),
        credit=False,
        channel=np.where(imps[person], CHANNEL["imps"], CHANNEL["upi"]),
        category="rent",
        party=world.parties.landlord_base + person,
        note=world.notes.many(["Rent", "rent", "House rent", "RENT"])[person % 4],
    ).in_series("rent", person)


def mandates(rng: np.random.Generator, world: World) -> Events:
    """NACH debits on fixed dates: loan EMIs, SIPs, yearly insurance premiums."""
    people = world.population
    factor = people.income_factor
    emi = _mandate(
        rng,
        world,
        world.participants(rng, 0.35),
        LOAN_BILLERS,
        (0.06, 0.25),
        1,
        "loan_emi",
        (2, 5, 7, 10),
    )
    emi = emi.in_series("loan_emi", emi.person)
    sips = [
        _mandate(
            rng,
            world,
            world.participants(rng, np.clip(share * factor, 0, 0.9)),
            SIP_BILLERS,
            (0.03, 0.12),
            500,
            "investment",
            (1, 5, 7, 10, 15, 20, 25, 28),
        )
        for share in (0.40, 0.15)
    ]
    sips = [
        sip.in_series(kind, sip.person)
        for sip, kind in zip(sips, ("sip", "sip_second"), strict=True)
    ]
    insured = world.participants(rng, 0.20)
    premium = _mandate(
        rng, world, insured, INSURANCE_BILLERS, (0.15, 0.6), 1, "insurance", (1, 10, 15, 20, 28)
    )
    yearly_month = rng.integers(0, 12, people.size)
    month_index = _month_index(world, premium)
    premium = premium.take(month_index % 12 == yearly_month[premium.person])
    premium = premium.in_series("insurance", premium.person)
    return Events.concat([emi, *sips, premium])


def _mandate(
    rng: np.random.Generator,
    world: World,
    payers: IntArray,
    billers: tuple[str, ...],
    share_of_salary: tuple[float, float],
    round_rupees: int,
    category: str,
    days: tuple[int, ...],
) -> Events:
    people = world.population
    biller = np.array([world.parties.biller[key] for key in billers])[
        rng.integers(0, len(billers), people.size)
    ]
    share = rng.uniform(*share_of_salary, people.size)
    day_of_month = np.array(days)[rng.integers(0, len(days), payers.size)]
    person, day, _ = world.monthly(payers, day_of_month)
    return make_events(
        person=person,
        account=world.primary(person),
        at=times_of_day(rng, day, ACH_HOURS),
        amount_paise=round_to(people.salary_paise[person] * share[person], round_rupees),
        credit=False,
        channel="nach",
        category=category,
        party=biller[person],
    )


def _month_index(world: World, events: Events) -> IntArray:
    firsts = world.period.month_firsts()
    return np.searchsorted(firsts, events.day, side="right") - 1


def electricity(rng: np.random.Generator, world: World) -> Events:
    """The state distributor's bill through a BBPS app; summer bills run higher."""
    people = world.population
    payers = world.participants(rng, 0.85)
    base = np.array([0, 1100, 800, 600])[people.tier] * 100 * np.sqrt(people.income_factor)
    person, day, _ = world.monthly(payers, rng.integers(6, 21, payers.size))
    season = np.array([0, 0.85, 0.9, 1.1, 1.35, 1.5, 1.4, 1.15, 1.05, 1.05, 1.0, 0.9, 0.85])
    month_of_year = (day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) % 12) + 1
    amount = base[person] * season[month_of_year] * rng.lognormal(0.0, 0.15, person.size)
    board = np.array([world.parties.electricity[c.electricity] for c in CITIES])
    return make_events(
        person=person,
        account=world.pick(rng, person),
        at=times_of_day(rng, day, DAYTIME),
        amount_paise=amount.astype(np.int64),
        credit=False,
        channel="upi",
        category="utilities",
        party=board[people.city[person]],
    ).in_series("electricity", person)


def credit_card_bills(rng: np.random.Generator, world: World) -> Events:
    """Paying the credit card bill: through CRED by UPI, or by the card's auto-debit mandate."""
    people = world.population
    holders = world.participants(rng, np.clip(0.1 + 0.25 * people.income_factor, 0, 0.75))
    person, day, _ = world.monthly(holders, rng.integers(12, 23, holders.size))
    via_cred = rng.random(people.size) < 0.6
    card_biller = np.array([world.parties.biller[k] for k in CARD_BILLERS])[
        rng.integers(0, len(CARD_BILLERS), people.size)
    ]
    cred = world.parties.merchant["cred"]
    amount = people.salary_paise[person] * rng.lognormal(np.log(0.2), 0.5, person.size)
    return make_events(
        person=person,
        account=world.primary(person),
        at=times_of_day(rng, day, DAYTIME),
        amount_paise=amount.astype(np.int64),
        credit=False,
        channel=np.where(via_cred[person], CHANNEL["upi"], CHANNEL["nach"]),
        category="credit_card_payment",
        party=np.where(via_cred[person], cred, card_biller[person]),
    ).in_series("credit_card_bill", person)


def family_support(rng: np.random.Generator, world: World) -> Events:
    """Money home to parents early in the month, in round thousands."""
    people = world.population
    senders = world.participants(rng, 0.25)
    share = rng.uniform(0.05, 0.18, people.size)
    person, day, _ = world.monthly(senders, rng.integers(1, 8, senders.size))
    imps = rng.random(people.size) < 0.3
    return make_events(
        person=person,
        account=world.primary(person),
        at=times_of_day(rng, day, DAYTIME),
        amount_paise=round_to(people.salary_paise[person] * share[person], 1000),
        credit=False,
        channel=np.where(imps[person], CHANNEL["imps"], CHANNEL["upi"]),
        category="family_transfer",
        party=world.parties.contact(person, np.zeros_like(person)),
        note=world.notes.many(["For home", "Maa", "Papa", "family"])[person % 4],
    ).in_series("family_support", person)
