"""Which misbehaviour a transaction gets: forced by a test, or drawn from the seeded RNG.

A test forces a scenario with ``POST /sandbox/scenario {"txn_id", "scenario"}`` *before* it
sends the pay or collect with that ``txn_id``; the choice is used once. Anything not forced is
drawn from ``FaultRates`` with ``random.Random(seed)``, so the same seed and the same sequence
of requests give the same scenarios, codes, references and RRNs.
"""

from __future__ import annotations

import random
from enum import StrEnum

from sandbox.gateway.config import FaultRates


class Scenario(StrEnum):
    SUCCESS = "success"
    DECLINE = "decline"  # failed, with a decline code
    TIMEOUT = "timeout"  # no ack in time, no callback; pending, then failed
    SUCCESS_AFTER_TIMEOUT = "success_after_timeout"  # no ack in time, success later
    DUPLICATE_CALLBACKS = "duplicate_callbacks"  # the same callback 2-3 times
    OUT_OF_ORDER = "out_of_order"  # final success first, an older "pending" after it
    UNAVAILABLE = "unavailable"  # 503 before anything is recorded
    COLLECT_EXPIRED = "collect_expired"  # collect only: the payer never answered


class Kind(StrEnum):
    PAY = "pay"
    COLLECT = "collect"


def applies_to(scenario: Scenario, kind: Kind) -> bool:
    """A pay is approved in the payer's own app, so it cannot expire waiting for them."""
    return kind is Kind.COLLECT or scenario is not Scenario.COLLECT_EXPIRED


def draw_scenario(rng: random.Random, rates: FaultRates, kind: Kind) -> Scenario:
    """One uniform draw against cumulative rates; what is left over is a success."""
    point = rng.random()
    for scenario in Scenario:
        if scenario is Scenario.SUCCESS or not applies_to(scenario, kind):
            continue
        rate: float = getattr(rates, scenario.value)
        if point < rate:
            return scenario
        point -= rate
    return Scenario.SUCCESS


# Decline codes the switch answers with, from real RespPay traffic.
PAY_DECLINES = ("Z9", "U30", "ZM", "U16", "Z8")
COLLECT_DECLINES = (*PAY_DECLINES, "ZA")


def draw_decline(rng: random.Random, kind: Kind) -> str:
    return rng.choice(COLLECT_DECLINES if kind is Kind.COLLECT else PAY_DECLINES)


# The switch's own wording for every code it sends. The simulator keeps its own table instead
# of importing ours: it stands for the outside world, which does not share our code.
REASONS = {
    "00": "APPROVED OR COMPLETED SUCCESSFULLY",
    "U01": "THE REQUEST IS DUPLICATE",
    "U07": "VALIDATION ERROR",
    "U16": "RISK THRESHOLD EXCEEDED",
    "U28": "PSP IS NOT AVAILABLE",
    "U30": "DEBIT HAS BEEN FAILED",
    "U69": "COLLECT REQUEST EXPIRED",
    "BT": "ACQUIRER/BENEFICIARY UNAVAILABLE (TIMEOUT)",
    "ZA": "TRANSACTION DECLINED BY CUSTOMER",
    "ZH": "INVALID VIRTUAL ADDRESS",
    "ZM": "INVALID / INCORRECT MPIN",
    "Z8": "PER TRANSACTION LIMIT EXCEEDED AS SET BY REMITTING MEMBER",
    "Z9": "INSUFFICIENT FUNDS IN CUSTOMER (REMITTER) ACCOUNT",
}
