"""Pre-debit notifications: only for active mandates, within the amount rule and validity,
early enough for the 24-hour notice, and one per period."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from mandate_fakes import Clock, approved_mandate, mandate_request, outbox_messages, row_counts
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from payments.mandates.errors import MandateNotFound, NotificationRefused
from payments.mandates.records import Mandate
from payments.mandates.service import MandateService
from payments.mandates.tables import pre_debit_notifications

NOV_3 = date(2026, 11, 3)


def refused(service: MandateService, mandate_id: str, day: date, amount_paise: int) -> str:
    """The refusal's reason; also checks that nothing at all was written."""
    before = row_counts(service.engine)
    with pytest.raises(NotificationRefused) as error:
        service.notify_pre_debit(mandate_id, day, amount_paise)
    assert row_counts(service.engine) == before
    return error.value.reason


def test_a_notification_is_stored_with_its_event(
    service: MandateService, clock: Clock, active: Mandate
) -> None:
    notification = service.notify_pre_debit(active.mandate_id, NOV_3, 49_900)
    assert notification.period == "2026-11" and notification.sent_at == clock.now
    assert notification.due_at == clock.now + timedelta(hours=24)
    message = outbox_messages(service.engine)[-1]
    assert message["event_type"] == "mandate.pre_debit_notified"
    expected = {
        "person_id": "p1",
        "mandate_id": active.mandate_id,
        "debit_date": "2026-11-03",
        "amount_paise": 49_900,
        "payee_name": "StreamFlix India",
        "to_status": "active",
        "notification_id": notification.notification_id,
    }
    assert {key: message[key] for key in expected} == expected


@pytest.mark.parametrize("status", ["created", "paused", "revoked"])
def test_only_an_active_mandate_is_notified(service: MandateService, status: str) -> None:
    mandate = service.create("p1", mandate_request())
    if status != "created":
        service.approve("p1", mandate.mandate_id, step_up_verified=False)
        (service.pause if status == "paused" else service.revoke)("p1", mandate.mandate_id)
    assert refused(service, mandate.mandate_id, NOV_3, 100) == "mandate_not_active"


@pytest.mark.parametrize(
    ("rule", "amount_paise", "allowed"),
    [
        ("max", 64_900, True),
        ("max", 1, True),
        ("max", 64_901, False),
        ("max", 0, False),
        ("exact", 64_900, True),
        ("exact", 64_899, False),
        ("exact", 64_901, False),
    ],
)
def test_the_amount_rule_is_kept(
    service: MandateService, rule: str, amount_paise: int, allowed: bool
) -> None:
    mandate = approved_mandate(service, amount_rule=rule)
    if allowed:
        assert service.notify_pre_debit(mandate.mandate_id, NOV_3, amount_paise).amount_paise
    else:
        assert refused(service, mandate.mandate_id, NOV_3, amount_paise) == "amount_outside_rule"


def test_a_float_amount_is_refused(service: MandateService, active: Mandate) -> None:
    assert refused(service, active.mandate_id, NOV_3, 499.0) == "amount_not_paise"  # type: ignore[arg-type]


def test_debit_dates_stay_inside_validity(service: MandateService) -> None:
    mandate = approved_mandate(
        service, validity_start=date(2026, 11, 5), validity_end=date(2026, 12, 31)
    )
    assert refused(service, mandate.mandate_id, date(2026, 11, 4), 100) == "outside_validity"
    assert refused(service, mandate.mandate_id, date(2027, 1, 1), 100) == "outside_validity"
    service.notify_pre_debit(mandate.mandate_id, date(2026, 11, 5), 100)
    service.notify_pre_debit(mandate.mandate_id, date(2026, 12, 31), 100)


@pytest.mark.parametrize(
    ("frequency", "first", "same_period", "next_period"),
    [
        ("monthly", date(2026, 11, 5), date(2026, 11, 30), date(2026, 12, 1)),
        ("weekly", date(2026, 11, 3), date(2026, 11, 8), date(2026, 11, 9)),
        ("daily", date(2026, 11, 3), date(2026, 11, 3), date(2026, 11, 4)),
        ("onetime", date(2026, 11, 3), date(2027, 3, 1), None),
    ],
)
def test_one_notification_per_period(
    service: MandateService,
    frequency: str,
    first: date,
    same_period: date,
    next_period: date | None,
) -> None:
    mandate = approved_mandate(service, frequency=frequency)
    service.notify_pre_debit(mandate.mandate_id, first, 100)
    assert refused(service, mandate.mandate_id, same_period, 100) == "already_notified"
    if next_period is not None:
        service.notify_pre_debit(mandate.mandate_id, next_period, 100)


def test_the_database_also_refuses_a_second_notice_for_a_period(
    service: MandateService, active: Mandate
) -> None:
    notification = service.notify_pre_debit(active.mandate_id, NOV_3, 100)
    row = {**notification.__dict__, "notification_id": "another", "debit_date": date(2026, 11, 9)}
    with pytest.raises(IntegrityError), service.engine.begin() as conn:
        conn.execute(insert(pre_debit_notifications).values(**row))


def test_the_notice_must_fit_before_the_debit_date_ends(
    service: MandateService, clock: Clock, active: Mandate
) -> None:
    assert refused(service, active.mandate_id, date(2026, 11, 2), 100) == "notice_too_short"
    clock.now = datetime.fromisoformat("2026-11-02T18:30:00+00:00")  # 00:00 IST on 3 November
    assert refused(service, active.mandate_id, NOV_3, 100) == "notice_too_short"
    clock.advance(seconds=-1)  # 23:59:59 IST on 2 November: a debit at 23:59:59 on the 3rd
    assert service.notify_pre_debit(active.mandate_id, NOV_3, 100).period == "2026-11"


def test_unknown_mandates_and_instants_are_refused(
    service: MandateService, active: Mandate
) -> None:
    with pytest.raises(MandateNotFound):
        service.notify_pre_debit("HSM" + "0" * 32, NOV_3, 100)
    with pytest.raises(TypeError):
        service.notify_pre_debit(active.mandate_id, datetime(2026, 11, 3), 100)
