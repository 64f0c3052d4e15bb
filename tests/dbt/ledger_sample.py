"""A handwritten week of one person, as ingestion lands it in ``raw``, and the ledger dbt must
build from it.

P000001 banks with HDFC (statement, SMS and AA) and ICICI (statement and SMS; ICICI SMS mask
the account to three digits). The rows cover what reconciliation must get right: a UPI payment
in three sources joined by its RRN, a salary NEFT joined by its UTR, an ATM withdrawal without
references whose AA timestamp falls on the previous UTC day, two identical Rs 50 card payments
on one day that must stay two (the SMS of the second never came), and an OTP SMS.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import polars as pl
from payment_sample import payment_events

from ingestion.derive import narration_fields

PERSON = "P000001"
INGESTED_AT = datetime(2025, 4, 7, 6, 0, 0)
Row = dict[str, Any]

HDFC, ICICI = "50100123451234", "123401235678"
SWIGGY = "UPI-SWIGGY-swiggy@icici-ICIC0000001-509112345678-Swiggy Order"
SALARY = "NEFT CR-CITI0100000-ACCENTURE SOLUTIONS PVT LTD-RAVI KUMAR-CITIN52025040154321"
UTR = "CITIN52025040154321"
ATM = "ATW-416021XXXXXX1234-S1ANBL23-BENGALURU"
CHAAYOS = "POS 416021XXXXXX1234 CHAAYOS"
CHAI = "UPI/509212345001/chai/ramuteastall@ybl/YES BANK"


def _rows(columns: str, values: list[tuple[Any, ...]], **common: Any) -> list[Row]:
    names = columns.split()
    return [{**dict(zip(names, row, strict=True)), **common} for row in values]


def _lineage(rows: list[Row], source_file: str) -> list[Row]:
    for row in rows:
        row.update(source_file=row.get("source_file", source_file), ingested_at=INGESTED_AT)
        row["file_hash"] = f"hash-{row['source_file']}"
    return rows


# Data tables stay one event per line, the way they read best.
# fmt: off
STATEMENT_LINES = _lineage(
    _rows(
        "source_row_id bank account_number source_file line_no txn_date narration ref_no"
        " direction amount_paise balance_paise",
        [
            ("st-01", "hdfc", HDFC, "hdfc_1234.csv", 12, date(2025, 3, 31),
             "CREDIT INTEREST CAPITALISED", None, "credit", 81234, 1081234),
            ("st-02", "hdfc", HDFC, "hdfc_1234.csv", 13, date(2025, 4, 1),
             SWIGGY, "0000509112345678", "debit", 24500, 1056734),
            ("st-03", "hdfc", HDFC, "hdfc_1234.csv", 14, date(2025, 4, 1),
             SALARY, UTR, "credit", 8500000, 9556734),
            ("st-04", "hdfc", HDFC, "hdfc_1234.csv", 15, date(2025, 4, 4),
             ATM, None, "debit", 200000, 9356734),
            ("st-05", "hdfc", HDFC, "hdfc_1234.csv", 16, date(2025, 4, 5),
             CHAAYOS, None, "debit", 5000, 9351734),
            ("st-06", "hdfc", HDFC, "hdfc_1234.csv", 17, date(2025, 4, 5),
             CHAAYOS, None, "debit", 5000, 9346734),
            ("st-07", "icici", ICICI, "icici_5678.csv", 3, date(2025, 4, 2),
             CHAI, None, "debit", 5000, 450000),
        ],
        person_ref=PERSON,
    ),
    "statements",
)
for line in STATEMENT_LINES:
    line.update(account_last4=line["account_number"][-4:], value_date=line["txn_date"])

SMS_MESSAGES = _lineage(
    _rows(
        "source_row_id line_no sender received_at bank is_transaction reason direction"
        " amount_paise account_mask counterparty channel reference txn_date balance_paise body",
        [
            ("sms-01", 1, "VM-HDFCBK", datetime(2025, 4, 1, 3, 43), "hdfc", True, None,
             "debit", 24500, "*1234", "SWIGGY", "upi", "509112345678", date(2025, 4, 1), None,
             "Sent Rs.245.00 From HDFC Bank A/C *1234 To SWIGGY On 01/04/25 Ref 509112345678"
             " Not You? Call 18002586161/SMS BLOCK UPI to 7308080808"),
            # No bank: staging reads it from the sender header.
            ("sms-02", 2, "VM-HDFCBK", datetime(2025, 4, 1, 5, 10), None, True, None,
             "credit", 8500000, "XX1234", "ACCENTURE SOLUTIONS PVT LTD", "neft", UTR,
             date(2025, 4, 1), 9556734,
             "Update! INR 85,000.00 deposited in HDFC Bank A/c XX1234 on 01-APR-25 for NEFT Cr-"
             + SALARY.removeprefix("NEFT CR-") + ".Avl bal INR 95,567.34."),
            ("sms-03", 3, "JD-ICICIT", datetime(2025, 4, 2, 4, 0), "icici", True, None,
             "debit", 5000, "XX678", "RAMU TEA STALL", "upi", "509212345001", date(2025, 4, 2),
             None, "ICICI Bank Acct XX678 debited for Rs 50.00 on 02-Apr-25; RAMU TEA STALL"
             " credited. UPI:509212345001. Call 18002662 for dispute."),
            ("sms-04", 4, "VM-HDFCBK", datetime(2025, 4, 3, 19, 0, 20), "hdfc", True, None,
             "debit", 200000, "**1234", None, "atm", None, date(2025, 4, 4), 9356734,
             "Rs.2000.00 debited from a/c **1234 on 04-04-25 to ATM WDL S1ANBL23."
             " Avl bal: Rs.93567.34. Not you? Call 18002586161 -HDFC Bank"),
            ("sms-05", 5, "VM-HDFCBK", datetime(2025, 4, 5, 3, 30), "hdfc", True, None,
             "debit", 5000, "**1234", None, "pos", None, date(2025, 4, 5), 9351734,
             "Rs.50.00 debited from a/c **1234 on 05-04-25 to POS CHAAYOS."
             " Avl bal: Rs.93517.34. Not you? Call 18002586161 -HDFC Bank"),
            ("sms-06", 6, "VM-HDFCBK", datetime(2025, 4, 5, 9, 0), "hdfc", False, "otp",
             None, None, None, None, None, None, None, None,
             "482913 is OTP for txn of INR 1299.00 at AMAZON on HDFC Bank card ending 1234."
             " Valid till 14:40. Do not share OTP for security reasons."),
        ],
        person_ref=PERSON,
        vpa=None,
    ),
    "sms/messages.jsonl",
)

AA_COMMON: Row = {
    "person_ref": PERSON, "fip_id": "HDFC-FIP", "bank": "HDFC", "link_ref": "link-hdfc-1234",
    "masked_acc_number": "XXXXXXXXXX1234", "account_last4": "1234",
}
AA_ACCOUNTS = _lineage(
    _rows(
        "source_row_id line_no account_type ifsc branch current_balance_paise balance_at"
        " opening_date status",
        [
            ("aa-acc-01", 0, "SAVINGS", "HDFC0001234", "KORAMANGALA", 9346734,
             datetime(2025, 4, 6, 12, 30), date(2019, 5, 1), "ACTIVE"),
        ],
        **AA_COMMON,
    ),
    "aa/HDFC-FIP_1234.json",
)
AA_TRANSACTIONS = _lineage(
    _rows(
        "source_row_id line_no txn_id txn_type mode amount_paise current_balance_paise"
        " transaction_at narration reference",
        [
            ("aa-01", 1, "T1", "DEBIT", "UPI", 24500, 1056734,
             datetime(2025, 4, 1, 3, 42, 33), SWIGGY, "509112345678"),
            ("aa-02", 2, "T2", "CREDIT", "FT", 8500000, 9556734,
             datetime(2025, 4, 1, 5, 9), SALARY, UTR),
            # 00:30 IST on 4 April is 19:00 UTC on 3 April: only the IST date meets the statement.
            ("aa-03", 3, "T3", "DEBIT", "ATM", 200000, 9356734,
             datetime(2025, 4, 3, 19, 0), ATM, None),
            ("aa-04", 4, "T4", "DEBIT", "CARD", 5000, 9351734,
             datetime(2025, 4, 5, 3, 29, 50), CHAAYOS, None),
            ("aa-05", 5, "T5", "DEBIT", "CARD", 5000, 9346734,
             datetime(2025, 4, 5, 11, 15), CHAAYOS, None),
        ],
        **AA_COMMON,
    ),
    "aa/HDFC-FIP_1234.json",
)
for txn in AA_TRANSACTIONS:
    txn["value_date"] = txn["transaction_at"].date()

# fmt: on

# What ingestion derives from each narration at load time (ingestion.derive), as it would land.
for _rows_with_narration in (STATEMENT_LINES, AA_TRANSACTIONS):
    _fields = narration_fields(pl.Series([row["narration"] for row in _rows_with_narration]))
    for row, derived in zip(_rows_with_narration, _fields.iter_rows(named=True), strict=True):
        row.update(derived)

RAW_ROWS: dict[str, list[Row]] = {
    "statement_lines": STATEMENT_LINES,
    "sms_messages": SMS_MESSAGES,
    "aa_accounts": AA_ACCOUNTS,
    "aa_transactions": AA_TRANSACTIONS,
    "payment_events": payment_events(),
}

# fmt: off
# fct_transactions by txn_date, account_key, amount_paise, source_count desc: (txn_date,
# account_key, direction, amount_paise, channel, category, financial_year, has_statement,
# has_sms, has_aa). Seven canonical transactions from 17 source rows.
EXPECTED_TRANSACTIONS = [
    ("2025-03-31", "hdfc-1234", "credit", 81234, "interest", "income:interest", "FY2024-25",
     True, False, False),
    ("2025-04-01", "hdfc-1234", "debit", 24500, "upi", "food_dining:delivery", "FY2025-26",
     True, True, True),
    ("2025-04-01", "hdfc-1234", "credit", 8500000, "neft", "income:salary", "FY2025-26",
     True, True, True),
    ("2025-04-02", "icici-5678", "debit", 5000, "upi", "uncategorized", "FY2025-26",
     True, True, False),
    ("2025-04-04", "hdfc-1234", "debit", 200000, "atm", "cash:atm_withdrawal", "FY2025-26",
     True, True, True),
    ("2025-04-05", "hdfc-1234", "debit", 5000, "card", "food_dining:restaurants_cafes", "FY2025-26",
     True, True, True),
    ("2025-04-05", "hdfc-1234", "debit", 5000, "card", "food_dining:restaurants_cafes", "FY2025-26",
     True, False, True),
]
SOURCE_TRANSACTION_ROWS = 17

# fmt: on

# dim_accounts: (account_key, account_last_digits, sources_seen, latest_balance_paise,
# latest_balance_source); the ICICI SMS printed "XX678" and still lands on icici-5678.
EXPECTED_ACCOUNTS = [
    ("hdfc-1234", "1234", "aa,sms,statement", 9346734, "aa"),
    ("icici-5678", "5678", "sms,statement", 450000, "statement"),
]
