"""Where payments events come from, chosen by the profile like every other feed.

Embedded: the app database's outbox table, read directly (no broker on a laptop). Production: the
``hisaab.payments.v1`` topic the outbox relay (`payments.relay`) publishes to; the broker address
is read when a run starts (``HISAAB_KAFKA_BOOTSTRAP``), never at import time.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import dagster as dg

from hisaab.settings import Settings, WarehouseLocation, get_settings
from ingestion.payment_events import FeedResult, consume_kafka, consume_outbox
from ingestion.payment_events.kafka import GROUP_ID, TOPIC


class PaymentEventsFeed(dg.ConfigurableResource, ABC):  # type: ignore[type-arg]
    """Delivers payments events at least once; the load stores each once."""

    @abstractmethod
    def load(self, location: WarehouseLocation) -> FeedResult:
        """Load what is new into ``raw.payment_events`` at ``location``."""


class KafkaPaymentEvents(PaymentEventsFeed):
    """Production: the topic, from the offsets ``group_id`` committed last time."""

    bootstrap: str
    topic: str = TOPIC
    group_id: str = GROUP_ID
    max_records: int = 1_000_000
    timeout_seconds: float = 5.0

    def load(self, location: WarehouseLocation) -> FeedResult:
        return consume_kafka(
            location,
            self.bootstrap,
            topic=self.topic,
            group_id=self.group_id,
            max_records=self.max_records,
            timeout=self.timeout_seconds,
        )


class OutboxPaymentEvents(PaymentEventsFeed):
    """Embedded (and tests): the outbox table of the app database (default: ``HISAAB_HOME``)."""

    database_url: str | None = None

    def load(self, location: WarehouseLocation) -> FeedResult:
        from payments.db import app_engine, database_url

        url = database_url(Settings(database_url=self.database_url)) if self.database_url else None
        engine = app_engine(url)
        try:
            return consume_outbox(location, engine)
        finally:
            engine.dispose()


def payment_events_feed() -> PaymentEventsFeed:
    if get_settings().profile == "production":
        return KafkaPaymentEvents(bootstrap=dg.EnvVar("HISAAB_KAFKA_BOOTSTRAP"))
    return OutboxPaymentEvents()
