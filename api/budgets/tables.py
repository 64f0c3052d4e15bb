"""``budgets``: the columns of the warehouse's ``raw.app_budgets`` exactly (the bank sync copies
rows across by ``budget_id``), so the marts' ``fct_budget_status`` measures what the app set.
Removal marks a row deleted rather than dropping it, so the sync carries the removal too."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, Index, String, Table

from payments.tables import UtcDateTime, metadata

budgets = Table(
    "budgets",
    metadata,
    Column("budget_id", String(36), primary_key=True),
    Column("person_ref", String(64), nullable=False),
    Column("scope", String(16), nullable=False),  # category | group
    Column("category", String(64), nullable=False),
    Column("monthly_limit_paise", BigInteger, nullable=False),
    Column("rollover", Boolean, nullable=False),
    Column("starts_on", Date, nullable=False),  # the first of a month
    Column("ends_on", Date),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("is_deleted", Boolean, nullable=False),
    Index("budgets_by_person", "person_ref", "is_deleted"),
)

# One live budget per person and category or group, also under concurrent requests.
_live = budgets.c.is_deleted.is_(False)
Index(
    "budgets_one_live_per_category",
    budgets.c.person_ref,
    budgets.c.category,
    unique=True,
    sqlite_where=_live,
    postgresql_where=_live,
)
