"""``generate_population``: a synthetic Indian population's bank statements, SMS and AA data.

The output is a landing folder in the layout of docs/landing-formats.md plus ``_truth/``, the
ground truth that tests and evaluations compare ingestion and the marts against. Same arguments,
same bytes: all randomness comes from ``numpy.random.default_rng`` streams derived from the seed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from time import perf_counter

from sandbox.generator.common import Period
from sandbox.generator.outputs import Written, write_landing, write_truth
from sandbox.generator.simulate import Simulation, simulate
from sandbox.generator.writer import clear_previous

GENERATOR_VERSION = "1.1.0"  # 1.1: next-day posting, repeats, source_rows.csv
DEFAULT_START = date(2025, 4, 1)  # FY2025-26; fixed so that output never depends on today
PILOT_USERS = 200


@dataclass(frozen=True)
class GenerationSummary:
    out: Path
    people: int
    accounts: int
    transactions: int  # true events
    statement_lines: int
    sms_messages: int  # including non-transaction SMS
    sms_alerts: int  # SMS that report a true event
    aa_accounts: int
    aa_transactions: int
    anomalies: int
    files: int
    seconds: float

    @property
    def source_rows(self) -> int:
        return self.statement_lines + self.sms_messages + self.aa_transactions


def generate_population(
    out: Path, *, users: int, months: int, seed: int, start: date = DEFAULT_START
) -> GenerationSummary:
    """Write ``users`` people's ``months`` of money from ``start`` into ``out``.

    Earlier ``person=*`` folders and ``_truth`` in ``out`` are replaced; nothing else is touched.
    """
    began = perf_counter()
    simulation = simulate(users, months, seed, start)
    clear_previous(out)
    written, truth = write_landing(out, simulation, seed)
    counts = _counts(simulation, written)
    manifest = _manifest(users, months, seed, simulation.world.period, counts)
    files = written.files + write_truth(out, simulation, truth, manifest)
    return GenerationSummary(out=out, **{**counts, "files": files}, seconds=perf_counter() - began)


def _counts(simulation: Simulation, written: Written) -> dict[str, int]:
    return {
        "people": simulation.world.population.size,
        "accounts": simulation.accounts.height,
        "transactions": simulation.ledger.events.size,
        "statement_lines": written.statement_lines,
        "sms_messages": written.sms_messages,
        "sms_alerts": written.sms_alerts,
        "aa_accounts": written.aa_accounts,
        "aa_transactions": written.aa_transactions,
        "anomalies": written.anomalies,
        "files": written.files,
    }


def _manifest(
    users: int, months: int, seed: int, period: Period, counts: dict[str, int]
) -> dict[str, object]:
    return {
        "generator": "hisaab-sandbox",
        "generator_version": GENERATOR_VERSION,
        "parameters": {
            "users": users,
            "months": months,
            "seed": seed,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "counts": {key: value for key, value in counts.items() if key != "files"},
        "layout": "docs/landing-formats.md",
    }


def users_for_transactions(
    transactions: int, *, months: int = 12, seed: int = 42, start: date = DEFAULT_START
) -> int:
    """How many users produce about ``transactions`` true events over ``months``.

    Measured on a small pilot population (events only, nothing written), so it stays right
    when habits change.
    """
    pilot = simulate(PILOT_USERS, months, seed, start)
    per_user = pilot.ledger.events.size / PILOT_USERS
    return max(1, math.ceil(transactions / per_user))
