"""Creating, approving, pausing, resuming, revoking: each change with its event and outbox row."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from mandate_fakes import Clock, event_types, mandate_request, outbox_messages, row_counts
from sqlalchemy import select

from payments.mandates.errors import (
    ApprovalRefused,
    ConcurrentMandateUpdate,
    MandateNotFound,
    StepUpRequired,
)
from payments.mandates.records import Mandate, load_mandate, transition_mandate
from payments.mandates.schedule import AmountRule, Frequency
from payments.mandates.service import MandateService
from payments.mandates.status import InvalidMandateTransition, MandateStatus
from payments.mandates.tables import mandate_events
from payments.upi.limits import AmountOutOfRange, PaymentCategory
from payments.upi.vpa import InvalidVpa

M = MandateStatus
OPERATIONS = ("approve", "decline", "pause", "resume", "revoke")
ALLOWED = {M.CREATED: {"approve", "decline"}, M.ACTIVE: {"pause", "revoke"}}
ALLOWED[M.PAUSED] = {"resume", "revoke"}


def operate(service: MandateService, name: str, person_id: str, mandate_id: str) -> Mandate:
    if name == "approve":
        return service.approve(person_id, mandate_id, step_up_verified=True)
    change: Callable[[str, str], Mandate] = getattr(service, name)
    return change(person_id, mandate_id)


def test_create_stores_the_mandate_its_event_and_outbox_row(service: MandateService) -> None:
    mandate = service.create("p1", mandate_request())
    assert mandate.status == M.CREATED and mandate.version == 1
    assert len(mandate.mandate_id) == 35 and mandate.mandate_id.startswith("HSM")
    assert row_counts(service.engine) | {"intents": 0} == {
        "mandates": 1,
        "mandate_events": 1,
        "executions": 0,
        "intents": 0,
        "outbox": 1,
    }
    [message] = outbox_messages(service.engine)
    assert message["event_type"] == "mandate.created" and message["person_id"] == "p1"
    assert message["mandate_id"] == mandate.mandate_id and message["to_status"] == "created"
    assert message["amount_paise"] == 64_900 and message["frequency"] == "monthly"


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"payee_vpa": "not a vpa"}, InvalidVpa),
        ({"payee_vpa": "ASHA.K@okhdfcbank"}, ValueError),  # the payer's own VPA
        ({"payee_name": "  "}, ValueError),
        ({"amount_paise": 0}, AmountOutOfRange),
        ({"amount_paise": 649.0}, ValueError),  # money is integer paise, never a float
        ({"amount_paise": 10_000_001}, AmountOutOfRange),  # above ₹1 lakh for general
        ({"amount_rule": "roughly"}, ValueError),
        ({"frequency": "hourly"}, ValueError),
        ({"category": "lottery"}, ValueError),
        ({"purpose": "x" * 81}, ValueError),
        ({"validity_start": date(2026, 11, 1)}, ValueError),  # yesterday in IST
        ({"validity_end": date(2026, 11, 1)}, ValueError),  # before the start
        ({"validity_start": datetime(2026, 11, 3)}, TypeError),  # an instant, not a date
    ],
)
def test_invalid_requests_store_nothing(
    service: MandateService, change: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        service.create("p1", mandate_request(**change))
    assert set(row_counts(service.engine).values()) == {0}


def test_category_limits_apply_to_the_mandate_amount(service: MandateService) -> None:
    insurance = mandate_request(amount_paise=15_000_000, category=PaymentCategory.INSURANCE)
    assert service.create("p1", insurance).amount_paise == 15_000_000  # ₹1.5 lakh: allowed


def test_the_whole_lifecycle_writes_one_event_per_change(
    service: MandateService, clock: Clock
) -> None:
    mandate = service.create("p1", mandate_request())
    for step, expected in [("approve", M.ACTIVE), ("pause", M.PAUSED), ("resume", M.ACTIVE)]:
        clock.advance(minutes=1)
        assert operate(service, step, "p1", mandate.mandate_id).status == expected
    revoked = service.revoke("p1", mandate.mandate_id)
    assert revoked.status == M.REVOKED and revoked.version == 5
    assert event_types(service.engine) == [
        "mandate.created",
        "mandate.approved",
        "mandate.paused",
        "mandate.resumed",
        "mandate.revoked",
    ]
    statuses = [(m["from_status"], m["to_status"]) for m in outbox_messages(service.engine)]
    assert statuses[1:] == [
        ("created", "active"),
        ("active", "paused"),
        ("paused", "active"),
        ("active", "revoked"),
    ]
    with service.engine.connect() as conn:
        rows = conn.execute(select(mandate_events).order_by(mandate_events.c.sequence)).all()
    assert [row.sequence for row in rows] == [1, 2, 3, 4, 5]
    assert [row.event_id for row in rows] == [
        m["event_id"] for m in outbox_messages(service.engine)
    ]


def test_decline_ends_a_created_mandate(service: MandateService) -> None:
    mandate = service.create("p1", mandate_request())
    assert service.decline("p1", mandate.mandate_id).status == M.DECLINED
    assert event_types(service.engine)[-1] == "mandate.declined"


@pytest.mark.parametrize(("amount_paise", "needs_step_up"), [(1_500_000, False), (1_500_001, True)])
def test_approval_above_fifteen_thousand_rupees_needs_step_up(
    service: MandateService, clock: Clock, amount_paise: int, needs_step_up: bool
) -> None:
    mandate = service.create("p1", mandate_request(amount_paise=amount_paise))
    before = row_counts(service.engine)
    if needs_step_up:
        with pytest.raises(StepUpRequired):
            service.approve("p1", mandate.mandate_id, step_up_verified=False)
        assert row_counts(service.engine) == before
        assert service.get("p1", mandate.mandate_id).status == M.CREATED
    else:
        approved = service.approve("p1", mandate.mandate_id, step_up_verified=False)
        assert approved.status == M.ACTIVE and approved.step_up_verified_at is None


def test_step_up_is_recorded_with_its_time(service: MandateService, clock: Clock) -> None:
    mandate = service.create("p1", mandate_request(amount_paise=1_500_001))
    clock.advance(minutes=2)
    approved = service.approve("p1", mandate.mandate_id, step_up_verified=True)
    assert approved.status == M.ACTIVE and approved.step_up_verified_at == clock.now


def _reach(service: MandateService, clock: Clock, status: M) -> Mandate:
    """A mandate of ``p1`` in ``status``, by the route a real one takes."""
    validity = {"validity_end": date(2026, 11, 2)} if status == M.COMPLETED else {}
    mandate = service.create("p1", mandate_request(**validity))
    mandate_id = mandate.mandate_id
    route = {
        M.ACTIVE: ["approve"],
        M.PAUSED: ["approve", "pause"],
        M.REVOKED: ["approve", "revoke"],
        M.DECLINED: ["decline"],
        M.COMPLETED: ["approve"],
    }
    for step in route.get(status, []):
        mandate = operate(service, step, "p1", mandate_id)
    if status in (M.EXPIRED, M.COMPLETED):
        clock.advance(days=1)
        assert service.close_overdue() == [mandate_id]
    return service.get("p1", mandate_id)


@pytest.mark.parametrize("status", list(M))
def test_every_forbidden_operation_is_refused_and_writes_nothing(
    service: MandateService, clock: Clock, status: M
) -> None:
    mandate = _reach(service, clock, status)
    assert mandate.status == status
    before = row_counts(service.engine)
    for name in sorted(set(OPERATIONS) - ALLOWED.get(status, set())):
        with pytest.raises(InvalidMandateTransition):
            operate(service, name, "p1", mandate.mandate_id)
    assert row_counts(service.engine) == before
    assert service.get("p1", mandate.mandate_id).version == mandate.version


@pytest.mark.parametrize("name", [*OPERATIONS, "get"])
def test_another_persons_mandate_looks_missing(service: MandateService, name: str) -> None:
    mandate = service.create("p1", mandate_request())
    before = row_counts(service.engine)
    with pytest.raises(MandateNotFound):
        if name == "get":
            service.get("p2", mandate.mandate_id)
        else:
            operate(service, name, "p2", mandate.mandate_id)
    assert row_counts(service.engine) == before
    with pytest.raises(MandateNotFound):
        service.pause("p1", "HSM" + "0" * 32)


def test_an_unapproved_mandate_expires(service: MandateService, clock: Clock) -> None:
    mandate = service.create("p1", mandate_request())
    clock.advance(minutes=30)
    assert service.close_overdue() == []
    clock.advance(seconds=1)
    with pytest.raises(ApprovalRefused) as refused:
        service.approve("p1", mandate.mandate_id, step_up_verified=True)
    assert refused.value.reason == "approval_expired"
    assert service.close_overdue() == [mandate.mandate_id]
    assert service.get("p1", mandate.mandate_id).status == M.EXPIRED
    last = outbox_messages(service.engine)[-1]
    assert (last["event_type"], last["reason"]) == ("mandate.expired", "approval_timeout")


def test_validity_end_completes_active_and_paused_mandates(
    service: MandateService, clock: Clock
) -> None:
    short = mandate_request(validity_end=date(2026, 11, 30))
    active = service.approve("p1", service.create("p1", short).mandate_id, True)
    paused = service.approve("p1", service.create("p1", short).mandate_id, True)
    service.pause("p1", paused.mandate_id)
    clock.set_ist(2026, 11, 30, 23, 59)
    assert service.close_overdue() == []  # the last valid day is still valid
    clock.set_ist(2026, 12, 1, 0, 0)
    assert sorted(service.close_overdue()) == sorted([active.mandate_id, paused.mandate_id])
    assert service.get("p1", paused.mandate_id).status == M.COMPLETED
    assert event_types(service.engine)[-2:] == ["mandate.completed", "mandate.completed"]


def test_a_stale_read_cannot_overwrite_a_newer_change(
    service: MandateService, clock: Clock
) -> None:
    mandate = service.create("p1", mandate_request())
    service.approve("p1", mandate.mandate_id, step_up_verified=False)
    with service.engine.begin() as conn, pytest.raises(ConcurrentMandateUpdate):
        load_mandate(conn, mandate.mandate_id)
        transition_mandate(  # based on the version read before approval
            conn, mandate, M.DECLINED, event_type="mandate.declined", reason="x", now=clock.now
        )
    assert service.get("p1", mandate.mandate_id).status == M.ACTIVE


def test_exact_and_one_time_terms_are_kept(service: MandateService) -> None:
    request = mandate_request(amount_rule="exact", frequency="onetime", purpose="  EMI 7  ")
    mandate = service.create("p1", request)
    assert mandate.amount_rule == AmountRule.EXACT and mandate.frequency == Frequency.ONETIME
    assert mandate.purpose == "EMI 7"
