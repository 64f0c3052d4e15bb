"""What the bank itself posts: quarterly interest and charges with 18% GST.

HDFC prints a charge with its GST in one line (``SMS CHGS INCL GST``); SBI, ICICI and Axis post
the GST as a separate line (``GST @18% ON SMS CHARGES``), as their statements do.
"""

from __future__ import annotations

import numpy as np

from sandbox.generator.catalog.banks import BANKS
from sandbox.generator.common import IntArray, to_date
from sandbox.generator.events import Events, make_events, times_of_day
from sandbox.generator.world import World

NIGHT = ((0.0, 5.0, 1.0),)
GST_PERCENT = 18
FEE_INCLUDES_GST = np.array([bank.fee_includes_gst for bank in BANKS])
CARD_FEE_RUPEES = np.array([500, 200, 200, 500])  # hdfc, sbi, icici, axis


def interest(rng: np.random.Generator, world: World) -> Events:
    """Savings interest at about 2.7% a year, credited on the last day of each quarter."""
    people = world.population
    accounts = np.arange(people.account_person.size, dtype=np.int64)
    batches = [Events.empty()]
    for first, last in world.period.quarters():
        label = world.notes(f"{to_date(first):%d-%m-%Y}-{to_date(last):%d-%m-%Y}")
        rate = rng.uniform(0.0055, 0.0080, accounts.size)
        days = np.full(accounts.size, last, dtype=np.int64)
        batches.append(
            make_events(
                person=people.account_person,
                account=accounts,
                at=times_of_day(rng, days, NIGHT),
                amount_paise=(people.account_base_paise * rate).astype(np.int64),
                credit=True,
                channel="interest",
                category="interest",
                party=world.parties.bank_base + people.account_bank,
                note=label,
            ).in_series("interest", accounts)
        )
    return Events.concat(batches)


def charges(rng: np.random.Generator, world: World) -> Events:
    """Quarterly SMS alert charges (on half the accounts) and the debit card's annual fee."""
    people = world.population
    enrolled = np.flatnonzero(rng.random(people.account_person.size) < 0.5)
    batches = [Events.empty()]
    for _, last in world.period.quarters():
        days = last + rng.integers(5, 20, enrolled.size)
        inside = world.period.contains(days)
        base = np.full(int(inside.sum()), 1500, dtype=np.int64)
        sms = charge(rng, world, enrolled[inside], days[inside], base, "SMS")
        batches.append(_charge_series(sms, base.size, "sms_charges"))
    anniversary = rng.integers(0, 12, people.account_person.size)
    account, day, month = world.monthly(
        np.arange(anniversary.size, dtype=np.int64), rng.integers(1, 29, anniversary.size)
    )
    yearly = month % 12 == anniversary[account]
    base = CARD_FEE_RUPEES[world.bank_of(account[yearly])] * 100
    card_fee = charge(rng, world, account[yearly], day[yearly], base, "DEBIT CARD ANNUAL FEE")
    batches.append(_charge_series(card_fee, base.size, "card_annual_fee"))
    return Events.concat(batches)


def _charge_series(events: Events, fees: int, kind: str) -> Events:
    """Each account's charges as a series; their separate GST lines (after them) as another."""
    fee, gst = events.take(np.arange(fees)), events.take(np.arange(fees, events.size))
    return Events.concat(
        [fee.in_series(kind, fee.account), gst.in_series(f"{kind}_gst", gst.account)]
    )


def charge(
    rng: np.random.Generator,
    world: World,
    account: IntArray,
    day: IntArray,
    base_paise: IntArray,
    label: str,
) -> Events:
    """A charge on each account: GST included (HDFC) or as its own line a minute later."""
    included = FEE_INCLUDES_GST[world.bank_of(account)]
    short = "SMS CHARGES" if label == "SMS" else label
    notes = np.where(included, world.notes(f"{label} CHGS INCL GST"), world.notes(short))
    at = times_of_day(rng, day, NIGHT)
    gst = base_paise * GST_PERCENT // 100
    fee = _bank_event(world, account, at, base_paise + np.where(included, gst, 0), notes)
    separate = ~included
    gst_line = _bank_event(
        world,
        account[separate],
        at[separate] + 60,
        gst[separate],
        np.full(int(separate.sum()), world.notes(f"GST @18% ON {short}")),
    )
    return Events.concat([fee, gst_line])


def _bank_event(
    world: World, account: IntArray, at: IntArray, amount: IntArray, note: IntArray
) -> Events:
    return make_events(
        person=world.population.account_person[account],
        account=account,
        at=at,
        amount_paise=amount,
        credit=False,
        channel="fee",
        category="bank_charges",
        party=world.parties.bank_base + world.bank_of(account),
        note=note,
    )
