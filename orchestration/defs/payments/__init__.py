"""Payments events, from the outbox (embedded) or the Kafka topic (production), into raw."""
