"""The pure rules: state tables, periods, IST dates, peak hours and the step-up threshold."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import pytest
from mandate_fakes import ist

from payments.mandates.policy import MandatePolicy
from payments.mandates.schedule import Frequency, business_date, ensure_business_date, period_of
from payments.mandates.status import (
    ALLOWED_TRANSITIONS,
    EXECUTION_TRANSITIONS,
    ExecutionStatus,
    InvalidMandateTransition,
    MandateStatus,
    ensure_transition,
)

M = MandateStatus


def test_the_transition_table_is_the_documented_lifecycle() -> None:
    assert {status: set(targets) for status, targets in ALLOWED_TRANSITIONS.items()} == {
        M.CREATED: {M.ACTIVE, M.DECLINED, M.EXPIRED},
        M.ACTIVE: {M.PAUSED, M.REVOKED, M.COMPLETED},
        M.PAUSED: {M.ACTIVE, M.REVOKED, M.COMPLETED},
        M.DECLINED: set(),
        M.EXPIRED: set(),
        M.REVOKED: set(),
        M.COMPLETED: set(),
    }


@pytest.mark.parametrize(("current", "target"), itertools.product(M, M))
def test_the_guard_allows_exactly_the_table(current: M, target: M) -> None:
    if target in ALLOWED_TRANSITIONS[current]:
        ensure_transition(current, target)
    else:
        with pytest.raises(InvalidMandateTransition):
            ensure_transition(current, target)


def test_only_a_late_success_leaves_a_settled_execution() -> None:
    exits = {status: targets for status, targets in EXECUTION_TRANSITIONS.items() if targets}
    assert exits[ExecutionStatus.EXPIRED] == {ExecutionStatus.SUCCEEDED}
    assert not EXECUTION_TRANSITIONS[ExecutionStatus.SUCCEEDED]
    assert not EXECUTION_TRANSITIONS[ExecutionStatus.FAILED]


@pytest.mark.parametrize(
    ("frequency", "same", "next_period"),
    [
        (Frequency.ONETIME, [date(2026, 1, 1), date(2030, 6, 5)], None),
        (Frequency.DAILY, [date(2026, 11, 3)], date(2026, 11, 4)),
        (Frequency.ASPRESENTED, [date(2026, 11, 3)], date(2026, 11, 4)),
        (Frequency.WEEKLY, [date(2026, 11, 2), date(2026, 11, 8)], date(2026, 11, 9)),
        (Frequency.FORTNIGHTLY, [date(2026, 11, 1), date(2026, 11, 15)], date(2026, 11, 16)),
        (Frequency.MONTHLY, [date(2026, 11, 1), date(2026, 11, 30)], date(2026, 12, 1)),
        (Frequency.BIMONTHLY, [date(2026, 11, 1), date(2026, 12, 31)], date(2027, 1, 1)),
        (Frequency.QUARTERLY, [date(2026, 10, 1), date(2026, 12, 31)], date(2027, 1, 1)),
        (Frequency.HALFYEARLY, [date(2026, 7, 1), date(2026, 12, 31)], date(2027, 1, 1)),
        (Frequency.YEARLY, [date(2026, 1, 1), date(2026, 12, 31)], date(2027, 1, 1)),
    ],
)
def test_periods_follow_the_calendar(
    frequency: Frequency, same: list[date], next_period: date | None
) -> None:
    labels = {period_of(frequency, day) for day in same}
    assert len(labels) == 1 and len(labels.pop()) <= 16
    if next_period is not None:
        assert period_of(frequency, next_period) != period_of(frequency, same[0])


def test_business_dates_are_indian_dates() -> None:
    assert business_date(datetime(2026, 11, 2, 18, 29, 59, tzinfo=UTC)) == date(2026, 11, 2)
    assert business_date(datetime(2026, 11, 2, 18, 30, tzinfo=UTC)) == date(2026, 11, 3)
    with pytest.raises(TypeError):
        ensure_business_date(datetime(2026, 11, 3, tzinfo=UTC))


@pytest.mark.parametrize(
    ("hour", "minute", "peak"),
    [
        (9, 59, False),
        (10, 0, True),
        (12, 59, True),
        (13, 0, False),
        (16, 59, False),
        (17, 0, True),
        (21, 29, True),
        (21, 30, False),
        (2, 0, False),
    ],
)
def test_peak_hours_are_half_open_ist_windows(hour: int, minute: int, peak: bool) -> None:
    assert MandatePolicy().in_peak_hours(ist(2026, 11, 3, hour, minute)) is peak


def test_step_up_starts_one_paisa_above_fifteen_thousand_rupees() -> None:
    policy = MandatePolicy()
    assert not policy.needs_step_up(1_500_000)
    assert policy.needs_step_up(1_500_001)
