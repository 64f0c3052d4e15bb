"""AA FI bundles: accounts without holder PII, UTC timestamps, exact paise, bad elements."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import polars as pl

from ingestion.aa import read_aa
from ingestion.derive import with_derived_columns
from ingestion.landing import LandingFile
from ingestion.lineage import utc_now
from ingestion.load import SourceBatch
from ingestion.warehouse import table_schema


def _bundle(person_dir: Path, landing_file: Callable[..., LandingFile]) -> SourceBatch:
    return read_aa([landing_file(person_dir / "aa" / "HDFC-FIP_6789.json")], utc_now())


def test_transactions(person_dir: Path, landing_file: Callable[..., LandingFile]) -> None:
    rows = _bundle(person_dir, landing_file).tables["aa_transactions"].sort("line_no")
    assert rows["line_no"].to_list() == [0, 1, 2, 3, 5, 6]
    first = rows.row(0, named=True)
    assert (first["txn_id"], first["txn_type"], first["mode"]) == ("HDFC0000000001", "DEBIT", "UPI")
    assert (first["amount_paise"], first["current_balance_paise"]) == (24500, 1210067)
    assert first["transaction_at"] == datetime(2025, 4, 1, 8, 33, 9)  # 14:03:09 IST
    assert (first["value_date"], first["reference"]) == (date(2025, 4, 1), "509112345678")
    assert (first["bank"], first["fip_id"], first["account_last4"]) == ("hdfc", "HDFC-FIP", "6789")
    assert rows["transaction_at"][1] == datetime(2025, 4, 3, 5, 32)  # "Z" suffix
    assert rows["amount_paise"].to_list() == [24500, 8500000, 200000, 153450, 1500000, 21050]


def test_bad_element_is_quarantined_with_index_and_json(
    person_dir: Path, landing_file: Callable[..., LandingFile]
) -> None:
    quarantine = _bundle(person_dir, landing_file).quarantine
    assert quarantine is not None and quarantine.height == 1
    row = quarantine.row(0, named=True)
    assert row["line_no"] == 4
    assert (
        row["reason"] == "Transaction[4] of XXXXXXXXXX6789: amount '8,99.OO' is not a rupee amount"
    )
    assert json.loads(row["content"])["txnId"] == "HDFC0000000005"


def test_account_summary_has_no_holder_pii(
    person_dir: Path, landing_file: Callable[..., LandingFile]
) -> None:
    batch = _bundle(person_dir, landing_file)
    accounts = batch.tables["aa_accounts"]
    account = accounts.row(0, named=True)
    assert account["current_balance_paise"] == 7787767
    assert account["balance_at"] == datetime(2025, 4, 30, 18, 29, 59)
    assert (account["ifsc"], account["account_type"], account["status"]) == (
        "HDFC0001234",
        "SAVINGS",
        "ACTIVE",
    )
    assert account["opening_date"] == date(2019, 5, 1)
    # The holder's name may appear in a narration (NEFT prints it); the profile may not.
    for table, secrets in (
        (
            "aa_accounts",
            ("ASHA VERMA", "1990-01-01", "9876543210", "asha.verma@example.com", "ABCPV1234F"),
        ),
        ("aa_transactions", ("1990-01-01", "9876543210", "asha.verma@example.com", "ABCPV1234F")),
    ):
        loaded = with_derived_columns(table, batch.tables[table])  # as the loader stores it
        stored = loaded.select(list(table_schema(table))).cast(pl.String).unpivot()
        values = " ".join(v for v in stored["value"].to_list() if v)
        assert not [secret for secret in secrets if secret in values]


def test_unreadable_bundle_is_quarantined_whole(
    tmp_path: Path, landing_file: Callable[..., LandingFile]
) -> None:
    path = tmp_path / "HDFC-FIP_0000.json"
    path.write_text('{"ver": "2.0.0", "FI": [')
    batch = read_aa([LandingFile(path, "aa", person_ref="P1")], utc_now())
    assert batch.quarantine is not None
    assert batch.quarantine["reason"][0].startswith("not valid JSON")
    assert batch.tables["aa_transactions"].height == 0


def test_lone_transaction_object_and_missing_fields(tmp_path: Path) -> None:
    element = {
        "txnId": "T1",
        "type": "debit",
        "amount": "10",
        "transactionTimestamp": "2025-04-01T00:00:00+05:30",
    }
    bad = {"type": "CREDIT", "amount": "1.00"}
    data = {
        "linkRefNumber": "L1",
        "maskedAccNumber": "XX0001",
        "Account": {"Transactions": {"Transaction": element}},
    }
    other = {
        "linkRefNumber": "L2",
        "maskedAccNumber": "XX0002",
        "Account": {"Transactions": {"Transaction": [bad, 7]}},
    }
    path = tmp_path / "SBI-FIP_0001.json"
    path.write_text(json.dumps({"FI": [{"fipID": "SBI-FIP", "data": [data, other]}]}))
    batch = read_aa([LandingFile(path, "aa", person_ref="P1")], utc_now())
    rows = batch.tables["aa_transactions"]
    assert rows.select("bank", "txn_type", "amount_paise", "transaction_at").row(0) == (
        "sbi", "DEBIT", 1000, datetime(2025, 3, 31, 18, 30)
    )  # fmt: skip
    assert batch.quarantine is not None
    assert sorted(batch.quarantine["reason"].to_list()) == [
        "Transaction[0] of XX0002: missing txnId",
        "Transaction[1] of XX0002: not a JSON object",
    ]
    assert batch.tables["aa_accounts"]["link_ref"].to_list() == ["L1", "L2"]
