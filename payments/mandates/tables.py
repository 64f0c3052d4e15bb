"""The mandate tables, on the same ``metadata`` as the payments tables so one ``create_all``
makes both (``payments.db.app_engine``).

- ``mandates``: one row per mandate, its current status; a version column against lost updates.
- ``mandate_events``: every change to a mandate, its notifications and executions; never
  updated or deleted. Each row's ``event_id`` is also its outbox event's id.
- ``pre_debit_notifications``: what the payer was told would be debited, and when; unique per
  mandate and period, so a cycle can never be announced (and then debited) twice.
- ``mandate_executions``: every debit attempt and the payment intent that carries it; unique per
  mandate, period and attempt number, so two schedulers racing cannot both make attempt 2.

Debit and validity dates are Asia/Kolkata business dates (``Date``); instants are UTC.
VPAs and the payee's name are encrypted at rest, like ``payment_intents``' (``payments.privacy``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from payments.privacy import EncryptedText
from payments.tables import UtcTime, metadata

mandates = Table(
    "mandates",
    metadata,
    Column("mandate_id", String(35), primary_key=True),  # HSM + 32 hex, like intents' ids
    Column("person_id", String(64), nullable=False, index=True),
    Column("payer_vpa", EncryptedText, nullable=False),
    Column("payee_vpa", EncryptedText, nullable=False),
    Column("payee_name", EncryptedText, nullable=False),
    Column("amount_paise", BigInteger, nullable=False),  # the maximum, or the exact amount
    Column("amount_rule", String(8), nullable=False),  # max | exact
    Column("frequency", String(16), nullable=False),
    Column("validity_start", Date, nullable=False),
    Column("validity_end", Date, nullable=False),
    Column("category", String(32), nullable=False),
    Column("purpose", String(80), nullable=False),
    Column("status", String(16), nullable=False, index=True),
    Column("step_up_verified_at", UtcTime),
    Column("created_at", UtcTime, nullable=False),
    Column("updated_at", UtcTime, nullable=False),
    Column("version", Integer, nullable=False, default=1),
    CheckConstraint("amount_paise > 0", name="ck_mandates_amount_positive"),
    CheckConstraint("validity_start <= validity_end", name="ck_mandates_validity_order"),
)

mandate_events = Table(
    "mandate_events",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("mandate_id", ForeignKey("mandates.mandate_id"), nullable=False, index=True),
    Column("sequence", Integer, nullable=False),
    Column("event_type", String(48), nullable=False),
    Column("from_status", String(16)),
    Column("to_status", String(16), nullable=False),
    Column("reason", String(64), nullable=False),
    Column("detail", Text, nullable=False),  # JSON
    Column("occurred_at", UtcTime, nullable=False),
    UniqueConstraint("mandate_id", "sequence", name="uq_mandate_events_mandate_sequence"),
)

pre_debit_notifications = Table(
    "pre_debit_notifications",
    metadata,
    Column("notification_id", String(36), primary_key=True),
    Column("mandate_id", ForeignKey("mandates.mandate_id"), nullable=False, index=True),
    Column("period", String(16), nullable=False),
    Column("debit_date", Date, nullable=False),
    Column("amount_paise", BigInteger, nullable=False),
    Column("sent_at", UtcTime, nullable=False),
    Column("due_at", UtcTime, nullable=False),  # the earliest instant the debit may run
    UniqueConstraint("mandate_id", "period", name="uq_pre_debit_notifications_period"),
    CheckConstraint("amount_paise > 0", name="ck_pre_debit_notifications_amount_positive"),
)

mandate_executions = Table(
    "mandate_executions",
    metadata,
    Column("execution_id", String(36), primary_key=True),
    Column("mandate_id", ForeignKey("mandates.mandate_id"), nullable=False, index=True),
    Column(
        "notification_id",
        ForeignKey("pre_debit_notifications.notification_id"),
        nullable=False,
    ),
    Column("period", String(16), nullable=False),
    Column("debit_date", Date, nullable=False),
    Column("attempt", Integer, nullable=False),
    Column("amount_paise", BigInteger, nullable=False),
    Column("intent_id", ForeignKey("payment_intents.intent_id"), nullable=False, unique=True),
    Column("status", String(16), nullable=False, index=True),
    Column("reason", String(64), nullable=False),
    Column("npci_code", String(8)),
    Column("step_up_verified_at", UtcTime),
    Column("created_at", UtcTime, nullable=False),
    Column("updated_at", UtcTime, nullable=False),
    UniqueConstraint("mandate_id", "period", "attempt", name="uq_mandate_executions_attempt"),
)
