"""Send alerts through the payments outbox, each (person, subject, kind, period) once.

Per alert, one transaction: insert its row in ``budget_alert_sends`` unless that key is
there (``on conflict do nothing``, on SQLite and PostgreSQL alike), and only if the row went
in, write the outbox event. Re-running the pipeline, or two runs racing, cannot send twice.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from models_ml.alerts.tables import budget_alert_sends, create_tables
from payments.outbox import record_event

EVENT_TYPE = "budget.alert"
SENDS_SCHEMA: dict[str, pl.DataType] = {
    **{name: pl.String() for name in ("alert_id", "person_id", "subject_id", "kind", "period")},
    "sent_at": pl.Datetime("us", "UTC"),
    "fields": pl.String(),
}


@dataclass(frozen=True)
class Alert:
    person_ref: str
    subject_id: str
    kind: str
    period: str
    fields: dict[str, Any] = field(default_factory=dict)


def send_alerts(engine: Engine, alerts: list[Alert], now: datetime) -> list[str]:
    """Send the alerts not sent before; returns the ids of those sent now."""
    create_tables(engine)
    sent = []
    for alert in alerts:
        with engine.begin() as conn:
            alert_id = _claim(conn, alert, now)
            if alert_id:
                fields = {"alert_kind": alert.kind, "period": alert.period, **alert.fields}
                record_event(
                    conn,
                    event_type=EVENT_TYPE,
                    person_id=alert.person_ref,
                    occurred_at=now,
                    fields=fields,
                    event_id=alert_id,
                )
                sent.append(alert_id)
    return sent


def _claim(conn: Connection, alert: Alert, now: datetime) -> str | None:
    """Insert the alert's row; its id, or None when the key was already taken."""
    alert_id = str(uuid.uuid4())
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(budget_alert_sends)
        .values(
            alert_id=alert_id,
            person_id=alert.person_ref,
            subject_id=alert.subject_id,
            kind=alert.kind,
            period=alert.period,
            sent_at=now,
            fields=json.dumps(alert.fields, sort_keys=True, default=str),
        )
        .on_conflict_do_nothing(index_elements=["person_id", "subject_id", "kind", "period"])
        .returning(budget_alert_sends.c.alert_id)
    )
    claimed: str | None = conn.execute(statement).scalar_one_or_none()
    return claimed


def sent_alerts(engine: Engine) -> pl.DataFrame:
    """Every alert ever sent, oldest first (``sent_at`` as naive UTC, as the warehouse stores)."""
    create_tables(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(budget_alert_sends).order_by("sent_at", "alert_id")).all()
    frame = pl.DataFrame([tuple(row) for row in rows], schema=SENDS_SCHEMA, orient="row")
    return frame.with_columns(pl.col("sent_at").dt.replace_time_zone(None))


def sent_once(sent: pl.DataFrame, alerts: list[Alert]) -> bool:
    """Every alert due is among those sent, and no key was sent twice."""
    keys = sent.select("person_id", "subject_id", "kind", "period")
    stored = set(keys.iter_rows())
    due = {(alert.person_ref, alert.subject_id, alert.kind, alert.period) for alert in alerts}
    return len(stored) == keys.height and due <= stored
