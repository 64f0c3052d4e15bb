"""Retries within the rules: only after a failure a retry can fix, once the earlier attempt's
outcome is known, an hour apart, at most four attempts per period; and what settles a period."""

from __future__ import annotations

from datetime import date

import pytest
from mandate_fakes import (
    Clock,
    FakeGateway,
    approved_mandate,
    attempts,
    event_types,
    execution_refusal,
    outbox_messages,
    settle_intent,
)

from payments.mandates.executions import Execution
from payments.mandates.records import Mandate
from payments.mandates.service import MandateService
from payments.mandates.status import ExecutionStatus, MandateStatus
from payments.status import PaymentStatus

NOV_3 = date(2026, 11, 3)
E = ExecutionStatus


def refusal(service: MandateService, gateway: FakeGateway, mandate: Mandate) -> str:
    return execution_refusal(service, gateway, mandate.mandate_id, NOV_3)


def _fail_then_retry_hourly(
    service: MandateService, clock: Clock, mandate_id: str, times: int
) -> list[Execution]:
    executions = []
    for _ in range(times):
        executions.append(service.execute(mandate_id, NOV_3))
        clock.advance(hours=1)
    return executions


def test_technical_declines_are_retried_up_to_four_attempts(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate
) -> None:
    gateway.default = "reject:U30"  # debit failed at the bank: a retry may succeed
    service.notify_pre_debit(active.mandate_id, NOV_3, 100)
    clock.advance(hours=24)  # 13:00 IST: attempts at 13, 14, 15 and 16 h, all off-peak
    executions = _fail_then_retry_hourly(service, clock, active.mandate_id, 4)
    assert [execution.status for execution in executions] == [E.FAILED] * 4
    clock.set_ist(2026, 11, 3, 21, 30)
    assert refusal(service, gateway, active) == "attempts_exhausted"
    assert attempts(service.engine) == [("2026-11", n, "failed", "U30") for n in (1, 2, 3, 4)]
    assert len(gateway.sent) == 4 and len({r.txn_id for r in gateway.sent}) == 4
    execution_events = [t for t in event_types(service.engine) if "execution" in t]
    assert execution_events == ["mandate.execution_requested", "mandate.execution_failed"] * 4


def test_retries_wait_an_hour_and_need_an_active_mandate(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate
) -> None:
    gateway.script = ["reject:U30"]
    service.notify_pre_debit(active.mandate_id, NOV_3, 100)
    clock.advance(hours=24)
    service.execute(active.mandate_id, NOV_3)
    clock.advance(minutes=59)
    assert refusal(service, gateway, active) == "retry_too_soon"
    clock.advance(minutes=1)
    service.pause("p1", active.mandate_id)
    assert refusal(service, gateway, active) == "mandate_not_active"
    service.resume("p1", active.mandate_id)
    assert service.execute(active.mandate_id, NOV_3).attempt == 2


@pytest.mark.parametrize("code", ["Z9", "ZM", "ZA", "U16", "QQ"])  # QQ: a code we do not know
def test_failures_a_retry_cannot_fix_are_not_retried(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate, code: str
) -> None:
    gateway.script = [f"reject:{code}"]
    service.notify_pre_debit(active.mandate_id, NOV_3, 100)
    clock.advance(hours=24)
    assert service.execute(active.mandate_id, NOV_3).npci_code == code
    clock.advance(hours=1)
    assert refusal(service, gateway, active) == "not_retryable"


def test_an_unknown_outcome_blocks_retries_until_it_is_known(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate
) -> None:
    gateway.script = ["timeout"]
    service.notify_pre_debit(active.mandate_id, NOV_3, 100)
    clock.advance(hours=24)
    first = service.execute(active.mandate_id, NOV_3)
    assert first.status == E.PENDING and first.reason == "gateway_timeout"
    clock.advance(hours=1)
    assert refusal(service, gateway, active) == "previous_attempt_unresolved"
    settle_intent(service.engine, first.intent_id, PaymentStatus.FAILED, clock.now, "U30")
    second = service.execute(active.mandate_id, NOV_3)  # settles the first, then retries
    assert second.attempt == 2
    assert attempts(service.engine) == [
        ("2026-11", 1, "failed", "U30"),
        ("2026-11", 2, "pending", None),
    ]


def test_a_success_closes_the_period(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate
) -> None:
    service.notify_pre_debit(active.mandate_id, NOV_3, 100)
    clock.advance(hours=24)
    execution = service.execute(active.mandate_id, NOV_3)
    settle_intent(service.engine, execution.intent_id, PaymentStatus.SUCCESS, clock.now)
    [settled] = service.settle()
    assert settled.status == E.SUCCEEDED and service.settle() == []
    assert event_types(service.engine)[-1] == "mandate.execution_succeeded"
    clock.advance(hours=2)
    assert refusal(service, gateway, active) == "already_debited"
    assert service.get("p1", active.mandate_id).status == MandateStatus.ACTIVE  # monthly


def test_a_late_success_after_expiry_still_counts(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate
) -> None:
    gateway.script = ["timeout"]
    service.notify_pre_debit(active.mandate_id, NOV_3, 100)
    clock.advance(hours=24)
    execution = service.execute(active.mandate_id, NOV_3)
    settle_intent(service.engine, execution.intent_id, PaymentStatus.EXPIRED, clock.now)
    assert [e.status for e in service.settle(active.mandate_id)] == [E.EXPIRED]
    clock.advance(hours=1)
    assert refusal(service, gateway, active) == "previous_attempt_unresolved"
    settle_intent(service.engine, execution.intent_id, PaymentStatus.SUCCESS, clock.now)
    assert [e.status for e in service.settle(active.mandate_id)] == [E.SUCCEEDED]


def test_a_one_time_mandate_completes_once_debited(
    service: MandateService, gateway: FakeGateway, clock: Clock
) -> None:
    mandate = approved_mandate(service, frequency="onetime")
    gateway.script = ["reject:U30"]
    service.notify_pre_debit(mandate.mandate_id, NOV_3, 100)
    clock.advance(hours=24)
    service.execute(mandate.mandate_id, NOV_3)
    assert service.get("p1", mandate.mandate_id).status == MandateStatus.ACTIVE  # failed: retry
    clock.advance(hours=1)
    retry = service.execute(mandate.mandate_id, NOV_3)
    settle_intent(service.engine, retry.intent_id, PaymentStatus.SUCCESS, clock.now)
    service.settle()
    assert service.get("p1", mandate.mandate_id).status == MandateStatus.COMPLETED
    completed = outbox_messages(service.engine)[-1]
    assert (completed["event_type"], completed["reason"]) == (
        "mandate.completed",
        "onetime_debited",
    )
    assert event_types(service.engine)[-2] == "mandate.execution_succeeded"
