"""The FIPs' books and what they hand out under a consent.

The books are a generated landing folder: each linked account's full-period FI bundle (the
generator's ``person=<ref>/aa/<fip>_<last4>.json``) and, for account discovery, the account
register ``_truth/accounts.csv`` (full account numbers, as a bank knows them). A fetch returns,
per account of the person, a copy of its bundle cut to the consent's date range: transactions
whose ``valueDate`` falls inside it, ``Transactions.startDate``/``endDate`` set to the range and
a fresh ``txnid``/``consentId`` envelope, the way an AA answers one FI request.
"""

from __future__ import annotations

import csv
import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sandbox.generate import generate_population

SUPPORTED_FI_TYPES = frozenset({"DEPOSIT"})  # what ingestion.aa reads (ReBIT deposit schema)


@dataclass(frozen=True)
class FipAccount:
    fip_id: str
    account_number: str
    last4: str
    ifsc: str


@dataclass(frozen=True)
class FiBundle:
    """One account's FI data for one consent: the file name ingestion expects, and its text."""

    file_name: str
    account: FipAccount
    masked_acc_number: str
    link_ref: str
    account_type: str
    current_balance: str
    balance_at: str
    transactions: int
    text: str


class SandboxAggregator:
    def __init__(self, books: Path) -> None:
        self.books = books

    def accounts(self, person_ref: str) -> list[FipAccount]:
        """The person's accounts that some FIP can share through the AA (``has_aa``)."""
        register = self.books / "_truth" / "accounts.csv"
        if not register.exists():
            return []
        with register.open(encoding="utf-8") as handle:
            rows = [r for r in csv.DictReader(handle) if r["person_ref"] == person_ref]
        return [
            FipAccount(r["fip_id"], r["account_number"], r["account_last4"], r["ifsc"])
            for r in rows
            if r["has_aa"].lower() == "true"
        ]

    def fetch(
        self, person_ref: str, consent_id: str, fi_types: list[str], start: date, end: date
    ) -> list[FiBundle]:
        if not set(fi_types) & SUPPORTED_FI_TYPES:
            return []
        bundles = []
        for account in self.accounts(person_ref):
            source = (
                self.books
                / f"person={person_ref}"
                / "aa"
                / f"{account.fip_id}_{account.last4}.json"
            )
            if source.exists():
                bundles.append(
                    _cut(account, json.loads(source.read_text("utf-8")), consent_id, start, end)
                )
        return bundles


def _cut(
    account: FipAccount, document: dict[str, Any], consent_id: str, start: date, end: date
) -> FiBundle:
    data = document["FI"][0]["data"][0]
    holder = data["Account"]["Transactions"]
    kept = [t for t in holder["Transaction"] if start <= date.fromisoformat(t["valueDate"]) <= end]
    holder.update(startDate=start.isoformat(), endDate=end.isoformat(), Transaction=kept)
    document.update(txnid=str(uuid.uuid4()), consentId=consent_id)
    summary = data["Account"]["Summary"]
    return FiBundle(
        file_name=f"{account.fip_id}_{account.last4}.json",
        account=account,
        masked_acc_number=data["maskedAccNumber"],
        link_ref=data["linkRefNumber"],
        account_type=summary.get("type", ""),
        current_balance=summary["currentBalance"],
        balance_at=summary["balanceDateTime"],
        transactions=len(kept),
        text=json.dumps(document) + "\n",
    )


def stock_fip(books: Path, *, users: int, months: int, seed: int) -> Path:
    """Fill the FIPs' books with a generated population (the same people as ``hisaab generate``
    with those arguments, so the sandbox banks know the people the demo ledger holds)."""
    generate_population(books, users=users, months=months, seed=seed)
    return books
