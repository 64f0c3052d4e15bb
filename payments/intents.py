"""Payment intents in the app database: create one, move it through the state machine.

Every change happens inside the caller's transaction and writes three things together: the new
status on the intent, an append-only ``payment_events`` row, and an outbox event. A version
column makes a lost update impossible: a change based on a stale read affects no row and fails.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Connection, bindparam, insert, select, update

from payments.events import append_event
from payments.intent_links import collect_link
from payments.privacy import vpa_index
from payments.status import PaymentStatus, ensure_transition
from payments.tables import payment_intents
from payments.upi.limits import PaymentCategory, check_amount
from payments.upi.vpa import parse_vpa

# pay: the person pays. collect: the person asks a payer for money (their account is credited).
# mandate: a payee pulls from the person under an approved AutoPay mandate (a debit, sent as a
# collect). The warehouse reads the direction of the person's money from this.
IntentKind = Literal["pay", "collect", "mandate"]
PULLED_KINDS = ("collect", "mandate")
CREATED_TTL = timedelta(minutes=15)  # an intent nobody submitted is dropped, not kept forever
COLLECT_TTL_DEFAULT = timedelta(minutes=30)
MAX_NOTE_CHARS = 80


class IntentNotFound(LookupError):
    """No intent with that id for that person (another person's id looks exactly the same)."""


class ConcurrentUpdate(RuntimeError):
    """The intent changed between reading and writing it; the caller should re-read and retry."""


@dataclass(frozen=True)
class IntentRequest:
    """What a person asks for; validated before anything is stored."""

    kind: IntentKind
    payer_vpa: str
    payee_vpa: str
    payee_name: str
    amount_paise: int
    category: PaymentCategory = PaymentCategory.GENERAL
    note: str = ""
    collect_ttl_s: int = int(COLLECT_TTL_DEFAULT.total_seconds())

    def validated(self) -> IntentRequest:
        """The same request with VPAs normalised; ``ValueError`` with a reason otherwise."""
        if self.kind not in ("pay", *PULLED_KINDS):
            raise ValueError(f"kind must be 'pay' or 'collect', not {self.kind!r}")
        payer, payee = str(parse_vpa(self.payer_vpa)), str(parse_vpa(self.payee_vpa))
        if payer == payee:
            raise ValueError("payer and payee are the same VPA")
        name = self.payee_name.strip()
        if not name or len(name) > 100:
            raise ValueError("payee_name must be 1 to 100 characters")
        if len(self.note) > MAX_NOTE_CHARS:
            raise ValueError(f"note is longer than {MAX_NOTE_CHARS} characters")
        if not 60 <= self.collect_ttl_s <= 7 * 24 * 3600:
            raise ValueError("collect_ttl_s must be between 60 seconds and 7 days")
        check_amount(self.amount_paise, PaymentCategory(self.category))
        return IntentRequest(
            self.kind,
            payer,
            payee,
            name,
            self.amount_paise,
            PaymentCategory(self.category),
            self.note.strip(),
            self.collect_ttl_s,
        )

    def fingerprint(self) -> str:
        """A hash of the request's meaning: equal requests under one key replay, others conflict."""
        canonical = json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Intent:
    intent_id: str
    person_id: str
    kind: IntentKind
    payer_vpa: str
    payee_vpa: str
    payee_name: str
    amount_paise: int
    category: str
    note: str
    status: PaymentStatus
    created_at: datetime
    updated_at: datetime
    expires_at: datetime
    version: int
    submitted_at: datetime | None = None
    gateway_ref: str | None = None
    rrn: str | None = None
    npci_code: str | None = None
    npci_reason: str | None = None
    status_checks: int = 0
    last_status_check_at: datetime | None = None
    last_callback_sent_at: datetime | None = None

    @classmethod
    def from_row(cls, row: Any) -> Intent:
        return cls.from_values(row._mapping)

    @classmethod
    def from_values(cls, values: Mapping[str, Any]) -> Intent:
        """From a row, or from the values just written (saves reading them back)."""
        known = {name: values[name] for name in _FIELDS if name in values}
        known["status"] = PaymentStatus(known["status"])
        return cls(**known)

    def updated(self, values: Mapping[str, Any]) -> Intent:
        """This intent with ``values`` applied, as a re-read after writing them would give."""
        changes = {name: _as_stored(values[name]) for name in _FIELDS if name in values}
        if "status" in changes:
            changes["status"] = PaymentStatus(changes["status"])
        return replace(self, **changes)

    def public_json(self) -> bytes:
        """The intent as the API shows it to its owner: stable key order, so replays match."""
        body = {
            "intent_id": self.intent_id,
            "kind": self.kind,
            "status": str(self.status),
            "amount_paise": self.amount_paise,
            "category": self.category,
            "payer_vpa": self.payer_vpa,
            "payee_vpa": self.payee_vpa,
            "payee_name": self.payee_name,
            "note": self.note,
            "rrn": self.rrn,
            "npci_code": self.npci_code,
            "npci_reason": self.npci_reason,
            "created_at": self.created_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
        }
        if self.kind == "collect":  # what the payer scans or taps to pay this request
            body["upi_link"] = collect_link(
                self.payee_vpa, self.payee_name, self.amount_paise, self.note, self.intent_id
            )
        return json.dumps(body, separators=(",", ":")).encode()


_FIELDS = tuple(field.name for field in fields(Intent))
_INSERT = insert(payment_intents)
_BY_ID = payment_intents.c.intent_id == bindparam("intent_id")
_BY_OWNER = payment_intents.c.person_id == bindparam("person_id")
_LOAD = select(payment_intents).where(_BY_ID).with_for_update()
_LOAD_OWNED = select(payment_intents).where(_BY_ID, _BY_OWNER).with_for_update()
# Built once: the columns a change sets come from the parameters' keys, so every transition
# reuses one statement and its compiled form instead of building a new one each time. Keys
# that name no column would be left out silently: ``transition`` refuses them first.
_COLUMNS = frozenset(payment_intents.c.keys())
_CHANGE = update(payment_intents).where(
    payment_intents.c.intent_id == bindparam("changed_intent_id"),
    payment_intents.c.version == bindparam("expected_version"),
)
_SET_GATEWAY_REF = (
    update(payment_intents)
    .where(
        payment_intents.c.intent_id == bindparam("changed_intent_id"),
        payment_intents.c.version == bindparam("expected_version"),
    )
    .values(version=payment_intents.c.version + 1)
)


def _as_stored(value: Any) -> Any:
    """Datetimes come back from the database as aware UTC; so must values applied in memory."""
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def new_intent_id() -> str:
    """35 characters, the most UPI allows in ``tr``/``tid``: ``HSB`` and 32 hex digits."""
    return "HSB" + uuid.uuid4().hex.upper()


def insert_intent(
    conn: Connection, person_id: str, request: IntentRequest, now: datetime
) -> Intent:
    ttl = timedelta(seconds=request.collect_ttl_s) if request.kind in PULLED_KINDS else CREATED_TTL
    intent_id = new_intent_id()
    row = {
        "intent_id": intent_id,
        "person_id": person_id,
        "kind": request.kind,
        "payer_vpa": request.payer_vpa,
        "payee_vpa": request.payee_vpa,
        "payee_vpa_index": vpa_index(request.payee_vpa),
        "payee_name": request.payee_name,
        "amount_paise": request.amount_paise,
        "category": str(request.category),
        "note": request.note,
        "status": str(PaymentStatus.CREATED),
        "created_at": now,
        "updated_at": now,
        "expires_at": now + ttl,
        "status_checks": 0,
        "version": 1,
    }
    conn.execute(_INSERT, row)
    intent = Intent.from_values({name: _as_stored(value) for name, value in row.items()})
    append_event(conn, intent, None, reason="created", detail={}, now=now, sequence=1)
    return intent


def load_intent(conn: Connection, intent_id: str, person_id: str | None = None) -> Intent:
    """The intent, locked for the rest of the transaction where the database can lock rows."""
    if person_id is None:
        row = conn.execute(_LOAD, {"intent_id": intent_id}).first()
    else:
        params = {"intent_id": intent_id, "person_id": person_id}
        row = conn.execute(_LOAD_OWNED, params).first()
    if row is None:
        raise IntentNotFound(f"no payment intent {intent_id}")
    return Intent.from_row(row)


def transition(
    conn: Connection,
    intent: Intent,
    target: PaymentStatus,
    *,
    reason: str,
    now: datetime,
    updates: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> Intent:
    """Move ``intent`` to ``target`` (allowed transitions only), with its event and outbox row."""
    ensure_transition(intent.status, target)
    values = {**(updates or {}), "status": str(target), "updated_at": now}
    values["version"] = intent.version + 1
    if unknown := values.keys() - _COLUMNS:
        raise ValueError(f"payment_intents has no column {', '.join(sorted(unknown))}")
    params = {**values, "changed_intent_id": intent.intent_id, "expected_version": intent.version}
    result = conn.execute(_CHANGE, params)
    if result.rowcount != 1:
        raise ConcurrentUpdate(f"intent {intent.intent_id} changed while {reason} was applied")
    moved = intent.updated(values)
    append_event(conn, moved, intent.status, reason=reason, detail=detail or {}, now=now)
    return moved


def set_gateway_ref(conn: Connection, intent: Intent, gateway_ref: str) -> Intent:
    """Record the gateway's reference; not a status change, so no event. Like ``transition``,
    only on the version of the intent given: ``ConcurrentUpdate`` if it changed since."""
    values = {"gateway_ref": gateway_ref, "version": intent.version + 1}
    params = {
        "changed_intent_id": intent.intent_id,
        "expected_version": intent.version,
        "gateway_ref": gateway_ref,
    }
    if conn.execute(_SET_GATEWAY_REF, params).rowcount != 1:
        raise ConcurrentUpdate(f"intent {intent.intent_id} changed before its gateway_ref was set")
    return intent.updated(values)
