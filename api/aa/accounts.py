"""The person's accounts: what the marts know, plus what was linked since the last bank sync.

The marts (``marts.dim_accounts``, through the published snapshot) hold every account any source
mentioned, with its latest balance. An account linked a minute ago is not there until the next
bank sync ingests its bundle, so the app database's ``aa_linked_accounts`` fills the gap; once
the marts have an account (same bank and last four digits) their row wins.
"""

from __future__ import annotations

from typing import Any

import duckdb
import psycopg
from sqlalchemy import Engine, select

from api.aa.tables import aa_linked_accounts
from hisaab.money import format_inr
from hisaab.serving import PublishedMarts
from hisaab.warehouse import WarehouseNotBuilt
from payments.mandates.schedule import business_date

ACCOUNTS_SQL = """
select bank, account_last_digits, account_type, sources_seen,
       latest_balance_paise, latest_balance_date
from marts.dim_accounts
where person_ref = :person_ref
order by bank, account_last_digits
"""


def _masked(last_digits: str | None) -> str:
    return "XXXXXXXX" + (last_digits or "????")


def from_marts(marts: PublishedMarts, person_ref: str) -> list[dict[str, Any]]:
    try:
        rows = marts.rows(ACCOUNTS_SQL, {"person_ref": person_ref})
    except (WarehouseNotBuilt, duckdb.CatalogException, psycopg.errors.UndefinedTable):
        return []  # nothing built yet: only freshly linked accounts to show
    return [
        {
            "bank": row["bank"], "masked_account_number": _masked(row["account_last_digits"]),
            "account_type": row["account_type"], "sources": (row["sources_seen"] or "").split(","),
            "balance_paise": row["latest_balance_paise"],
            "balance_display": _display(row["latest_balance_paise"]),
            "balance_date": row["latest_balance_date"] and str(row["latest_balance_date"]),
            "linked_via_aa": "aa" in (row["sources_seen"] or ""), "awaiting_sync": False,
        }
        for row in rows
    ]  # fmt: skip


def _display(paise: int | None) -> str | None:
    return None if paise is None else format_inr(int(paise))


def recently_linked(
    engine: Engine, person_ref: str, known: set[tuple[str, str]]
) -> list[dict[str, Any]]:
    query = select(aa_linked_accounts).where(aa_linked_accounts.c.person_id == person_ref)
    with engine.connect() as conn:
        rows = conn.execute(query.order_by(aa_linked_accounts.c.linked_at)).all()
    found = []
    for row in rows:
        bank = row.fip_id.split("-")[0].lower()
        if (bank, row.masked_acc_number[-4:]) in known:
            continue
        found.append({
            "bank": bank, "masked_account_number": _masked(row.masked_acc_number[-4:]),
            "account_type": row.account_type, "sources": ["aa"],
            "balance_paise": row.balance_paise, "balance_display": format_inr(row.balance_paise),
            "balance_date": business_date(row.balance_at).isoformat(),
            "linked_via_aa": True, "awaiting_sync": True,
        })  # fmt: skip
    return found


def linked_accounts(marts: PublishedMarts, engine: Engine, person_ref: str) -> list[dict[str, Any]]:
    built = from_marts(marts, person_ref)
    known = {(a["bank"], a["masked_account_number"][-4:]) for a in built}
    return built + recently_linked(engine, person_ref, known)
