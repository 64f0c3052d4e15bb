"""Statement files follow each bank's export layout and their balances add up."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import pytest

from hisaab.money import group_indian, parse_rupees
from tests.sandbox.landing import Landing

HEADERS = {
    "hdfc": [
        "Date",
        "Narration",
        "Chq./Ref.No.",
        "Value Dt",
        "Withdrawal Amt.",
        "Deposit Amt.",
        "Closing Balance",
    ],
    "sbi": [
        "Txn Date",
        "Value Date",
        "Description",
        "Ref No./Cheque No.",
        "Debit",
        "Credit",
        "Balance",
    ],
    "icici": [
        "S No.",
        "Value Date",
        "Transaction Date",
        "Cheque Number",
        "Transaction Remarks",
        "Withdrawal Amount (INR )",
        "Deposit Amount (INR )",
        "Balance (INR )",
    ],
    "axis": ["Tran Date", "CHQNO", "PARTICULARS", "DR", "CR", "BAL", "SOL"],
}
# bank: (date column, date format, debit column, credit column, balance column)
LAYOUT = {
    "hdfc": (0, "%d/%m/%y", 4, 5, 6),
    "sbi": (0, "%d %b %Y", 4, 5, 6),
    "icici": (2, "%d/%m/%Y", 5, 6, 7),
    "axis": (0, "%d-%m-%Y", 3, 4, 5),
}
NARRATION_COLUMN = {"hdfc": 1, "sbi": 2, "icici": 4, "axis": 2}
ACCOUNT_LINE = {
    "hdfc": r"^Account No :,(\d{14}),",
    "sbi": r"^Account Number :,(\d{17}),",
    "icici": r"^Transactions List - [A-Z ]+ \(INR\) - (\d{12}),",
    "axis": r"^Statement of Account No - (\d{15}) for the period \(From : \d\d-\d\d-\d{4} "
    r"To : \d\d-\d\d-\d{4}\),",
}
PLAIN = re.compile(r"^\d+\.\d\d$")
NARRATION_START = {
    "hdfc": (
        "UPI-",
        "NEFT CR-",
        "IMPS-",
        "ACH D- ",
        "ATW-",
        "POS ",
        "CREDIT INTEREST",
        "SMS CHGS",
        "DEBIT CARD ANNUAL FEE CHGS",
    ),
    "sbi": (
        "TO TRANSFER-UPI/DR/",
        "BY TRANSFER-UPI/CR/",
        "BY TRANSFER-NEFT*",
        "ATM WDL-ATM CASH",
        "DEBIT-ACHDr ",
        "CREDIT INTEREST--",
        "SMS CHARGES",
        "GST @18%",
        "DEBIT CARD ANNUAL",
    ),
    "icici": (
        "UPI/",
        "MMT/IMPS/",
        "NEFT-",
        "ACH/",
        "NFS/CASH WDL/",
        "SMS CHARGES",
        "GST @18%",
        "DEBIT CARD ANNUAL",
    ),
    "axis": (
        "UPI/P2M/",
        "UPI/P2A/",
        "NEFT/",
        "ECS/ACH DR/",
        "ATM-CASH/",
        "POS/",
        "SMS CHARGES",
        "GST @18%",
        "DEBIT CARD ANNUAL",
    ),
}


def read_statement(path: Path) -> tuple[str, list[list[str]], list[list[str]]]:
    """``(bank, lines before the header, transaction rows)``."""
    bank = path.stem.split("_")[0]
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    start = rows.index(HEADERS[bank])
    table = []
    for row in rows[start + 1 :]:
        if not any(row):
            break
        table.append(row)
    assert all(len(row) == len(HEADERS[bank]) for row in rows), path
    return bank, rows[:start], table


def amount(cell: str, bank: str) -> int:
    if bank == "sbi":
        whole, _, paise = cell.partition(".")
        assert group_indian(int(whole.replace(",", ""))) == whole and len(paise) == 2, cell
    else:
        assert PLAIN.match(cell), cell
    return parse_rupees(cell)


def test_every_account_has_a_statement_named_bank_last4(landing: Landing) -> None:
    accounts = landing.truth("accounts.csv")
    names = {str(p.relative_to(landing.root)) for p in landing.files("person=*/statements/*")}
    assert names == {a["statement_file"] for a in accounts}
    assert {a["bank"] for a in accounts} == set(HEADERS)


def test_preamble_names_the_account(landing: Landing) -> None:
    numbers = {a["account_number"] for a in landing.truth("accounts.csv")}
    for path in landing.files("person=*/statements/*.csv"):
        bank, preamble, _ = read_statement(path)
        found = [re.match(ACCOUNT_LINE[bank], ",".join(row)) for row in preamble]
        matches = [m.group(1) for m in found if m]
        assert len(matches) == 1 and matches[0] in numbers, path
        assert matches[0].endswith(path.stem.split("_")[1])


@pytest.mark.parametrize("bank", sorted(HEADERS))
def test_rows_parse_and_balances_add_up(landing: Landing, bank: str) -> None:
    opening = {
        (a["person_ref"], a["account_last4"]): int(a["opening_balance_paise"])
        for a in landing.truth("accounts.csv")
    }
    date_column, date_format, debit, credit, balance = LAYOUT[bank]
    checked = 0
    for path in landing.files(f"person=*/statements/{bank}_*.csv"):
        _, _, rows = read_statement(path)
        running = opening[(path.parts[-3].removeprefix("person="), path.stem.split("_")[1])]
        if bank == "axis":
            assert rows[0][2] == "OPENING BALANCE" and amount(rows[0][5], bank) == running
            rows = rows[1:]
        for row in rows:
            datetime.strptime(row[date_column], date_format)
            out, into = row[debit], row[credit]
            if bank == "icici":
                assert (out == "0.00") != (into == "0.00"), row
                out, into = ("" if out == "0.00" else out), ("" if into == "0.00" else into)
            assert bool(out) != bool(into), row
            running += amount(into, bank) if into else -amount(out, bank)
            assert amount(row[balance], bank) == running >= 0, row
            narration = row[NARRATION_COLUMN[bank]]
            assert narration.startswith(NARRATION_START[bank]) or ":Int.Pd:" in narration, row
            checked += 1
    assert checked > 50


def test_hdfc_reference_column_is_the_padded_rrn(landing: Landing) -> None:
    for path in landing.files("person=*/statements/hdfc_*.csv"):
        for row in read_statement(path)[2]:
            if row[1].startswith("UPI-"):
                rrn = row[1].split("-")[-2]
                assert re.fullmatch(r"\d{12}", rrn) and row[2] == rrn.zfill(16), row


def test_footers_follow_each_bank(landing: Landing) -> None:
    footers = {
        "hdfc": "STATEMENT SUMMARY :-",
        "sbi": "**This is a computer generated statement",
        "icici": "Legends Used in Account Statement",
        "axis": "Unless the constituent notifies",
    }
    for path in landing.files("person=*/statements/*.csv"):
        bank = path.stem.split("_")[0]
        assert footers[bank] in path.read_text().split(HEADERS[bank][-1], 1)[1], path
