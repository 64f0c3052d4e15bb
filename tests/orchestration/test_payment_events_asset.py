"""``raw/payment_events`` materialized in process: from the outbox (embedded) and from a real
Kafka-protocol broker (production), with its metadata and its duplicate check."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs.payments.assets import NO_DUPLICATE_EVENT_IDS, raw_payment_events
from orchestration.defs.payments.resources import (
    KafkaPaymentEvents,
    OutboxPaymentEvents,
    PaymentEventsFeed,
)
from orchestration.resources import WarehouseResource
from payments.db import app_engine
from payments.outbox import record_event
from payments.relay import Relay


def _record_payments(url: str, count: int) -> None:
    engine = app_engine(url)
    with engine.begin() as conn:
        for number in range(count):
            record_event(
                conn,
                event_type="payment.status_changed",
                person_id=f"P{number:06d}",
                occurred_at=datetime(2025, 4, 1, tzinfo=UTC),
                fields={"intent_id": f"intent-{number}", "sequence": 1, "to_status": "created"},
            )
    engine.dispose()


def _materialize(feed: PaymentEventsFeed, home: Path) -> dg.ExecuteInProcessResult:
    return dg.materialize(
        [raw_payment_events],
        resources={"payment_events_feed": feed, "warehouse": WarehouseResource(home=str(home))},
    )


def _metadata(result: dg.ExecuteInProcessResult) -> dict[str, object]:
    [materialization] = result.asset_materializations_for_node("raw__payment_events")
    return {name: value.value for name, value in materialization.metadata.items()}


def _check_passed(result: dg.ExecuteInProcessResult) -> bool:
    [evaluation] = result.get_asset_check_evaluations()
    assert evaluation.check_name == NO_DUPLICATE_EVENT_IDS
    return evaluation.passed


def test_the_embedded_feed_reads_the_outbox(hisaab_home: Path) -> None:
    url = f"sqlite:///{hisaab_home / 'app.db'}"
    _record_payments(url, 7)
    first = _materialize(OutboxPaymentEvents(database_url=url), hisaab_home)
    assert first.success and _check_passed(first)
    assert _metadata(first)["rows_loaded"] == 7
    again = _materialize(OutboxPaymentEvents(database_url=url), hisaab_home)
    assert (_metadata(again)["rows_read"], _metadata(again)["rows_loaded"]) == (0, 0)


@pytest.mark.kafka
def test_the_production_feed_reads_the_topic(hisaab_home: Path, kafka_bootstrap: str) -> None:
    url = f"sqlite:///{hisaab_home / 'app.db'}"
    _record_payments(url, 5)
    relay = Relay(app_engine(url), kafka_bootstrap)
    relay.drain()
    relay.close()
    group = f"test-{uuid.uuid4().hex[:8]}"
    feed = KafkaPaymentEvents(bootstrap=kafka_bootstrap, group_id=group, timeout_seconds=1.0)
    result = _materialize(feed, hisaab_home)
    assert result.success and _check_passed(result)
    metadata = _metadata(result)
    assert int(str(metadata["rows_loaded"])) >= 5  # the shared topic has other tests' events
    assert metadata["lag"] == 0
