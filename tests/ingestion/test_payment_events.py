"""Payments events into ``raw.payment_events``: from a real broker (tansu) and from the outbox,
each event once, bad messages quarantined, offsets resumed, on DuckDB and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer
from sqlalchemy import Engine, insert

from hisaab.settings import WarehouseLocation
from ingestion.payment_events import consume_kafka, consume_outbox
from ingestion.payment_events.parse import parse_event
from ingestion.warehouse import open_warehouse
from payments.db import app_engine
from payments.outbox import record_event
from payments.relay import ensure_topic
from payments.tables import outbox

Query = Callable[[str], list[tuple[object, ...]]]
OCCURRED_AT = datetime(2025, 4, 1, 4, 30, tzinfo=UTC)


def _event(number: int, **changes: Any) -> dict[str, Any]:
    event = {
        "schema_version": 1,
        "event_id": f"evt-{number}",
        "event_type": "payment.status_changed",
        "occurred_at": "2025-04-01T10:00:00+05:30",
        "person_id": "P000001",
        "intent_id": f"intent-{number}",
        "sequence": 1,
        "to_status": "created",
        "amount_paise": 24_500,
    }
    return {**event, **changes}


def _produce(bootstrap: str, topic: str, values: list[bytes]) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    for value in values:
        producer.send(topic, key=b"P000001", value=value)
    producer.flush()
    producer.close()


def _encoded(*events: dict[str, Any]) -> list[bytes]:
    return [json.dumps(event).encode() for event in events]


def test_parse_event_reads_fields_and_explains_what_it_rejects() -> None:
    row = parse_event(_encoded(_event(1))[0])
    assert isinstance(row, dict)
    assert row["person_ref"] == "P000001"
    assert row["occurred_at"] == datetime(2025, 4, 1, 4, 30)  # UTC, without a zone
    assert str(parse_event(b"{not json")).startswith("not valid JSON: ")
    assert parse_event(b"[1]") == "not a JSON object"
    assert parse_event(_encoded(_event(1, event_id=None))[0]) == "missing event_id"
    assert parse_event(_encoded(_event(1, schema_version=2))[0]) == "unknown schema_version 2"
    assert "amount_paise" in str(parse_event(_encoded(_event(1, amount_paise=245.5))[0]))
    assert "occurred_at" in str(parse_event(_encoded(_event(1, occurred_at="2025-04-01"))[0]))


@pytest.mark.kafka
def test_kafka_loads_each_event_once_quarantines_the_malformed_and_resumes(
    kafka_bootstrap: str, duckdb_location: WarehouseLocation, query: Query
) -> None:
    topic = f"test.payments.{uuid.uuid4().hex[:8]}"
    ensure_topic(kafka_bootstrap, topic, partitions=3)
    good = _encoded(_event(1), _event(2), _event(3))
    bad = [b"{not json", *_encoded(_event(4, schema_version=9), _event(5, event_id=None))]
    _produce(kafka_bootstrap, topic, [*good, good[0], *bad, bad[0]])

    first = consume_kafka(duckdb_location, kafka_bootstrap, topic, group_id=topic, timeout=1.0)
    assert (first.read, first.loaded, first.duplicate, first.quarantined) == (8, 3, 1, 3)
    assert sorted(first.positions) == ["p0", "p1", "p2"]
    assert sum(first.positions.values()) == 8  # one key, so one partition holds all eight
    assert first.lag == 0
    reasons = sorted(str(reason)[:14] for (reason,) in query("select reason from raw.quarantine"))
    assert reasons == ["missing event_", "not valid JSON", "unknown schema"]
    [(source, position)] = query(
        "select source, source_position from raw.payment_events where event_id = 'evt-1'"
    )
    assert source == "kafka" and str(position).endswith(":o0")  # the first delivery's position

    _produce(kafka_bootstrap, topic, _encoded(_event(6), _event(1)))
    again = consume_kafka(duckdb_location, kafka_bootstrap, topic, group_id=topic, timeout=1.0)
    assert (again.read, again.loaded, again.duplicate) == (2, 1, 1)  # from the committed offsets
    assert query("select count(*) from raw.payment_events") == [(4,)]


def _record(engine: Engine, number: int) -> str:
    with engine.begin() as conn:
        fields = {"intent_id": f"intent-{number}", "sequence": 1, "amount_paise": 100 * number}
        return record_event(
            conn,
            event_type="payment.status_changed",
            person_id="P000001",
            occurred_at=OCCURRED_AT,
            fields=fields,
        )


def test_outbox_on_sqlite_reads_only_what_is_new(
    tmp_path: Path, duckdb_location: WarehouseLocation, query: Query
) -> None:
    engine = app_engine(f"sqlite:///{tmp_path / 'app.db'}")
    ids = [_record(engine, number) for number in range(5)]
    with engine.begin() as conn:
        created = {"topic": "t", "message_key": "P000001", "created_at": OCCURRED_AT}
        conn.execute(insert(outbox).values(event_id="broken", payload="{oops", **created))
    first = consume_outbox(duckdb_location, engine)
    assert (first.read, first.loaded, first.quarantined) == (6, 5, 1)
    assert first.positions == {"seq": 6}  # read up to the broken row

    ids.append(_record(engine, 9))
    again = consume_outbox(duckdb_location, engine)
    assert (again.read, again.loaded, again.quarantined) == (2, 1, 0)  # after seq 5 only
    stored = query("select event_id, amount_paise, occurred_at from raw.payment_events")
    assert sorted(str(event_id) for event_id, _, _ in stored) == sorted(ids)
    assert {occurred for _, _, occurred in stored} == {datetime(2025, 4, 1, 4, 30)}
    engine.dispose()


@pytest.mark.postgres
def test_outbox_on_postgres_into_a_postgres_warehouse(postgres_url: str) -> None:
    """The app tables (schema public) and the warehouse (schema raw) share one test database."""
    engine = app_engine("postgresql+psycopg://" + postgres_url.split("://", 1)[1])
    location = WarehouseLocation.parse(postgres_url, Path("."))
    ids = {_record(engine, number) for number in range(4)}
    assert consume_outbox(location, engine).loaded == 4
    ids.add(_record(engine, 7))
    again = consume_outbox(location, engine)
    assert (again.read, again.loaded, again.duplicate) == (5, 1, 4)  # every row offered again
    with open_warehouse(location) as warehouse:
        stored = warehouse.execute("select event_id from raw.payment_events")
    assert {str(event_id) for (event_id,) in stored} == ids
    engine.dispose()


def test_an_older_warehouse_gets_the_table_when_opened(duckdb_location: WarehouseLocation) -> None:
    with open_warehouse(duckdb_location) as warehouse:
        warehouse.execute("drop table raw.payment_events")
    with open_warehouse(duckdb_location) as warehouse:
        assert warehouse.execute("select count(*) from raw.payment_events") == [(0,)]
