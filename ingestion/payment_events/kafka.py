"""Production feed: the payments topic → ``raw.payment_events``.

Partitions are assigned explicitly (no consumer-group rebalance: one loader runs at a time, and
group joins cost seconds on some brokers), while the group id still names the committed offsets.
Each batch is written to the warehouse first and its offsets committed to Kafka after: a crash in
between re-reads the batch, which the load de-duplicates on ``event_id``, so nothing is lost and
nothing is stored twice.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

from hisaab.settings import WarehouseLocation
from ingestion.payment_events.write import FeedResult, Message, write_messages
from ingestion.warehouse import Warehouse, open_warehouse

TOPIC = "hisaab.payments.v1"
GROUP_ID = "hisaab-warehouse"
BATCH_RECORDS = 5_000  # per warehouse transaction: few, large writes suit both warehouses

Records = Mapping[TopicPartition, Sequence[Any]]


def consume_kafka(
    location: WarehouseLocation,
    bootstrap: str,
    topic: str = TOPIC,
    group_id: str = GROUP_ID,
    max_records: int = 1_000_000,
    timeout: float = 5.0,
) -> FeedResult:
    """Load what the group has not read yet, up to ``max_records``; stops after ``timeout``
    seconds without a new message (so it returns when it has caught up)."""
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap,
        group_id=group_id,
        client_id=f"{group_id}-loader",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    try:
        partitions = assign_from_committed(consumer, topic)
        if not partitions:  # no topic yet: the relay creates it with its first event
            return FeedResult()
        with open_warehouse(location) as warehouse:
            result = _load(consumer, warehouse, max_records, timeout)
        result.positions = {f"p{tp.partition}": consumer.position(tp) for tp in partitions}
        result.lag = _lag(consumer, partitions)
        return result
    finally:
        consumer.close()


def assign_from_committed(consumer: KafkaConsumer, topic: str) -> list[TopicPartition]:
    """Every partition of ``topic``, each at the group's committed offset (or its beginning)."""
    numbers = consumer.partitions_for_topic(topic) or set()
    partitions = [TopicPartition(topic, number) for number in sorted(numbers)]
    consumer.assign(partitions)
    for partition in partitions:
        committed = consumer.committed(partition)
        if committed is None:
            consumer.seek_to_beginning(partition)
        else:
            consumer.seek(partition, committed)
    return partitions


def _load(
    consumer: KafkaConsumer, warehouse: Warehouse, max_records: int, timeout: float
) -> FeedResult:
    result = FeedResult()
    while result.read < max_records:
        limit = min(BATCH_RECORDS, max_records - result.read)
        records: Records = consumer.poll(timeout_ms=int(timeout * 1000), max_records=limit)
        if not records:
            break
        result.add(write_messages(warehouse, messages(records)))
        consumer.commit(next_offsets(records))  # only after the warehouse has committed
    return result


def messages(records: Records) -> list[Message]:
    """A poll's records in (partition, offset) order, so a replay's first delivery comes first."""
    ordered = sorted(
        (record for batch in records.values() for record in batch),
        key=lambda record: (record.partition, record.offset),
    )
    return [
        Message("kafka", f"p{r.partition}:o{r.offset}", f"kafka:{r.topic}", r.value or b"")
        for r in ordered
    ]


def next_offsets(records: Records) -> dict[TopicPartition, OffsetAndMetadata]:
    """The offset to resume from per partition: one past the last record read."""
    return {
        partition: OffsetAndMetadata(batch[-1].offset + 1, "", -1)
        for partition, batch in records.items()
        if batch
    }


def _lag(consumer: KafkaConsumer, partitions: Sequence[TopicPartition]) -> int | None:
    """Messages behind the high watermark seen in the last fetch (``end_offsets`` is not used:
    the tansu broker of the tests answers it with the last batch's start, not the log's end)."""
    known = [(consumer.highwater(tp), consumer.position(tp)) for tp in partitions]
    lags = [high - position for high, position in known if high is not None]
    return sum(lags) if lags else None
