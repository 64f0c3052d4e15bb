"""Payments flowing through the outbox, and the topic read back, for the relay tests.

The writer goes through `payments.outbox.record_event` inside real transactions, the way the
payments service does; the reader reads the topic from the beginning without a consumer group.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from sqlalchemy import Engine

from payments.outbox import record_event

# (from_status, to_status, reason) of each step a payment in these tests takes
STEPS: tuple[tuple[str | None, str, str], ...] = (
    (None, "created", "intent_created"),
    ("created", "submitted", "submitted_to_psp"),
    ("submitted", "success", "psp_callback"),
)
PERSONS = 97  # a prime, so consecutive intents belong to different people


def intent_event(prefix: str, number: int, step: int) -> dict[str, Any]:
    """record_event's arguments for step ``step`` (1-3) of intent ``number``."""
    from_status, to_status, reason = STEPS[step - 1]
    return {
        "event_type": "payment.status_changed",
        "person_id": f"{prefix}-person-{number % PERSONS:03d}",
        "occurred_at": datetime(2025, 4, 1, tzinfo=UTC) + timedelta(seconds=number, minutes=step),
        "fields": {
            "intent_id": f"{prefix}-intent-{number:06d}",
            "kind": "pay",
            "sequence": step,
            "from_status": from_status,
            "to_status": to_status,
            "reason": reason,
            "amount_paise": 100 * (number % 5_000) + 1,
            "category": "food_dining",
            "payer_vpa": f"payer{number % PERSONS}@okhdfc",
            "payee_vpa": "merchant@icici",
            "payee_name": "Chai Point",
            "rrn": f"{500000000000 + number}" if to_status == "success" else None,
            "npci_code": "00" if to_status == "success" else None,
        },
    }


def write_steps(engine: Engine, prefix: str, numbers: Sequence[int], step: int) -> list[str]:
    """One transaction: step ``step`` of each intent in ``numbers``; returns the event ids."""
    with engine.begin() as conn:
        return [record_event(conn, **intent_event(prefix, n, step)) for n in numbers]


def write_payments(engine: Engine, prefix: str, count: int, chunk: int = 50) -> list[str]:
    """``count`` payments through all three steps, chunks of intents a step apart in time, so
    one transaction creates new intents while another completes older ones."""
    chunks = [range(start, min(start + chunk, count)) for start in range(0, count, chunk)]
    event_ids: list[str] = []
    for round_no in range(len(chunks) + len(STEPS) - 1):
        for step in range(len(STEPS), 0, -1):
            index = round_no - (step - 1)
            if 0 <= index < len(chunks):
                event_ids += write_steps(engine, prefix, chunks[index], step)
    return event_ids


def read_topic(bootstrap: str, topic: str, idle_seconds: float = 1.5) -> list[Any]:
    """Every record of ``topic`` from the beginning, in (partition, offset) order."""
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    try:
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        consumer.seek_to_beginning()
        records: list[Any] = []
        while batch := consumer.poll(timeout_ms=int(idle_seconds * 1000), max_records=10_000):
            records += [record for part in batch.values() for record in part]
        return sorted(records, key=lambda record: (record.partition, record.offset))
    finally:
        consumer.close()


def event_of(record: Any) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(record.value)
    return event


def serve_relay_forks() -> None:
    """A relay launcher for the crash test, run as its own process: ``start <arguments>`` forks a
    child running `payments.relay.main`, ``kill`` SIGKILLs and reaps it; each answers a line.

    It imports the relay once and runs no threads, so forking is safe and a child starts in
    milliseconds, where a fresh interpreter spends seconds importing SQLAlchemy and kafka-python.
    """
    from payments.relay import main

    child = 0
    for line in sys.stdin:
        command, *arguments = line.split() or ["?"]
        if command == "start":
            child = os.fork()
            if child == 0:
                try:
                    os._exit(main(arguments))
                finally:
                    os._exit(1)  # main raised: never return into this loop in the child
        elif command == "kill":
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
        print(child, flush=True)
