"""The simulation: a population, its counterparties and a year of its money, as a ledger.

Each stage draws from its own seeded stream, so the same arguments give the same ledger.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from sandbox.generator.anomalies import inject_anomalies
from sandbox.generator.common import Period, stream, to_date
from sandbox.generator.events import Events, Notes
from sandbox.generator.fees import charges, interest
from sandbox.generator.identity import accounts_frame
from sandbox.generator.ledger import Ledger, settle
from sandbox.generator.parties import build_parties
from sandbox.generator.population import build_population
from sandbox.generator.recurring_bills import (
    credit_card_bills,
    electricity,
    family_support,
    mandates,
    rent,
)
from sandbox.generator.recurring_income import own_transfers, salaries
from sandbox.generator.repeats import chai_rounds, second_payments
from sandbox.generator.spending import everyday_spending
from sandbox.generator.subscriptions import broadband, mobile_recharges, streaming
from sandbox.generator.text import FIRST_DAY, LAST_DAY
from sandbox.generator.world import World

Generator = Callable[[np.random.Generator, World], Events]
GENERATORS: tuple[Generator, ...] = (
    salaries,
    own_transfers,
    rent,
    mandates,
    electricity,
    credit_card_bills,
    family_support,
    mobile_recharges,
    broadband,
    streaming,
    everyday_spending,
    chai_rounds,
    interest,
    charges,
)


@dataclass(frozen=True)
class Simulation:
    world: World
    accounts: pl.DataFrame
    ledger: Ledger


def simulate(users: int, months: int, seed: int, start: date) -> Simulation:
    if users < 1 or months < 1:
        raise ValueError("users and months must be at least 1")
    period = Period(start, months)
    if not (period.start_day >= FIRST_DAY and period.end_day + 30 < LAST_DAY):
        raise ValueError(
            f"the period must lie between {to_date(FIRST_DAY)} and {to_date(LAST_DAY)}"
        )
    population = build_population(stream(seed, "population"), users)
    accounts = accounts_frame(stream(seed, "identity"), population, period)
    parties = build_parties(stream(seed, "parties"), users, accounts)
    world = World(population, parties, period, Notes())
    events = Events.concat(
        [generate(stream(seed, generate.__name__), world) for generate in GENERATORS]
    )
    events = Events.concat([events, second_payments(stream(seed, "second_payments"), events)])
    events = inject_anomalies(stream(seed, "anomalies"), world, events)
    ledger = settle(stream(seed, "ledger"), world, events)
    return Simulation(world, accounts, ledger)
