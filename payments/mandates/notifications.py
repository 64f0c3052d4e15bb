"""Pre-debit notifications: the payer is told what will be debited, and when, before it is.

A notification is accepted only for an active mandate, for a debit date inside the mandate's
validity, for an amount its rule allows, and early enough that the notice period can still run
out before the debit date ends. One per period: it *is* the announcement of that cycle's debit,
and every attempt (the first and the retries) of that cycle rests on it.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, select

from hisaab.money import format_inr
from payments.mandates.errors import MandateRefused, NotificationRefused
from payments.mandates.history import append_mandate_event
from payments.mandates.policy import MandatePolicy
from payments.mandates.records import Mandate
from payments.mandates.schedule import ensure_business_date, period_of, start_of_day
from payments.mandates.status import MandateStatus
from payments.mandates.tables import pre_debit_notifications

NOTIFIED = "mandate.pre_debit_notified"


@dataclass(frozen=True)
class PreDebitNotification:
    notification_id: str
    mandate_id: str
    period: str
    debit_date: date
    amount_paise: int
    sent_at: datetime
    due_at: datetime

    @classmethod
    def from_row(cls, row: Any) -> PreDebitNotification:
        return cls(**dict(row._mapping))


def ensure_debit_terms(
    mandate: Mandate, debit_date: date, amount_paise: int, refused: type[MandateRefused]
) -> None:
    """The debit the mandate itself allows: the amount rule and the validity window."""
    ensure_business_date(debit_date)
    if type(amount_paise) is not int:
        raise refused("amount_not_paise", "amount_paise must be an integer number of paise")
    if not mandate.allows_amount(amount_paise):
        rule = "exactly" if mandate.amount_rule == "exact" else "at most"
        message = f"the mandate allows {rule} {format_inr(mandate.amount_paise)}"
        raise refused("amount_outside_rule", f"{format_inr(amount_paise)}: {message}")
    if not mandate.covers(debit_date):
        window = f"{mandate.validity_start} to {mandate.validity_end}"
        raise refused("outside_validity", f"{debit_date} is outside the validity {window}")


def find_notification(
    conn: Connection, mandate_id: str, period: str
) -> PreDebitNotification | None:
    table = pre_debit_notifications.c
    row = conn.execute(
        select(pre_debit_notifications)
        .where(table.mandate_id == mandate_id)
        .where(table.period == period)
    ).first()
    return None if row is None else PreDebitNotification.from_row(row)


def notify(
    conn: Connection,
    mandate: Mandate,
    debit_date: date,
    amount_paise: int,
    now: datetime,
    policy: MandatePolicy,
) -> PreDebitNotification:
    """Record the notification and its ``mandate.pre_debit_notified`` event, or refuse."""
    _ensure_notifiable(mandate, debit_date, amount_paise, now, policy)
    period = period_of(mandate.frequency, debit_date)
    if find_notification(conn, mandate.mandate_id, period) is not None:
        message = f"period {period} of mandate {mandate.mandate_id} was already notified"
        raise NotificationRefused("already_notified", message)
    notification = PreDebitNotification(
        str(uuid.uuid4()),
        mandate.mandate_id,
        period,
        debit_date,
        amount_paise,
        now,
        max(now + policy.pre_debit_notice, start_of_day(debit_date)),
    )
    conn.execute(insert(pre_debit_notifications).values(**asdict(notification)))
    _record(conn, mandate, notification)
    return notification


def _ensure_notifiable(
    mandate: Mandate, debit_date: date, amount_paise: int, now: datetime, policy: MandatePolicy
) -> None:
    if mandate.status != MandateStatus.ACTIVE:
        message = f"mandate {mandate.mandate_id} is {mandate.status}, not active"
        raise NotificationRefused("mandate_not_active", message)
    ensure_debit_terms(mandate, debit_date, amount_paise, NotificationRefused)
    if now + policy.pre_debit_notice >= start_of_day(debit_date + timedelta(days=1)):
        hours = policy.pre_debit_notice / timedelta(hours=1)
        message = f"a notification sent now cannot give {hours:g} hours' notice before {debit_date}"
        raise NotificationRefused("notice_too_short", message + " ends (IST)")


def _record(conn: Connection, mandate: Mandate, notification: PreDebitNotification) -> None:
    append_mandate_event(
        conn,
        mandate,
        event_type=NOTIFIED,
        from_status=mandate.status,
        reason="pre_debit_notice",
        now=notification.sent_at,
        amount_paise=notification.amount_paise,
        detail={
            "notification_id": notification.notification_id,
            "period": notification.period,
            "debit_date": notification.debit_date.isoformat(),
            "due_at": notification.due_at.isoformat(),
        },
    )
