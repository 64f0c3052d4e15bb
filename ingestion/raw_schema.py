"""The ``raw`` schema: the contract between ingestion (which writes it) and dbt staging (which
reads it).

Every table read from landing files keeps lineage (``source_file``, ``file_hash``, ``line_no``,
``ingested_at``) and a ``source_row_id``: a hash of the row's natural key, the key that makes
re-ingesting a file add nothing. The ``app_*`` tables hold what people set in the app (budgets,
category corrections), keyed by their own ids and replaced on edit; ``payment_events`` is keyed by
the event's id, which is what makes a re-delivered event add nothing. Types are the common subset
of DuckDB and PostgreSQL. Timestamps are UTC without a zone; ``*_date`` columns are business
dates as the source printed them (Asia/Kolkata).
"""

from __future__ import annotations

import re
from typing import Literal

Dialect = Literal["duckdb", "postgres"]

LINEAGE = """
    source_file varchar not null,
    file_hash varchar not null,
    line_no integer not null,
    ingested_at timestamp not null"""

# What ingestion reads in a narration (`ingestion.narration`), stored beside it so the ledger and
# `hisaab parse narration` give the same answer; the narration itself stays as printed.
NARRATION_FIELDS = """
    narration_channel varchar,
    narration_counterparty varchar,
    narration_vpa varchar,
    narration_ifsc varchar,
    narration_reference varchar,
    narration_psp varchar,
    narration_is_p2m boolean,
    narration_is_reversal boolean,"""

TABLES: dict[str, str] = {
    # One row per transaction line of a bank statement file (CSV/XLS/PDF).
    "statement_lines": f"""
    source_row_id varchar not null,
    person_ref varchar not null,
    bank varchar not null,
    account_number varchar not null,
    account_last4 varchar not null,
    txn_date date not null,
    value_date date,
    narration varchar not null,
    ref_no varchar,
    direction varchar not null,
    amount_paise bigint not null,
    balance_paise bigint,{NARRATION_FIELDS}{LINEAGE}""",
    # One row per bank SMS; non-transaction messages keep is_transaction = false and the reason.
    "sms_messages": f"""
    source_row_id varchar not null,
    person_ref varchar not null,
    sender varchar not null,
    received_at timestamp not null,
    body varchar not null,
    bank varchar,
    is_transaction boolean not null,
    reason varchar,
    direction varchar,
    amount_paise bigint,
    account_mask varchar,
    counterparty varchar,
    vpa varchar,
    channel varchar,
    reference varchar,
    txn_date date,
    balance_paise bigint,{LINEAGE}""",
    # One row per account summary in an Account Aggregator FI bundle (no holder PII is kept).
    "aa_accounts": f"""
    source_row_id varchar not null,
    person_ref varchar not null,
    fip_id varchar not null,
    bank varchar not null,
    link_ref varchar not null,
    masked_acc_number varchar not null,
    account_last4 varchar not null,
    account_type varchar,
    ifsc varchar,
    branch varchar,
    current_balance_paise bigint,
    balance_at timestamp,
    opening_date date,
    status varchar,{LINEAGE}""",
    # One row per Transaction element of an AA FI bundle.
    "aa_transactions": f"""
    source_row_id varchar not null,
    person_ref varchar not null,
    fip_id varchar not null,
    bank varchar not null,
    link_ref varchar not null,
    masked_acc_number varchar not null,
    account_last4 varchar not null,
    txn_id varchar not null,
    txn_type varchar not null,
    mode varchar,
    amount_paise bigint not null,
    current_balance_paise bigint,
    transaction_at timestamp not null,
    value_date date,
    narration varchar,
    reference varchar,{NARRATION_FIELDS}{LINEAGE}""",
    # One row per payments event (topic hisaab.payments.v1, or the outbox table directly in the
    # embedded profile), once however often it was delivered. The common fields are columns;
    # ``payload`` keeps the whole event, so a new event type lands without a schema change.
    # Lineage: source ('kafka' | 'outbox'), source_position ('p3:o1234' | 'seq:17') where it was
    # first read, file_hash (sha256 of the message bytes, the hash every raw table carries).
    "payment_events": """
    event_id varchar not null,
    event_type varchar not null,
    schema_version integer not null,
    person_ref varchar not null,
    occurred_at timestamp not null,
    intent_id varchar,
    mandate_id varchar,
    sequence integer,
    kind varchar,
    from_status varchar,
    to_status varchar,
    reason varchar,
    amount_paise bigint,
    category varchar,
    rrn varchar,
    npci_code varchar,
    payload varchar not null,
    source varchar not null,
    source_position varchar not null,
    file_hash varchar not null,
    ingested_at timestamp not null""",
    # Rows (or whole files) that could not be read, with a reason a person can act on.
    "quarantine": f"""
    quarantine_id varchar not null,
    source varchar not null,
    content varchar,
    reason varchar not null,{LINEAGE}""",
    # What people set in the app, kept in the warehouse for the marts (`hisaab budget`, the API).
    # A budget per person and category or group; later edits replace it, removal marks it deleted.
    "app_budgets": """
    budget_id varchar not null,
    person_ref varchar not null,
    scope varchar not null,
    category varchar not null,
    monthly_limit_paise bigint not null,
    rollover boolean not null,
    starts_on date not null,
    ends_on date,
    updated_at timestamp not null,
    is_deleted boolean not null""",
    # What a person told the app about themselves that analysts may group by (the app's profile,
    # synced by the `raw/app_people` asset). Never a phone, name or other identifier.
    "app_people": """
    person_ref varchar not null,
    city varchar,
    city_tier integer,
    age_band varchar,
    is_erased boolean not null,
    updated_at timestamp not null""",
    # A person's category for one transaction (`hisaab recategorize`, the API); the latest wins.
    "app_category_corrections": """
    correction_id varchar not null,
    person_ref varchar not null,
    transaction_id varchar not null,
    category_id varchar not null,
    corrected_at timestamp not null""",
    # One row per file ever ingested, with what happened to its rows.
    "ingested_files": """
    file_hash varchar not null,
    source varchar not null,
    path varchar not null,
    person_ref varchar,
    rows_loaded integer not null,
    rows_duplicate integer not null,
    rows_quarantined integer not null,
    ingested_at timestamp not null""",
}


