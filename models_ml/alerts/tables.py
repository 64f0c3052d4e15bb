"""The app-database table that makes each alert a once-only event.

One row per alert ever sent, unique per (person, subject, kind, period): the subject is the
budget, or for a shortfall the debit it warns about. The row and the alert's outbox event are
written in one transaction, so an alert is recorded as sent exactly when its event exists.
Its own ``MetaData``: the payments schema is another module's, and ``create_all`` on this one
only ever creates this table.
"""

from __future__ import annotations

from sqlalchemy import Column, Engine, MetaData, String, Table, Text, UniqueConstraint

from payments.tables import UtcTime

metadata = MetaData()

budget_alert_sends = Table(
    "budget_alert_sends",
    metadata,
    Column("alert_id", String(36), primary_key=True),  # also the outbox event's event_id
    Column("person_id", String(64), nullable=False),
    Column("subject_id", String(64), nullable=False),  # budget_id, or the debit's id
    Column("kind", String(32), nullable=False),
    Column("period", String(16), nullable=False),  # the budget month or the debit's, YYYY-MM
    Column("sent_at", UtcTime, nullable=False),
    Column("fields", Text, nullable=False),  # the event's own fields, JSON
    UniqueConstraint(
        "person_id", "subject_id", "kind", "period", name="uq_budget_alert_sends_once"
    ),
)


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)
