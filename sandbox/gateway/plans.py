"""A transaction's whole future, decided the moment the switch accepts it.

Deciding up front keeps the simulator simple and reproducible: a status check reads the
timeline at the current time, and the callback deliveries are handed to the dispatcher at
once. Offsets are real seconds from the request's arrival (NPCI-clock durations already scaled).

What each scenario looks like from outside:

- ``success``/``decline``: ack, then one callback after ``callback_delay_s``. Declines carry a
  code (Z9, U30, ZM, U16, Z8, and ZA for collects) and, like successes, an RRN: the request
  reached the banks.
- ``timeout``: the ack is held for ``stall_s``; no callback ever; status says pending until
  ``pending_expiry_s`` (NPCI-clock), then failed with ``BT``.
- ``success_after_timeout``: the ack is held for ``stall_s``; a success callback follows.
- ``duplicate_callbacks``: one success callback (one ``callback_id``) delivered 2 or 3 times.
- ``out_of_order``: the switch emitted ``pending`` then ``success``; the success is delivered
  first and the older pending after it. Distinct ids; ``sent_at`` shows which is newer.
- ``collect_expired``: pending until ``expires_in_s`` (NPCI-clock), then expired with ``U69``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from sandbox.gateway.config import Timings
from sandbox.gateway.faults import Kind, Scenario, draw_decline


@dataclass(frozen=True)
class Outcome:
    """A state reached ``after_s`` seconds after arrival; also a callback's ``sent_at``."""

    after_s: float
    status: str
    npci_code: str | None
    rrn: str | None


@dataclass(frozen=True)
class Delivery:
    """One POST of a callback; redeliveries of one callback share its id and event."""

    callback_id: str
    event: Outcome
    deliver_after_s: float


@dataclass(frozen=True)
class Plan:
    scenario: Scenario
    ack_after_s: float
    timeline: tuple[Outcome, ...]  # before the first entry the transaction is pending
    deliveries: tuple[Delivery, ...]

    def state_at(self, elapsed_s: float) -> Outcome | None:
        reached = [outcome for outcome in self.timeline if outcome.after_s <= elapsed_s]
        return reached[-1] if reached else None


def rrn(rng: random.Random) -> str:
    """A 12-digit retrieval reference number, the key that joins SMS, statement and AA rows."""
    return str(rng.randrange(10**11, 10**12))


def callback_id(rng: random.Random) -> str:
    return f"cb_{rng.getrandbits(64):016x}"


def make_plan(
    scenario: Scenario, kind: Kind, expires_in_s: int, timings: Timings, rng: random.Random
) -> Plan:
    """The plan for one accepted request; ``rng`` is only drawn from in a fixed order."""
    delay = timings.callback_delay_s
    if scenario is Scenario.TIMEOUT:
        gave_up = Outcome(timings.npci(timings.pending_expiry_s), "failed", "BT", None)
        return Plan(scenario, timings.stall_s, (gave_up,), ())
    if scenario is Scenario.COLLECT_EXPIRED:
        expired = Outcome(timings.npci(expires_in_s), "expired", "U69", None)
        return _single(scenario, timings.ack_delay_s, expired, rng)
    if scenario is Scenario.DECLINE:
        declined = Outcome(delay, "failed", draw_decline(rng, kind), rrn(rng))
        return _single(scenario, timings.ack_delay_s, declined, rng)
    if scenario is Scenario.SUCCESS_AFTER_TIMEOUT:
        late = Outcome(timings.stall_s + delay, "success", "00", rrn(rng))
        return _single(scenario, timings.stall_s, late, rng)
    success = Outcome(delay, "success", "00", rrn(rng))
    if scenario is Scenario.DUPLICATE_CALLBACKS:
        return _duplicated(success, timings, rng)
    if scenario is Scenario.OUT_OF_ORDER:
        return _out_of_order(success, timings, rng)
    return _single(scenario, timings.ack_delay_s, success, rng)


def _single(scenario: Scenario, ack_after_s: float, outcome: Outcome, rng: random.Random) -> Plan:
    delivery = Delivery(callback_id(rng), outcome, outcome.after_s)
    return Plan(scenario, ack_after_s, (outcome,), (delivery,))


def _duplicated(success: Outcome, timings: Timings, rng: random.Random) -> Plan:
    """At-least-once delivery: the receiver acked, the gateway did not hear it, and resent."""
    copies = rng.choice((2, 3))
    same_id = callback_id(rng)
    deliveries = tuple(
        Delivery(same_id, success, success.after_s + copy * timings.redelivery_gap_s)
        for copy in range(copies)
    )
    return Plan(Scenario.DUPLICATE_CALLBACKS, timings.ack_delay_s, (success,), deliveries)


def _out_of_order(success: Outcome, timings: Timings, rng: random.Random) -> Plan:
    """The intermediate "pending" was emitted first but its delivery was retried late."""
    pending = Outcome(success.after_s / 2, "pending", None, None)
    final = Delivery(callback_id(rng), success, success.after_s)
    stale = Delivery(callback_id(rng), pending, success.after_s + timings.redelivery_gap_s)
    return Plan(Scenario.OUT_OF_ORDER, timings.ack_delay_s, (success,), (final, stale))


def rejected_plan(code: str, timings: Timings) -> Plan:
    """Refused on arrival (bad VPA, amount over the limit): failed at once, no callback."""
    return Plan(Scenario.DECLINE, timings.ack_delay_s, (Outcome(0.0, "failed", code, None),), ())
