"""The outbox relay against a real Kafka-protocol broker (tansu): order per person, marks after
acknowledgement, nothing new on a re-run, a replay after a crash, a clean stop on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlalchemy import Engine, func, select

from hisaab.settings import WarehouseLocation
from ingestion.payment_events import consume_kafka
from payments import relay as relay_module
from payments.outbox import TOPIC
from payments.relay import Relay, main
from payments.tables import outbox
from tests.payments.outbox_flow import event_of, read_topic, write_payments

pytestmark = pytest.mark.kafka


def _unpublished(engine: Engine) -> int:
    with engine.connect() as conn:
        query = select(func.count()).where(outbox.c.published_at.is_(None))
        return int(conn.execute(query).scalar_one())


def _ours(bootstrap: str, prefix: str) -> list[Any]:
    """This test's records on the shared topic, in (partition, offset) order."""
    return [r for r in read_topic(bootstrap, TOPIC) if r.key.decode().startswith(prefix)]


def test_relay_publishes_in_order_per_person_and_marks_published(
    sqlite_app_engine: Engine, kafka_bootstrap: str
) -> None:
    prefix = uuid.uuid4().hex[:8]
    event_ids = write_payments(sqlite_app_engine, prefix, 120, chunk=20)
    relay = Relay(sqlite_app_engine, kafka_bootstrap, batch_size=100)
    try:
        assert relay.drain() == 360
        assert relay.drain() == 0  # a re-run publishes nothing new
    finally:
        relay.close()
    assert _unpublished(sqlite_app_engine) == 0

    records = _ours(kafka_bootstrap, prefix)
    assert sorted(dict(r.headers)["event_id"].decode() for r in records) == sorted(event_ids)
    assert all(dict(r.headers)["event_id"].decode() == event_of(r)["event_id"] for r in records)
    partitions: dict[bytes, set[int]] = defaultdict(set)
    steps: dict[str, list[int]] = defaultdict(list)
    for record in records:
        partitions[record.key].add(record.partition)
        steps[event_of(record)["intent_id"]].append(event_of(record)["sequence"])
    assert all(len(found) == 1 for found in partitions.values())  # one partition per person
    assert all(found == [1, 2, 3] for found in steps.values())  # in order per payment


def test_crash_between_publish_and_mark_replays_and_the_warehouse_keeps_one(
    sqlite_app_engine: Engine,
    kafka_bootstrap: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    prefix = uuid.uuid4().hex[:8]
    event_ids = write_payments(sqlite_app_engine, prefix, 10)
    relay = Relay(sqlite_app_engine, kafka_bootstrap)

    def crash(*_: Any) -> None:
        raise RuntimeError("killed after the broker acknowledged, before marking")

    with monkeypatch.context() as patched:
        patched.setattr(relay_module, "mark_published", crash)
        with pytest.raises(RuntimeError):
            relay.drain()
    assert _unpublished(sqlite_app_engine) == 30
    assert relay.drain() == 30
    relay.close()
    assert len(_ours(kafka_bootstrap, prefix)) == 60  # every event twice on the topic

    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    result = consume_kafka(location, kafka_bootstrap, group_id=prefix, timeout=1.5)
    with duckdb.connect(str(location.path), read_only=True) as conn:
        stored = conn.execute(
            "select event_id, count(*) from raw.payment_events where person_ref like ? group by 1",
            [f"{prefix}-%"],
        ).fetchall()
    assert sorted(event_id for event_id, _ in stored) == sorted(event_ids)
    assert {count for _, count in stored} == {1}
    assert result.duplicate >= 30


def test_main_needs_a_bootstrap(hisaab_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HISAAB_KAFKA_BOOTSTRAP", raising=False)
    assert main(["--once"]) == 2


def test_the_relay_process_drains_and_stops_cleanly_on_sigterm(
    sqlite_app_engine: Engine, kafka_bootstrap: str
) -> None:
    prefix = uuid.uuid4().hex[:8]
    write_payments(sqlite_app_engine, prefix, 20)
    url = str(sqlite_app_engine.url)
    command = [sys.executable, "-m", "payments.relay", "--bootstrap", kafka_bootstrap]
    process = subprocess.Popen(
        [*command, "--database-url", url, "--poll-interval", "0.2"], env=dict(os.environ)
    )
    try:
        deadline = time.monotonic() + 30
        while _unpublished(sqlite_app_engine) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _unpublished(sqlite_app_engine) == 0
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0
    finally:
        process.kill()
    assert len(_ours(kafka_bootstrap, prefix)) == 60
