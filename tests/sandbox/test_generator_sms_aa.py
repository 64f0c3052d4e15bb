"""SMS exports and AA bundles follow docs/landing-formats.md and agree with the statements."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from hisaab.money import parse_rupees
from tests.sandbox.landing import Landing

SENDER = re.compile(r"^[A-Z]{2}-(HDFCBK|SBIUPI|SBIINB|ATMSBI|ICICIT|ICICIB|AXISBK)$")
NOISE = {
    "otp": re.compile(
        r"^\d{6} is OTP for txn of INR \d+\.\d\d at .+ card ending \d{4}\. "
        r"Valid till \d\d:\d\d\. Do not share OTP"
    ),
    "promotion": re.compile(r"(Pre-approved|limit can be increased|cashback|Fixed Deposit)"),
    "balance_only": re.compile(
        r"^Avl Bal in A/c XX\d{4} as on \d\d-[A-Z]{3}-\d\d is INR [\d,]+\.\d\d$"
    ),
    "declined": re.compile(r"^Txn of Rs\.\d+\.\d\d on .+ card xx\d{4} at .+ is declined"),
}
UPI_RRN = re.compile(r"(?:Ref |Refno |Ref No |Ref no |UPI:|UPI/P2[AM]/)(\d{12})")
MODES = {"CASH", "ATM", "CARD", "UPI", "FT", "OTHERS"}


def transactions(bundle: dict[str, Any]) -> list[dict[str, str]]:
    return list(bundle["FI"][0]["data"][0]["Account"]["Transactions"]["Transaction"])


def test_sms_lines_are_export_records(landing: Landing) -> None:
    messages = landing.sms()
    assert len(messages) == landing.summary.sms_messages
    for message in messages:
        assert list(message) == ["sender", "received_at", "body"]
        assert SENDER.match(message["sender"]), message
        assert datetime.fromisoformat(message["received_at"]).utcoffset() == timedelta(hours=5.5)


def test_inbox_is_in_time_order_and_mixes_in_non_transactions(landing: Landing) -> None:
    for path in landing.files("person=*/sms/messages.jsonl"):
        lines = path.read_text().splitlines()
        stamps = [line.split('"received_at":"')[1][:25] for line in lines]
        assert stamps == sorted(stamps), path
    bodies = [m["body"] for m in landing.sms()]
    for kind, pattern in NOISE.items():
        assert any(pattern.search(body) for body in bodies), kind
    noise = sum(any(p.search(b) for p in NOISE.values()) for b in bodies)
    assert noise == landing.summary.sms_messages - landing.summary.sms_alerts
    assert 0.05 < noise / landing.summary.sms_alerts < 0.2


def test_sms_reach_most_events_of_most_people(landing: Landing) -> None:
    truth = landing.truth("transactions.csv")
    assert sum(row["in_sms"] == "true" for row in truth) == landing.summary.sms_alerts
    people = {p["person_ref"]: p["has_sms_export"] == "true" for p in landing.truth("people.csv")}
    assert not any(row["in_sms"] == "true" and not people[row["person_ref"]] for row in truth)
    exporters = [row for row in truth if people[row["person_ref"]]]
    assert 0.75 < sum(row["in_sms"] == "true" for row in exporters) / len(exporters) < 0.97


def test_aa_bundles_follow_the_rebit_shape(landing: Landing) -> None:
    bundles = landing.bundles()
    assert len(bundles) == landing.summary.aa_accounts
    for bundle in bundles:
        assert {"ver", "timestamp", "txnid", "consentId", "FI"} <= bundle.keys()
        account = bundle["FI"][0]["data"][0]["Account"]
        assert bundle["FI"][0]["fipID"] in {"HDFC-FIP", "SBI-FIP", "ICICI-FIP", "AXIS-FIP"}
        assert {"Profile", "Summary", "Transactions"} <= account.keys()
        assert re.fullmatch(r"X{10}\d{4}", account["maskedAccNumber"])
        assert account["Summary"]["currency"] == "INR"
        for txn in transactions(bundle):
            assert txn["type"] in {"DEBIT", "CREDIT"} and txn["mode"] in MODES
            assert re.fullmatch(r"\d+\.\d\d", txn["amount"]), txn
            datetime.fromisoformat(txn["transactionTimestamp"])


def test_aa_balances_chain_to_the_summary(landing: Landing) -> None:
    for bundle in landing.bundles():
        account = bundle["FI"][0]["data"][0]["Account"]
        rows = transactions(bundle)
        for before, after in itertools.pairwise(rows):
            move = parse_rupees(after["amount"]) * (1 if after["type"] == "CREDIT" else -1)
            assert parse_rupees(before["currentBalance"]) + move == parse_rupees(
                after["currentBalance"]
            )
        if rows:
            assert rows[-1]["currentBalance"] == account["Summary"]["currentBalance"]


def test_one_payment_shows_up_in_all_three_sources(landing: Landing) -> None:
    statement_text = "\n".join(p.read_text() for p in landing.files("person=*/statements/*"))
    sms_rrns = {m for message in landing.sms() for m in UPI_RRN.findall(message["body"])}
    aa_refs = {t["reference"] for b in landing.bundles() for t in transactions(b)}
    truth = landing.truth("transactions.csv")
    shared = Counter(row["reference"] for row in truth)  # own-account transfers: two legs
    everywhere = [
        row["reference"]
        for row in truth
        if row["channel"] == "upi"
        and row["in_sms"] == row["in_aa"] == "true"
        and shared[row["reference"]] == 1
    ]
    assert len(everywhere) > 20
    for rrn in everywhere:
        assert rrn in aa_refs and rrn in statement_text, rrn
    # Most alerts print the RRN; the others use the bank's generic wording, without it.
    assert 0.8 < sum(rrn in sms_rrns for rrn in everywhere) / len(everywhere) < 1.0


def test_about_sixty_percent_of_accounts_are_linked(landing: Landing) -> None:
    accounts = landing.truth("accounts.csv")
    linked = [a for a in accounts if a["has_aa"] == "true"]
    assert 0.35 < len(linked) / len(accounts) < 0.85
    files = {str(p.relative_to(landing.root)) for p in landing.files("person=*/aa/*.json")}
    assert files == {a["aa_file"] for a in linked}
