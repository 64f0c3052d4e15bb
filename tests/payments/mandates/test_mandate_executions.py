"""Executions: the 24-hour notice, the notified date, off-peak hours and step-up — each attempt
a collect intent, committed before it is submitted to the gateway."""

from __future__ import annotations

from datetime import date

import pytest
from mandate_fakes import (
    PAYEE,
    PAYER,
    Clock,
    FakeGateway,
    approved_mandate,
    event_types,
    execution_refusal,
    outbox_messages,
    row_counts,
)

from payments.gateway.base import CollectRequest
from payments.intents import load_intent
from payments.mandates.errors import StepUpRequired
from payments.mandates.records import Mandate
from payments.mandates.service import MandateService
from payments.mandates.status import ExecutionStatus
from payments.status import PaymentStatus

NOV_3 = date(2026, 11, 3)
E = ExecutionStatus


def test_the_debit_waits_24_hours_after_the_notice(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate
) -> None:
    service.notify_pre_debit(active.mandate_id, NOV_3, 49_900)
    clock.advance(hours=23, minutes=59)
    assert execution_refusal(service, gateway, active.mandate_id, NOV_3) == "notice_too_short"
    clock.advance(minutes=1)
    execution = service.execute(active.mandate_id, NOV_3)
    assert execution.status == E.PENDING and execution.attempt == 1
    [request] = gateway.sent
    assert isinstance(request, CollectRequest) and request.txn_id == execution.intent_id
    assert (request.payer_vpa, request.payee_vpa, request.amount_paise) == (PAYER, PAYEE, 49_900)
    with service.engine.connect() as conn:
        intent = load_intent(conn, execution.intent_id)
    assert intent.kind == "mandate" and intent.status == PaymentStatus.SUBMITTED
    assert event_types(service.engine)[-2:] == [
        "mandate.execution_requested",
        "mandate.execution_pending",
    ]
    requested = outbox_messages(service.engine)[-2]
    assert requested["intent_id"] == execution.intent_id and requested["amount_paise"] == 49_900
    assert requested["to_status"] == "active" and requested["attempt"] == 1


def test_nothing_is_debited_without_a_notice_for_that_date(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate
) -> None:
    clock.advance(days=1)
    assert execution_refusal(service, gateway, active.mandate_id, NOV_3) == "not_notified"
    service.notify_pre_debit(active.mandate_id, date(2026, 11, 5), 100)
    assert execution_refusal(service, gateway, active.mandate_id, NOV_3) == "not_notified"


def test_the_debit_happens_on_the_notified_date_only(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate
) -> None:
    nov_5 = date(2026, 11, 5)
    service.notify_pre_debit(active.mandate_id, nov_5, 100)
    clock.set_ist(2026, 11, 4, 14)
    assert execution_refusal(service, gateway, active.mandate_id, nov_5) == "not_the_debit_date"
    clock.set_ist(2026, 11, 6, 14)
    assert execution_refusal(service, gateway, active.mandate_id, nov_5) == "not_the_debit_date"
    clock.set_ist(2026, 11, 5, 14)
    assert service.execute(active.mandate_id, nov_5).status == E.PENDING


def test_no_debits_in_peak_hours(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate
) -> None:
    nov_4 = date(2026, 11, 4)
    service.notify_pre_debit(active.mandate_id, nov_4, 100)
    for hour, minute in [(10, 30), (17, 0), (21, 29)]:
        clock.set_ist(2026, 11, 4, hour, minute)
        assert execution_refusal(service, gateway, active.mandate_id, nov_4) == "peak_hours"
    clock.set_ist(2026, 11, 4, 21, 30)
    assert service.execute(active.mandate_id, nov_4).status == E.PENDING


def test_paused_and_revoked_mandates_are_not_debited(
    service: MandateService, gateway: FakeGateway, clock: Clock, active: Mandate
) -> None:
    service.notify_pre_debit(active.mandate_id, NOV_3, 100)
    service.pause("p1", active.mandate_id)
    clock.advance(hours=24)
    assert execution_refusal(service, gateway, active.mandate_id, NOV_3) == "mandate_not_active"
    service.resume("p1", active.mandate_id)
    service.revoke("p1", active.mandate_id)
    assert execution_refusal(service, gateway, active.mandate_id, NOV_3) == "mandate_not_active"


@pytest.mark.parametrize(("amount_paise", "needs_step_up"), [(1_500_000, False), (1_500_001, True)])
def test_debits_above_fifteen_thousand_rupees_need_step_up(
    service: MandateService,
    gateway: FakeGateway,
    clock: Clock,
    amount_paise: int,
    needs_step_up: bool,
) -> None:
    mandate = approved_mandate(service, amount_paise=2_000_000)
    service.notify_pre_debit(mandate.mandate_id, NOV_3, amount_paise)
    clock.advance(hours=24)
    if needs_step_up:
        before = row_counts(service.engine)
        with pytest.raises(StepUpRequired):
            service.execute(mandate.mandate_id, NOV_3)
        assert row_counts(service.engine) == before and not gateway.sent
        execution = service.execute(mandate.mandate_id, NOV_3, step_up_verified=True)
        assert execution.step_up_verified_at == clock.now
    else:
        execution = service.execute(mandate.mandate_id, NOV_3)
        assert execution.step_up_verified_at is None
    assert execution.amount_paise == amount_paise == gateway.sent[0].amount_paise


def test_an_exact_mandate_debits_its_exact_amount(
    service: MandateService, gateway: FakeGateway, clock: Clock
) -> None:
    mandate = approved_mandate(service, amount_rule="exact", amount_paise=1_234_500)
    service.notify_pre_debit(mandate.mandate_id, NOV_3, 1_234_500)
    clock.advance(hours=24)
    assert service.execute(mandate.mandate_id, NOV_3).amount_paise == 1_234_500
