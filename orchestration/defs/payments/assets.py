"""``raw/payment_events``: what the payments feed delivered since the last run, each event once.

Its inline check is the promise the whole outbox → relay → Kafka → warehouse path makes despite
delivering at least once: no event id is stored twice.
"""

from __future__ import annotations

import dagster as dg

from hisaab.settings import get_settings
from ingestion.payment_events import FeedResult
from ingestion.warehouse import open_warehouse
from orchestration.defs.payments.resources import PaymentEventsFeed, payment_events_feed
from orchestration.resources import WarehouseResource

PAYMENT_EVENTS = dg.AssetKey(["raw", "payment_events"])
NO_DUPLICATE_EVENT_IDS = "no_duplicate_event_ids"
# Assets that read a broker: the bank sync leaves them out (see ingestion/schedules.py).
STREAM_FEED_TAG = {"feed": "stream"}
OUTBOX_FEED_TAG = {"feed": "outbox"}


def feed_tags(profile: str) -> dict[str, str]:
    """Production reads Kafka (kept out of the bank sync); embedded reads the app database's
    outbox, which cannot be down while the pipeline runs, so the bank sync loads it too and the
    payment reconciliation marts are built from it in the same run."""
    return STREAM_FEED_TAG if profile == "production" else OUTBOX_FEED_TAG


def _metadata(result: FeedResult) -> dict[str, dg.MetadataValue]:  # type: ignore[type-arg]
    metadata: dict[str, dg.MetadataValue] = {  # type: ignore[type-arg]
        f"rows_{name}": dg.MetadataValue.int(getattr(result, name))
        for name in ("read", "loaded", "duplicate", "quarantined")
    }
    metadata["positions"] = dg.MetadataValue.json(result.positions)
    if result.lag is not None:
        metadata["lag"] = dg.MetadataValue.int(result.lag)
    return metadata


def _duplicate_check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    with open_warehouse(warehouse.location) as opened:
        [(rows, distinct)] = opened.execute(
            "select count(*), count(distinct event_id) from raw.payment_events"
        )
    duplicates = int(str(rows)) - int(str(distinct))
    return dg.AssetCheckResult(
        check_name=NO_DUPLICATE_EVENT_IDS,
        passed=duplicates == 0,
        metadata={"duplicate_rows": dg.MetadataValue.int(duplicates)},
    )


@dg.asset(
    key=PAYMENT_EVENTS,
    group_name="raw",
    kinds={"python", "kafka"},
    tags=feed_tags(get_settings().profile),
    description="UPI payment and mandate events from the payments outbox, once per event_id.",
    check_specs=[
        dg.AssetCheckSpec(
            NO_DUPLICATE_EVENT_IDS,
            asset=PAYMENT_EVENTS,
            description="at-least-once delivery never stores an event twice",
        )
    ],
)
def raw_payment_events(
    payment_events_feed: PaymentEventsFeed, warehouse: WarehouseResource
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    result = payment_events_feed.load(warehouse.location)
    return dg.MaterializeResult(
        metadata=_metadata(result), check_results=[_duplicate_check(warehouse)]
    )


defs = dg.Definitions(
    assets=[raw_payment_events], resources={"payment_events_feed": payment_events_feed()}
)
