"""Walk decrypted Account Aggregator FI bundles (ReBIT deposit schema) into columns.

Both forms are read: JSON, and the normative XML (`ingestion.aa.xml` turns it into the same
nested structure, so both give exactly the same rows). Only what the warehouse keeps is read: the
account summary and its transactions. The holder profile (name, dob, mobile, email, pan) is never
touched. Numbers are kept as the text the bundle printed (``parse_float=str``; XML attributes are
text) so amounts never pass through a float.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ingestion.aa.xml import read_xml_bundle
from ingestion.lineage import QuarantineRecord

ACCOUNT_FIELDS = (
    "fip_id", "link_ref", "masked_acc_number", "account_type", "ifsc", "branch",
    "current_balance", "balance_at", "opening_date", "status",
)  # fmt: skip
# raw column → key in the ReBIT JSON
SUMMARY_KEYS = {
    "account_type": "type", "ifsc": "ifscCode", "branch": "branch",
    "current_balance": "currentBalance", "balance_at": "balanceDateTime",
    "opening_date": "openingDate", "status": "status",
}  # fmt: skip
TRANSACTION_KEYS = {
    "txn_id": "txnId", "txn_type": "type", "mode": "mode", "amount": "amount",
    "current_balance": "currentBalance", "transaction_at": "transactionTimestamp",
    "value_date": "valueDate", "narration": "narration", "reference": "reference",
}  # fmt: skip


@dataclass
class BundleColumns:
    """Column lists for accounts and transactions of many bundles, ready for polars."""

    accounts: dict[str, list[Any]] = field(default_factory=dict)
    transactions: dict[str, list[Any]] = field(default_factory=dict)
    elements: list[Any] = field(default_factory=list)  # raw Transaction elements, by position
    problems: list[QuarantineRecord] = field(default_factory=list)

    def add(self, table: dict[str, list[Any]], name: str, values: list[Any]) -> None:
        table.setdefault(name, []).extend(values)


def read_bundle(columns: BundleColumns, file_id: int, data: bytes, file_name: str = "") -> None:
    """Append one bundle's accounts and transactions (or a whole-file problem) to ``columns``.

    ``file_name`` (without suffix) names the FIP of a lone XML ``Account``: ``HDFC-FIP_6789``.
    """
    bundle = _load(data, file_name)
    if isinstance(bundle, str):
        columns.problems.append((file_id, 0, None, bundle))
        return
    fis = bundle.get("FI") if isinstance(bundle, dict) else None
    if not isinstance(fis, list):
        columns.problems.append((file_id, 0, None, "not an AA FI bundle: no FI array"))
        return
    entries = [
        (fi, entry) for fi in fis if isinstance(fi, dict) for entry in _as_list(fi.get("data"))
    ]
    for position, (fi, entry) in enumerate(entries):
        _read_account(columns, file_id, position, str(fi.get("fipID") or ""), entry)


def _load(data: bytes, file_name: str) -> Any:
    """The bundle as JSON-like values, or why it cannot be read."""
    if data.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<"):
        return read_xml_bundle(data, file_name)
    try:
        return json.loads(data, parse_float=str, parse_int=str)
    except ValueError as error:
        return f"not valid JSON: {error}"


def _read_account(
    columns: BundleColumns, file_id: int, position: int, fip_id: str, entry: Any
) -> None:
    account = entry.get("Account") if isinstance(entry, dict) else None
    if not isinstance(account, dict):
        problem = (file_id, position, _dump(entry), f"data[{position}] has no Account")
        columns.problems.append(problem)
        return
    values = _account_values(fip_id, entry, account)
    if not values["link_ref"] or not values["masked_acc_number"]:
        reason = f"account {position} has no linkRefNumber or maskedAccNumber"
        columns.problems.append((file_id, position, None, reason))
        return
    for name in ACCOUNT_FIELDS:
        columns.add(columns.accounts, name, [values[name]])
    columns.add(columns.accounts, "file_id", [file_id])
    columns.add(columns.accounts, "line_no", [position])
    _read_transactions(columns, file_id, values, account.get("Transactions"))


def _account_values(fip_id: str, entry: dict[str, Any], account: dict[str, Any]) -> dict[str, Any]:
    """The summary fields the warehouse keeps; the Profile (holder PII) is never read."""
    summary = account.get("Summary")
    if not isinstance(summary, dict):
        summary = {}
    return {
        "fip_id": fip_id,
        "link_ref": entry.get("linkRefNumber") or account.get("linkedAccRef"),
        "masked_acc_number": entry.get("maskedAccNumber") or account.get("maskedAccNumber"),
        **{name: summary.get(key) for name, key in SUMMARY_KEYS.items()},
    }


def _read_transactions(
    columns: BundleColumns, file_id: int, account: dict[str, Any], holder: Any
) -> None:
    elements = _as_list(holder.get("Transaction")) if isinstance(holder, dict) else []
    count = len(elements)
    for name, key in TRANSACTION_KEYS.items():
        columns.add(
            columns.transactions,
            name,
            [e.get(key) if isinstance(e, dict) else None for e in elements],
        )
    for name in ("fip_id", "link_ref", "masked_acc_number"):
        columns.add(columns.transactions, name, [account[name]] * count)
    columns.add(columns.transactions, "is_object", [isinstance(e, dict) for e in elements])
    columns.add(columns.transactions, "file_id", [file_id] * count)
    columns.add(columns.transactions, "line_no", list(range(count)))
    start = len(columns.elements)
    columns.add(columns.transactions, "position", list(range(start, start + count)))
    columns.elements.extend(elements)


def _as_list(value: Any) -> list[Any]:
    """XML-converted bundles give a lone element as an object instead of a one-element array."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
