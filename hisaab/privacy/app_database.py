"""Forgetting a person in the app database: delete what we may, scrub what the law makes us keep.

Every table with a ``person_ref`` or ``person_id`` column is found by reflection, so a table added
later is covered without touching this module. Payment records are kept (RBI expects payment
system data to be retained), but their personal fields — VPAs, names, notes, payloads — are
overwritten; everything else of the person is deleted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Column, Engine, MetaData, String, Table, Text, or_

from hisaab.crypto import field_cipher

# Kept for record-keeping, with personal fields scrubbed: the money moved, who it was is gone.
RETAINED = frozenset(
    {
        "payment_intents",
        "payment_events",
        "gateway_callbacks",
        "outbox",
        "mandates",
        "mandate_events",
        "mandate_debits",
        "audit_log",
        "erasure_requests",
    }
)
_PERSONAL = re.compile(r"vpa|phone|name|account|note|payload|body|email|address|narration", re.I)
_OWNER_COLUMNS = ("person_ref", "person_id")
SCRUBBED = "[erased]"
_TOKEN = re.compile(r"^v1\.[a-z0-9]{1,16}\.[A-Za-z0-9_-]+$")  # a hisaab.crypto token
SCRUBBED_JSON = '{"erased": true}'


def erase_from_app_database(engine: Engine, identifiers: Iterable[str]) -> dict[str, int]:
    """Delete or scrub every row owned by any of ``identifiers`` (person_ref and app person_id);
    rows affected per table."""
    owners = sorted({value for value in identifiers if value})
    metadata = MetaData()
    metadata.reflect(engine)
    affected: dict[str, int] = {}
    with engine.begin() as conn:
        for table in _dependents_first(metadata):
            owned = [table.c[name].in_(owners) for name in _OWNER_COLUMNS if name in table.c]
            if not owned:
                continue
            condition = or_(*owned)
            if table.name in RETAINED:
                sample = conn.execute(table.select().where(condition).limit(1)).first()
                values = _scrubbed_values(table, dict(sample._mapping) if sample else {})
                if not values:
                    continue
                result = conn.execute(table.update().where(condition).values(**values))
            else:
                result = conn.execute(table.delete().where(condition))
            if result.rowcount:
                affected[table.name] = result.rowcount
    return affected


def _dependents_first(metadata: MetaData) -> list[Table]:
    return list(reversed(metadata.sorted_tables))


def _scrubbed_values(table: Table, sample: Mapping[str, Any]) -> dict[str, str]:
    """What each personal column becomes. A column holding ``hisaab.crypto`` tokens gets an
    encrypted ``[erased]``, so code that reads retained rows (expiry, status checks) still
    decrypts them."""
    values = {}
    for column in table.columns:
        if not _PERSONAL.search(column.name) or not _is_text(column) or column.primary_key:
            continue
        scrubbed = _scrub_for(column)
        if isinstance(sample.get(column.name), str) and _TOKEN.match(sample[column.name]):
            scrubbed = field_cipher().encrypt(scrubbed)
        values[column.name] = scrubbed
    return values


def _is_text(column: Column[object]) -> bool:
    return isinstance(column.type, String | Text)


def _scrub_for(column: Column[object]) -> str:
    return SCRUBBED_JSON if "payload" in column.name else SCRUBBED
