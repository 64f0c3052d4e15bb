"""Read one payments event message: a ``raw.payment_events`` row, or why it cannot be one.

The producer is our own outbox (`payments.outbox`), but a topic is an interface other writers can
reach, so every message is checked; one bad message is quarantined with its reason and never stops
the rest of a batch. Only schema versions this code understands are loaded: a newer producer's
events wait in quarantine rather than being half read.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

SUPPORTED_SCHEMA_VERSIONS = frozenset({1})
REQUIRED_TEXT = ("event_type", "person_id", "occurred_at")
OPTIONAL_TEXT = (
    "intent_id",
    "mandate_id",
    "kind",
    "from_status",
    "to_status",
    "reason",
    "category",
    "rrn",
    "npci_code",
)
# The integer fields and the largest value their raw column (integer, bigint) holds.
OPTIONAL_INTEGER = {"sequence": 2**31 - 1, "amount_paise": 2**63 - 1}

Event = dict[str, Any]


def parse_event(value: bytes) -> Event | str:
    """The typed columns of one event (``person_id`` as ``person_ref``), or why to quarantine it."""
    event = _json_object(value)
    if isinstance(event, str):
        return event
    problem = _envelope_problem(event) or _field_problem(event)
    if problem:
        return problem
    occurred_at = utc_naive(event["occurred_at"])
    if occurred_at is None:
        return f"occurred_at is not an ISO 8601 time with a zone: {event['occurred_at']!r}"
    row: Event = {name: event.get(name) for name in (*OPTIONAL_TEXT, *OPTIONAL_INTEGER)}
    row.update(
        event_id=event["event_id"],
        event_type=event["event_type"],
        schema_version=event["schema_version"],
        person_ref=event["person_id"],
        occurred_at=occurred_at,
    )
    return row


def utc_naive(text: str) -> datetime | None:
    """UTC without a zone, as raw stores time; a time without a zone is ambiguous: ``None``."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC).replace(tzinfo=None)


def _json_object(value: bytes) -> dict[str, Any] | str:
    try:
        event = json.loads(value)
    except (UnicodeDecodeError, ValueError) as error:
        return f"not valid JSON: {error}"
    if not isinstance(event, dict):
        return "not a JSON object"
    return event


def _envelope_problem(event: dict[str, Any]) -> str | None:
    """What every event must carry: an id to de-duplicate on and a version we can read."""
    if not isinstance(event.get("event_id"), str) or not event["event_id"]:
        return "missing event_id"
    version = event.get("schema_version")
    if type(version) is not int or version not in SUPPORTED_SCHEMA_VERSIONS:
        return f"unknown schema_version {version!r}"
    for name in REQUIRED_TEXT:
        if not isinstance(event.get(name), str) or not event[name]:
            return f"missing {name}"
    return None


def _field_problem(event: dict[str, Any]) -> str | None:
    """Typed fields of the wrong type (money must be integer paise, never a float or text)."""
    for name in OPTIONAL_TEXT:
        if event.get(name) is not None and not isinstance(event[name], str):
            return f"{name} is not a string: {event[name]!r}"
    for name, largest in OPTIONAL_INTEGER.items():
        value = event.get(name)
        if value is not None and (type(value) is not int or abs(value) > largest):
            return f"{name} is not an integer of its column's size: {value!r}"
    return None
