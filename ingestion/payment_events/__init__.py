"""Payments events → ``raw.payment_events``: from Kafka in production, from the outbox embedded.

`consume_kafka` and `consume_outbox` deliver at least once; `write_messages` stores each event once
(by ``event_id``) and quarantines what cannot be read, so either feed can be re-run at any time.
"""

from ingestion.payment_events.kafka import consume_kafka
from ingestion.payment_events.outbox import consume_outbox
from ingestion.payment_events.write import FeedResult, Message, write_messages

__all__ = ["FeedResult", "Message", "consume_kafka", "consume_outbox", "write_messages"]
