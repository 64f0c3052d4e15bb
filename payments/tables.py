"""Tables of the app database that move money. Append-only where history matters.

- ``payment_intents``: one row per intent, its current status (the state machine's position).
- ``payment_events``: every transition, never updated or deleted.
- ``idempotency_keys``: unique per person and key; the first response's exact bytes.
- ``gateway_callbacks``: every callback received, so a replayed one changes nothing.
- ``outbox``: events to publish, written in the same transaction as the change they describe.

Personal identifiers (VPAs, payee names) and the stored responses that repeat them are
encrypted at rest (``payments.privacy``); ``payee_vpa_index`` is the blind index that lets a
person's payments be found by payee without decrypting every row.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator

from payments.privacy import EncryptedBytes, EncryptedText

metadata = MetaData()

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL wants BIGINT for the outbox.
Sequence = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out, also on SQLite (which would hand back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: the app database stores UTC instants only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcTime = UtcDateTime()

payment_intents = Table(
    "payment_intents",
    metadata,
    Column("intent_id", String(35), primary_key=True),  # also the UPI txn id (tid/tr ≤ 35)
    Column("person_id", String(64), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # pay | collect
    Column("payer_vpa", EncryptedText, nullable=False),
    Column("payee_vpa", EncryptedText, nullable=False),
    Column("payee_vpa_index", String(64), index=True),  # blind index (payments.privacy)
    Column("payee_name", EncryptedText, nullable=False),
    Column("amount_paise", BigInteger, nullable=False),
    Column("category", String(32), nullable=False),
    Column("note", String(80), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("gateway_ref", String(64)),
    Column("rrn", String(12)),
    Column("npci_code", String(8)),
    Column("npci_reason", String(200)),
    Column("created_at", UtcTime, nullable=False),
    Column("updated_at", UtcTime, nullable=False),
    Column("submitted_at", UtcTime),
    Column("expires_at", UtcTime, nullable=False),
    Column("status_checks", Integer, nullable=False, default=0),
    Column("last_status_check_at", UtcTime),
    Column("last_callback_sent_at", UtcTime),
    Column("version", Integer, nullable=False, default=1),
)

payment_events = Table(
    "payment_events",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("intent_id", ForeignKey("payment_intents.intent_id"), nullable=False, index=True),
    Column("sequence", Integer, nullable=False),
    Column("from_status", String(16)),
    Column("to_status", String(16), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("detail", Text, nullable=False),  # JSON
    Column("occurred_at", UtcTime, nullable=False),
    UniqueConstraint("intent_id", "sequence", name="uq_payment_events_intent_sequence"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("person_id", String(64), primary_key=True),
    Column("idempotency_key", String(255), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("intent_id", ForeignKey("payment_intents.intent_id"), nullable=False),
    Column("response_status", Integer, nullable=False),
    Column("response_body", EncryptedBytes, nullable=False),  # repeats the VPAs
    Column("created_at", UtcTime, nullable=False),
)

gateway_callbacks = Table(
    "gateway_callbacks",
    metadata,
    Column("callback_id", String(64), primary_key=True),
    Column("txn_id", String(35), nullable=False, index=True),
    Column("status", String(16), nullable=False),
    Column("outcome", String(16), nullable=False),  # applied | duplicate | stale | unknown_txn
    Column("detail", Text, nullable=False),
    Column("received_at", UtcTime, nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("seq", Sequence, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("topic", String(100), nullable=False),
    Column("message_key", String(64), nullable=False),  # person id: Kafka orders per key
    Column("payload", Text, nullable=False),  # JSON with schema_version
    Column("created_at", UtcTime, nullable=False),
    Column("published_at", UtcTime, index=True),
)
