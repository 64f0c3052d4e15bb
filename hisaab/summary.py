"""What `make demo` prints: the ledger a newcomer just built, in Indian digit grouping."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from hisaab.money import format_inr, group_indian
from hisaab.settings import WarehouseLocation
from hisaab.warehouse import query, scalar

SOURCE_COUNTS = {
    "bank statements": "select count(*) from raw.statement_lines",
    "bank SMS (transactions)": "select count(*) from raw.sms_messages where is_transaction",
    "bank SMS (set aside)": "select count(*) from raw.sms_messages where not is_transaction",
    "Account Aggregator": "select count(*) from raw.aa_transactions",
    "quarantined": "select count(*) from raw.quarantine",
}

# Spend is money leaving the household: debits that are not moves between a person's own accounts.
TOP_SPEND = """
select category_id, sum(spend_paise) as spend_paise, sum(transaction_count) as transactions
from marts.fct_spend_monthly
group by category_id
order by spend_paise desc, category_id
limit {limit}
"""


@dataclass(frozen=True)
class LedgerSummary:
    warehouse: str
    people: int
    accounts: int
    source_rows: dict[str, int]
    ledger_rows: int
    top_spend: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def build_summary(location: WarehouseLocation, *, top: int = 8) -> LedgerSummary:
    spend_rows = query(location, TOP_SPEND.format(limit=int(top)))
    return LedgerSummary(
        warehouse=str(location.path) if location.kind == "duckdb" else repr(location),
        people=int(
            scalar(location, "select count(distinct person_ref) from marts.fct_transactions")
        ),
        accounts=int(scalar(location, "select count(*) from marts.dim_accounts")),
        source_rows={name: int(scalar(location, sql)) for name, sql in SOURCE_COUNTS.items()},
        ledger_rows=int(scalar(location, "select count(*) from marts.fct_transactions")),
        top_spend=[
            {"category": category, "spend_paise": int(paise), "transactions": int(count)}
            for category, paise, count in spend_rows
        ],
    )


def render_summary(summary: LedgerSummary) -> str:
    width = max(len(name) for name in summary.source_rows) + 2
    lines = [
        f"Warehouse: {summary.warehouse}",
        f"People: {group_indian(summary.people)}    Accounts: {group_indian(summary.accounts)}",
        "Source rows:",
        *(
            f"  {name:<{width}}{group_indian(count):>12}"
            for name, count in summary.source_rows.items()
        ),
        f"Ledger (marts.fct_transactions): {group_indian(summary.ledger_rows)} transactions",
        "Top spend by category:",
    ]
    spend_width = max((len(row["category"]) for row in summary.top_spend), default=10) + 2
    lines += [
        f"  {row['category']:<{spend_width}}{format_inr(row['spend_paise']):>18}"
        f"  ({group_indian(row['transactions'])} txns)"
        for row in summary.top_spend
    ]
    return "\n".join(lines)
