"""The ledger's tables in the app database (registered on the shared payments metadata).

``category_corrections`` keeps exactly the columns of the warehouse's
``raw.app_category_corrections`` (`ingestion.raw_schema`), which the bank sync copies it into.
``sms_batches`` and ``sms_batch_messages`` remember what the phone already forwarded, so a
re-sent message is counted once and its landing file is never written twice.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table

from payments.tables import UtcDateTime, metadata

category_corrections = Table(
    "category_corrections",
    metadata,
    Column("correction_id", String(36), primary_key=True),
    Column("person_ref", String(64), nullable=False),
    Column("transaction_id", String(64), nullable=False),
    Column("category_id", String(64), nullable=False),
    Column("corrected_at", UtcDateTime(), nullable=False),
    Index("category_corrections_by_person", "person_ref", "transaction_id"),
)

sms_batches = Table(
    "sms_batches",
    metadata,
    Column("batch_id", String(36), primary_key=True),
    Column("person_ref", String(64), nullable=False, index=True),
    Column("device_id", String(128), nullable=False),
    Column("landing_file", String(255), nullable=False),  # relative to the landing folder
    Column("message_count", Integer, nullable=False),
    Column("new_count", Integer, nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
)

# One row per message ever accepted: its key is a hash of (person, sender, received_at, body),
# the natural key ingestion dedupes `raw.sms_messages` on, so the two agree on "the same SMS".
sms_batch_messages = Table(
    "sms_batch_messages",
    metadata,
    Column("person_ref", String(64), primary_key=True),
    Column("message_key", String(64), primary_key=True),
    Column("batch_id", String(36), nullable=False),
)
