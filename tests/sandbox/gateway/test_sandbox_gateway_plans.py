"""Scenario draws and plans: reproducible from the seed, and shaped like real gateway traffic."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from payments.gateway.codes import lookup
from sandbox.gateway.config import FaultRates, Timings
from sandbox.gateway.faults import REASONS, Kind, Scenario, draw_scenario
from sandbox.gateway.plans import make_plan

TIMINGS = Timings(ack_delay_s=0.01, stall_s=2.0, callback_delay_s=1.0, time_scale=0.01)


def draws(seed: int, kind: Kind, count: int = 200) -> list[Scenario]:
    rng = random.Random(seed)
    return [draw_scenario(rng, FaultRates(), kind) for _ in range(count)]


def test_the_same_seed_draws_the_same_scenarios_and_plans() -> None:
    assert draws(7, Kind.PAY) == draws(7, Kind.PAY)
    assert draws(7, Kind.PAY) != draws(8, Kind.PAY)
    first, second = random.Random(7), random.Random(7)
    for scenario in Scenario:
        if scenario is not Scenario.UNAVAILABLE:
            plan = make_plan(scenario, Kind.COLLECT, 300, TIMINGS, first)
            assert plan == make_plan(scenario, Kind.COLLECT, 300, TIMINGS, second)


def test_draws_follow_the_rates_and_pay_never_expires() -> None:
    counts = Counter(draws(7, Kind.PAY, 5000))
    assert Scenario.COLLECT_EXPIRED not in counts
    assert 0.55 < counts[Scenario.SUCCESS] / 5000 < 0.85
    assert 0.07 < counts[Scenario.DECLINE] / 5000 < 0.13
    assert Counter(draws(7, Kind.COLLECT, 5000))[Scenario.COLLECT_EXPIRED] > 800


@pytest.mark.parametrize("rates", [{"decline": 1.5}, {"decline": -0.1}, {"decline": 0.9}])
def test_rates_must_be_probabilities_that_fit_in_one(rates: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        FaultRates(**rates)


def test_timeout_stalls_the_ack_sends_nothing_and_gives_up_later() -> None:
    plan = make_plan(Scenario.TIMEOUT, Kind.PAY, 0, TIMINGS, random.Random(1))
    assert plan.ack_after_s == 2.0 and plan.deliveries == ()
    assert plan.state_at(8.9) is None  # pending for 900 NPCI seconds, scaled to 9 s
    gave_up = plan.state_at(9.0)
    assert gave_up is not None and (gave_up.status, gave_up.npci_code) == ("failed", "BT")


def test_success_after_timeout_calls_back_after_the_stall() -> None:
    plan = make_plan(Scenario.SUCCESS_AFTER_TIMEOUT, Kind.PAY, 0, TIMINGS, random.Random(1))
    [delivery] = plan.deliveries
    assert plan.ack_after_s == 2.0 and delivery.deliver_after_s == 3.0
    assert delivery.event.status == "success" and delivery.event.rrn is not None


def test_out_of_order_delivers_the_older_event_last() -> None:
    plan = make_plan(Scenario.OUT_OF_ORDER, Kind.PAY, 0, TIMINGS, random.Random(1))
    final, stale = plan.deliveries
    assert final.deliver_after_s < stale.deliver_after_s
    assert stale.event.after_s < final.event.after_s  # sent_at says which is newer
    assert (final.event.status, stale.event.status) == ("success", "pending")
    assert final.callback_id != stale.callback_id


def test_duplicates_share_one_callback() -> None:
    plan = make_plan(Scenario.DUPLICATE_CALLBACKS, Kind.PAY, 0, TIMINGS, random.Random(1))
    assert len(plan.deliveries) in (2, 3)
    assert len({(d.callback_id, d.event) for d in plan.deliveries}) == 1


def test_collect_expiry_runs_on_the_npci_clock() -> None:
    plan = make_plan(Scenario.COLLECT_EXPIRED, Kind.COLLECT, 300, TIMINGS, random.Random(1))
    [delivery] = plan.deliveries
    assert delivery.deliver_after_s == pytest.approx(3.0)
    assert (delivery.event.status, delivery.event.npci_code) == ("expired", "U69")


def test_every_code_the_sandbox_sends_is_known_to_the_payments_side() -> None:
    """The contract between the two code tables: nothing the switch says is "unknown"."""
    assert [code for code in REASONS if lookup(code) is None] == []
