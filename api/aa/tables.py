"""The AA tables of the app database (on the shared ``payments.tables.metadata``).

- ``aa_consents``: one consent artefact per row, its status and when it changed; kept after
  revocation or expiry (a consent must stay auditable).
- ``aa_linked_accounts``: accounts the person linked through a consent, until the next bank sync
  brings them into the marts. The full account number is encrypted (``payments.privacy``); the
  masked form (``XXXXXXXX1234``) is what is shown.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Date, Integer, String, Table, Text

from payments.privacy import EncryptedText
from payments.tables import UtcTime, metadata

aa_consents = Table(
    "aa_consents",
    metadata,
    Column("consent_id", String(36), primary_key=True),
    Column("person_id", String(64), nullable=False, index=True),  # the person_ref
    Column("status", String(16), nullable=False),
    Column("purpose_code", String(8), nullable=False),
    Column("purpose_text", String(200), nullable=False),
    Column("fi_types", Text, nullable=False),  # JSON list
    Column("consent_types", Text, nullable=False),  # JSON list
    Column("consent_mode", String(16), nullable=False),
    Column("fetch_type", String(16), nullable=False),
    Column("data_from", Date, nullable=False),
    Column("data_to", Date, nullable=False),
    Column("frequency_unit", String(8), nullable=False),
    Column("frequency_value", Integer, nullable=False),
    Column("data_life_unit", String(8), nullable=False),
    Column("data_life_value", Integer, nullable=False),
    Column("consent_start", UtcTime, nullable=False),
    Column("consent_expiry", UtcTime, nullable=False),
    Column("created_at", UtcTime, nullable=False),
    Column("updated_at", UtcTime, nullable=False),
    Column("last_fetched_at", UtcTime),
    Column("version", Integer, nullable=False, default=1),
)

aa_linked_accounts = Table(
    "aa_linked_accounts",
    metadata,
    Column("person_id", String(64), primary_key=True),
    Column("link_ref", String(64), primary_key=True),
    Column("consent_id", String(36), nullable=False),
    Column("fip_id", String(32), nullable=False),
    Column("account_number", EncryptedText, nullable=False),
    Column("masked_acc_number", String(32), nullable=False),
    Column("account_type", String(16), nullable=False),
    Column("ifsc", String(11), nullable=False),
    Column("balance_paise", BigInteger, nullable=False),
    Column("balance_at", UtcTime, nullable=False),
    Column("landing_file", Text, nullable=False),
    Column("linked_at", UtcTime, nullable=False),
)
