"""Alerts go out through the payments outbox once per (person, subject, kind, period), on
SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine, select

from models_ml.alerts.send import EVENT_TYPE, Alert, send_alerts, sent_alerts, sent_once
from payments.db import app_engine
from payments.tables import outbox

NOW = datetime(2026, 3, 21, 2, 0, tzinfo=UTC)
ALERTS = [
    Alert("P1", "food", "budget_80", "2026-03", {"budget_id": "food", "spent_paise": 8_000}),
    Alert("P1", "food", "budget_100", "2026-03", {"budget_id": "food", "spent_paise": 8_000}),
]


def _events(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        payloads: list[str] = list(
            conn.execute(select(outbox.c.payload).order_by(outbox.c.seq)).scalars()
        )
    return [json.loads(payload) for payload in payloads]


def _sends_once(engine: Engine) -> None:
    first = send_alerts(engine, ALERTS, NOW)
    assert len(first) == 2
    # The next run (and the next month's same kind) : only the new key goes out.
    april = Alert("P1", "food", "budget_80", "2026-04", {"budget_id": "food"})
    second = send_alerts(engine, [*ALERTS, april], NOW)
    assert len(second) == 1
    events = _events(engine)
    assert [e["alert_kind"] for e in events] == ["budget_80", "budget_100", "budget_80"]
    assert {e["event_type"] for e in events} == {EVENT_TYPE}
    assert [e["event_id"] for e in events] == [*first, *second]
    assert events[0]["person_id"] == "P1" and events[0]["spent_paise"] == 8_000
    sent = sent_alerts(engine)
    assert sent.height == 3 and sent.schema["sent_at"] == pl.Datetime("us")
    assert sent_once(sent, [*ALERTS, april])
    assert not sent_once(sent.head(2), [*ALERTS, april])


def test_each_alert_is_sent_once_on_sqlite(tmp_path: Path) -> None:
    engine = app_engine(f"sqlite:///{tmp_path / 'app.db'}")
    _sends_once(engine)
    engine.dispose()


@pytest.mark.postgres
def test_each_alert_is_sent_once_on_postgres(postgres_url: str) -> None:
    engine = app_engine(postgres_url)
    _sends_once(engine)
    engine.dispose()
