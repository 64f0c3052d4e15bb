"""``_truth/source_rows.csv`` locates every source row of every event, and the sources disagree
the way real feeds do: late postings, SMS without references, identical payments on one day."""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import date, datetime, timedelta

from hisaab.money import parse_rupees
from tests.sandbox.landing import Landing


def _events(landing: Landing) -> dict[str, dict[str, str]]:
    return {row["canonical_txn_id"]: row for row in landing.truth("transactions.csv")}


def _lines(landing: Landing, relative: str) -> list[str]:
    return (landing.root / relative).read_text().split("\n")


def test_source_rows_count_every_row_of_every_source(landing: Landing) -> None:
    rows = landing.truth("source_rows.csv")
    assert list(rows[0]) == ["canonical_txn_id", "source", "source_file", "line_no", "txn_id"]
    counts = Counter(row["source"] for row in rows)
    summary = landing.summary
    assert counts == {
        "statement": summary.statement_lines,
        "sms": summary.sms_alerts,
        "aa": summary.aa_transactions,
    }
    events = _events(landing)
    for source, flag in (("statement", "in_statement"), ("sms", "in_sms"), ("aa", "in_aa")):
        located = {row["canonical_txn_id"] for row in rows if row["source"] == source}
        assert located == {key for key, event in events.items() if event[flag] == "true"}


def test_statement_and_sms_rows_are_found_at_their_line(landing: Landing) -> None:
    events = _events(landing)
    files: dict[str, list[str]] = {}
    for row in landing.truth("source_rows.csv"):
        if row["source"] == "aa":
            continue
        lines = files.setdefault(row["source_file"], _lines(landing, row["source_file"]))
        text = lines[int(row["line_no"]) - 1]
        event = events[row["canonical_txn_id"]]
        amount = f"{int(event['amount_paise']) / 100:.2f}"
        if row["source"] == "sms":
            body = json.loads(text)["body"]
            assert amount in body.replace(",", ""), (row, body)
        else:
            cells = next(csv.reader([text]))
            assert any(parse_rupees(c) == int(event["amount_paise"]) for c in cells if _money(c))


def _money(cell: str) -> bool:
    return bool(cell) and cell.replace(",", "").replace(".", "").isdigit() and "." in cell


def test_aa_rows_are_found_by_txn_id(landing: Landing) -> None:
    events = _events(landing)
    by_id = {
        txn["txnId"]: txn
        for bundle in landing.bundles()
        for txn in bundle["FI"][0]["data"][0]["Account"]["Transactions"]["Transaction"]  # type: ignore[index]
    }
    rows = [row for row in landing.truth("source_rows.csv") if row["source"] == "aa"]
    assert len({row["txn_id"] for row in rows}) == len(rows) == len(by_id)
    for row in rows:
        txn, event = by_id[row["txn_id"]], events[row["canonical_txn_id"]]
        assert parse_rupees(txn["amount"]) == int(event["amount_paise"])
        assert txn["valueDate"] == event["posted_date"]


def test_late_batched_entries_are_booked_the_next_day(landing: Landing) -> None:
    events = landing.truth("transactions.csv")
    late = [e for e in events if e["posted_date"] != e["business_date"]]
    assert len(late) > 5
    assert {e["channel"] for e in late} <= {"card", "atm", "nach", "neft"}
    for event in late:
        booked = date.fromisoformat(event["posted_date"])
        assert booked == date.fromisoformat(event["business_date"]) + timedelta(days=1)
        moment = datetime.fromisoformat(event["occurred_at"].replace("Z", "+00:00"))
        assert (moment + timedelta(hours=5, minutes=30)).hour >= 20


def test_some_upi_alerts_print_no_reference(landing: Landing) -> None:
    bodies = [message["body"] for message in landing.sms()]
    plain = [b for b in bodies if "UPI " in b and ("Avl" in b) and "Ref" not in b]
    assert 0.03 < len(plain) / landing.summary.sms_alerts < 0.2


def test_identical_payments_on_one_day_are_common(landing: Landing) -> None:
    events = landing.truth("transactions.csv")
    bucket = Counter(
        (e["person_ref"], e["account_last4"], e["direction"], e["amount_paise"], e["posted_date"])
        for e in events
    )
    twins = [key for key, count in bucket.items() if count > 1]
    assert len(twins) > 20
