"""Mandates in the app database: validate a request, store it, move it through its states.

Like payment intents, every change happens inside the caller's transaction and writes the row,
an append-only event and an outbox event together; the version column turns a change based on
a stale read into an error instead of a silently lost update.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from payments.intents import MAX_NOTE_CHARS
from payments.mandates.errors import ConcurrentMandateUpdate, MandateNotFound
from payments.mandates.history import append_mandate_event
from payments.mandates.schedule import AmountRule, Frequency, ensure_business_date
from payments.mandates.status import MandateStatus, ensure_transition
from payments.mandates.tables import mandates
from payments.upi.limits import PaymentCategory, check_amount
from payments.upi.vpa import parse_vpa


@dataclass(frozen=True)
class MandateRequest:
    """What the payer sets up; validated before anything is stored."""

    payer_vpa: str
    payee_vpa: str
    payee_name: str
    amount_paise: int
    amount_rule: AmountRule
    frequency: Frequency
    validity_start: date
    validity_end: date
    category: PaymentCategory = PaymentCategory.GENERAL
    purpose: str = ""

    def validated(self, today: date) -> MandateRequest:
        """The same request, normalised; ``ValueError`` (or a subclass) saying why otherwise."""
        payer, payee, name = self._parties()
        if len(self.purpose.strip()) > MAX_NOTE_CHARS:
            raise ValueError(f"purpose is longer than {MAX_NOTE_CHARS} characters")
        if type(self.amount_paise) is not int:
            raise ValueError("amount_paise must be an integer number of paise")
        check_amount(self.amount_paise, PaymentCategory(self.category))
        self._check_validity(today)
        return replace(
            self,
            payer_vpa=payer,
            payee_vpa=payee,
            payee_name=name,
            amount_rule=AmountRule(self.amount_rule),
            frequency=Frequency(self.frequency),
            category=PaymentCategory(self.category),
            purpose=self.purpose.strip(),
        )

    def _parties(self) -> tuple[str, str, str]:
        payer, payee = str(parse_vpa(self.payer_vpa)), str(parse_vpa(self.payee_vpa))
        if payer == payee:
            raise ValueError("payer and payee are the same VPA")
        name = self.payee_name.strip()
        if not name or len(name) > 100:
            raise ValueError("payee_name must be 1 to 100 characters")
        return payer, payee, name

    def _check_validity(self, today: date) -> None:
        start = ensure_business_date(self.validity_start)
        end = ensure_business_date(self.validity_end)
        if start > end:
            raise ValueError("validity_start is after validity_end")
        if start < today:
            raise ValueError(f"validity cannot start in the past (today is {today} in IST)")


@dataclass(frozen=True)
class Mandate:
    mandate_id: str
    person_id: str
    payer_vpa: str
    payee_vpa: str
    payee_name: str
    amount_paise: int
    amount_rule: AmountRule
    frequency: Frequency
    validity_start: date
    validity_end: date
    category: str
    purpose: str
    status: MandateStatus
    created_at: datetime
    updated_at: datetime
    version: int
    step_up_verified_at: datetime | None = None

    @classmethod
    def from_row(cls, row: Any) -> Mandate:
        values = dict(row._mapping)
        values["status"] = MandateStatus(values["status"])
        values["amount_rule"] = AmountRule(values["amount_rule"])
        values["frequency"] = Frequency(values["frequency"])
        return cls(**values)

    def allows_amount(self, amount_paise: int) -> bool:
        """``max``: more than zero and up to the amount; ``exact``: that amount and no other."""
        if self.amount_rule == AmountRule.EXACT:
            return amount_paise == self.amount_paise
        return 0 < amount_paise <= self.amount_paise

    def covers(self, day: date) -> bool:
        return self.validity_start <= day <= self.validity_end


def new_mandate_id() -> str:
    """35 characters like intent ids (the most UPI allows for a reference): ``HSM`` + 32 hex."""
    return "HSM" + uuid.uuid4().hex.upper()


def insert_mandate(
    conn: Connection, person_id: str, request: MandateRequest, now: datetime
) -> Mandate:
    """Store a validated request as ``created``, with its ``mandate.created`` event."""
    row = {
        **asdict(request),
        "amount_rule": str(request.amount_rule),
        "frequency": str(request.frequency),
        "category": str(request.category),
        "mandate_id": new_mandate_id(),
        "person_id": person_id,
        "status": str(MandateStatus.CREATED),
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    conn.execute(insert(mandates).values(**row))
    mandate = load_mandate(conn, row["mandate_id"])
    append_mandate_event(
        conn, mandate, event_type="mandate.created", from_status=None, reason="created", now=now
    )
    return mandate


def load_mandate(conn: Connection, mandate_id: str, person_id: str | None = None) -> Mandate:
    """Read and lock the row (``FOR UPDATE`` on PostgreSQL; SQLite's writer lock otherwise)."""
    query = select(mandates).where(mandates.c.mandate_id == mandate_id)
    if person_id is not None:
        query = query.where(mandates.c.person_id == person_id)
    row = conn.execute(query.with_for_update()).first()
    if row is None:
        raise MandateNotFound(f"no mandate {mandate_id}")
    return Mandate.from_row(row)


def transition_mandate(
    conn: Connection,
    mandate: Mandate,
    target: MandateStatus,
    *,
    event_type: str,
    reason: str,
    now: datetime,
    updates: dict[str, Any] | None = None,
) -> Mandate:
    """Move ``mandate`` to ``target`` (allowed transitions only), with its event and outbox row."""
    ensure_transition(mandate.status, target)
    values = {**(updates or {}), "status": str(target), "updated_at": now}
    result = conn.execute(
        update(mandates)
        .where(mandates.c.mandate_id == mandate.mandate_id)
        .where(mandates.c.version == mandate.version)
        .values(**values, version=mandate.version + 1)
    )
    if result.rowcount != 1:
        raise ConcurrentMandateUpdate(f"mandate {mandate.mandate_id} changed during {reason}")
    moved = load_mandate(conn, mandate.mandate_id)
    append_mandate_event(
        conn, moved, event_type=event_type, from_status=mandate.status, reason=reason, now=now
    )
    return moved