# The key of each table; ``raw.ingested_files`` is upserted on its key, the others only appended.
KEYS: dict[str, str] = {
    "statement_lines": "source_row_id",
    "sms_messages": "source_row_id",
    "aa_accounts": "source_row_id",
    "aa_transactions": "source_row_id",
    "payment_events": "event_id",
    "quarantine": "quarantine_id",
    "ingested_files": "file_hash",
    "app_budgets": "budget_id",
    "app_category_corrections": "correction_id",
    "app_people": "person_ref",
}
UPSERTED = ("ingested_files", "app_budgets", "app_category_corrections", "app_people")


_COLUMN = re.compile(r"^\s*(?P<name>\w+)\s+(?P<type>\w+)", re.MULTILINE)


def column_types(table: str) -> list[tuple[str, str]]:
    """(column, SQL type) of ``raw.<table>`` in order, read from the DDL above."""
    return [(m["name"], m["type"]) for m in _COLUMN.finditer(TABLES[table])]


def create_statements(schema: str = "raw", *, dialect: Dialect = "postgres") -> list[str]:
    """DDL that creates the raw schema and its tables if missing.

    The default declares every key as a primary key and is valid on both engines. With
    ``dialect="duckdb"`` only the upserted table keeps one: DuckDB's primary-key index on a
    32-character varchar makes bulk inserts several times slower, and a DuckDB file has one writer
    process, so `ingestion.load` keeps row keys unique by an anti-join inside the load's
    transaction instead. PostgreSQL keeps every primary key (concurrent loaders need it there).
    """
    statements = [f"create schema if not exists {schema}"]
    for name, columns in TABLES.items():
        indexed = dialect == "postgres" or name in UPSERTED
        key = f",\n    primary key ({KEYS[name]})" if indexed else ""
        statements.append(f"create table if not exists {schema}.{name} ({columns}{key}\n)")
    return statements
