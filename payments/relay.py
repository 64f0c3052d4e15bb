"""The outbox relay: publish outbox rows to Kafka, at least once, in order per person.

Rows are read in ``seq`` order, sent keyed by person (one person's events share a partition, so
they stay ordered), and marked ``published_at`` only after the broker has acknowledged every one
of them. A crash between the two re-publishes the batch on restart, never loses it: consumers
de-duplicate on ``event_id`` (also sent as a header). The producer is idempotent with one request
in flight, so a retried send cannot overtake a later one.

One relay runs per app database (``payments.relay_lock``): a second one waits for the lock.

    python -m payments.relay --bootstrap host:9092 [--once]
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError
from sqlalchemy import Engine, Row, select, update
from sqlalchemy.exc import SQLAlchemyError

from hisaab.settings import Settings, get_settings
from payments.db import app_engine, database_url
from payments.relay_lock import LockNotAcquired, single_relay
from payments.tables import outbox

log = logging.getLogger("payments.relay")

BATCH_SIZE = 500
POLL_INTERVAL_S = 0.5
PARTITIONS = 6  # a few, so people's events spread over consumers; ordering is per key anyway
SEND_TIMEOUT_S = 30.0
RETRY_BACKOFF_S = 2.0


def make_producer(bootstrap: str) -> KafkaProducer:
    """Every send acknowledged by all in-sync replicas; retries keep their order."""
    return KafkaProducer(
        bootstrap_servers=bootstrap,
        client_id="hisaab-outbox-relay",
        acks="all",
        enable_idempotence=True,
        max_in_flight_requests_per_connection=1,
        linger_ms=5,
        request_timeout_ms=10_000,
        delivery_timeout_ms=int(SEND_TIMEOUT_S * 1000),
    )


def ensure_topic(bootstrap: str, topic: str, partitions: int = PARTITIONS) -> None:
    """Create ``topic`` unless it exists, rather than rely on auto-creation and its defaults
    (one partition on most brokers); replication is the cluster's default (-1)."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="hisaab-outbox-relay")
    try:
        admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=-1)])
        log.info("created topic %s with %d partitions", topic, partitions)
    except TopicAlreadyExistsError:
        pass
    finally:
        admin.close()


def pending(engine: Engine, limit: int) -> Sequence[Row[Any]]:
    """The oldest unpublished rows; the read transaction ends before anything is sent."""
    columns = ("seq", "event_id", "topic", "message_key", "payload")
    query = (
        select(*(outbox.c[name] for name in columns))
        .where(outbox.c.published_at.is_(None))
        .order_by(outbox.c.seq)
        .limit(limit)
    )
    with engine.connect() as conn:
        return conn.execute(query).all()


def publish(producer: KafkaProducer, rows: Sequence[Row[Any]]) -> None:
    """Send the rows and wait for every acknowledgement; raises if any send failed."""
    futures = [
        producer.send(
            row.topic,
            key=row.message_key.encode(),
            value=row.payload.encode(),
            headers=[("event_id", row.event_id.encode())],
        )
        for row in rows
    ]
    producer.flush(timeout=SEND_TIMEOUT_S)
    for future in futures:
        future.get(timeout=SEND_TIMEOUT_S)


def mark_published(engine: Engine, seqs: Sequence[int]) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(outbox).where(outbox.c.seq.in_(seqs)).values(published_at=datetime.now(UTC))
        )


class Relay:
    """One relay: an app database, a producer, and the topics it has made sure exist."""

    def __init__(self, engine: Engine, bootstrap: str, batch_size: int = BATCH_SIZE) -> None:
        self.engine, self.bootstrap, self.batch_size = engine, bootstrap, batch_size
        self.producer = make_producer(bootstrap)
        self.topics: set[str] = set()

    def relay_batch(self) -> int:
        """Publish, then mark, one batch; returns how many rows it held."""
        rows = pending(self.engine, self.batch_size)
        if not rows:
            return 0
        for topic in {row.topic for row in rows} - self.topics:
            ensure_topic(self.bootstrap, topic)
            self.topics.add(topic)
        publish(self.producer, rows)
        mark_published(self.engine, [row.seq for row in rows])
        log.info("published %d events up to seq %d", len(rows), rows[-1].seq)
        return len(rows)

    def drain(self, stop: threading.Event | None = None) -> int:
        """Publish until the outbox is empty (or ``stop`` is set); returns rows published."""
        total = 0
        while stop is None or not stop.is_set():
            published = self.relay_batch()
            total += published
            if published < self.batch_size:
                break
        return total

    def run(self, stop: threading.Event, poll_interval: float = POLL_INTERVAL_S) -> None:
        """Drain, wait a moment, repeat until ``stop``; a batch in progress is finished first.

        A failed batch stays unpublished and is retried with a fresh producer: an idempotent
        producer can be left unusable by the error that failed it.
        """
        while not stop.is_set():
            try:
                self.drain(stop)
            except (KafkaError, SQLAlchemyError):
                log.exception("relay batch failed; retrying in %.0f s", RETRY_BACKOFF_S)
                self.producer.close(timeout=0)
                stop.wait(RETRY_BACKOFF_S)
                self.producer = make_producer(self.bootstrap)
            stop.wait(poll_interval)

    def close(self) -> None:
        self.producer.close(timeout=SEND_TIMEOUT_S)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m payments.relay", description="Publish the payments outbox to Kafka."
    )
    parser.add_argument("--bootstrap", help="host:port[,…] (default: HISAAB_KAFKA_BOOTSTRAP)")
    parser.add_argument("--database-url", help="app database (default: HISAAB_DATABASE_URL)")
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--poll-interval", type=float, default=POLL_INTERVAL_S, help="seconds")
    parser.add_argument("--once", action="store_true", help="drain the outbox, then exit")
    return parser.parse_args(argv)


def _stop_on_signals() -> threading.Event:
    """SIGTERM/SIGINT let the current batch finish (publish and mark), then the loop ends."""
    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    return stop


def main(argv: Sequence[str] | None = None) -> int:
    args = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    logging.getLogger("kafka").setLevel(logging.WARNING)  # its INFO is every connection
    settings = get_settings()
    bootstrap = args.bootstrap or settings.kafka_bootstrap
    if not bootstrap:
        log.error("no Kafka bootstrap: pass --bootstrap or set HISAAB_KAFKA_BOOTSTRAP")
        return 2
    url = database_url(Settings(database_url=args.database_url)) if args.database_url else None
    engine = app_engine(url)
    stop = _stop_on_signals()
    try:
        with single_relay(engine, stop):
            _relay(Relay(engine, bootstrap, args.batch_size), args, stop)
    except LockNotAcquired:
        log.info("stopped while waiting for another relay")
    return 0


def _relay(relay: Relay, args: argparse.Namespace, stop: threading.Event) -> None:
    try:
        if args.once:
            log.info("drained: %d events published", relay.drain(stop))
        else:
            relay.run(stop, args.poll_interval)
    finally:
        relay.close()


if __name__ == "__main__":
    raise SystemExit(main())
