"""`parse_sms` on every template of the landing contract, and the non-transactions around them."""
# ruff: noqa: E501  (real SMS bodies are long single lines; keeping each on one line keeps it greppable)

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from ingestion.sms import parse_sms

IST = timezone(timedelta(hours=5, minutes=30))
RECEIVED = datetime(2025, 4, 20, 9, 0, tzinfo=IST)

# (sender, body) → (bank, direction, amount_paise, account_mask, counterparty, vpa, channel,
#                    reference, txn_date, balance_paise)
TRANSACTIONS = [
    ("VM-HDFCBK", "Sent Rs.245.00 From HDFC Bank A/C *6789 To SWIGGY On 01/04/25 Ref 509112345678 Not You? Call 18002586161/SMS BLOCK UPI to 7308080808",
     ("hdfc", "debit", 24500, "X6789", "SWIGGY", None, "UPI", "509112345678", date(2025, 4, 1), None)),
    ("VM-HDFCBK", "Money Received - INR 600.00 in HDFC Bank A/c xx6789 on 02-04-25 from VPA priya.s@okhdfcbank (UPI Ref No 509212340002)",
     ("hdfc", "credit", 60000, "XX6789", None, "priya.s@okhdfcbank", "UPI", "509212340002", date(2025, 4, 2), None)),
    ("VM-HDFCBK", "Update! INR 1,02,340.50 deposited in HDFC Bank A/c XX6789 on 03-APR-25 for NEFT Cr-CITI0000002-ACME TECHNOLOGIES PVT LTD-ASHA VERMA-CITIN25040312345.Avl bal INR 1,14,441.17. Cheque deposits in A/C are subject to clearing",
     ("hdfc", "credit", 10234050, "XX6789", "ACME TECHNOLOGIES PVT LTD", None, "NEFT", "CITIN25040312345", date(2025, 4, 3), 11444117)),
    ("VM-HDFCBK", "Rs.2000.00 debited from a/c **6789 on 05-04-25 to ATM WDL S1ANBG12. Avl bal: Rs.95100.67. Not you? Call 18002586161 -HDFC Bank",
     ("hdfc", "debit", 200000, "XX6789", "S1ANBG12", None, "ATM", None, date(2025, 4, 5), 9510067)),
    ("VM-HDFCBK", "Rs.1534.50 debited from a/c **6789 on 07-04-25 to NACH DR HDFC ERGO. Avl bal: Rs.93566.17. Not you? Call 18002586161 -HDFC Bank",
     ("hdfc", "debit", 153450, "XX6789", "HDFC ERGO", None, "NACH", None, date(2025, 4, 7), 9356617)),
    ("VM-HDFCBK", "Rs.15000.00 debited from a/c **6789 on 15-04-25 to IMPS 510512345678 RAVI KUMAR. Avl bal: Rs.77667.17. Not you? Call 18002586161 -HDFC Bank",
     ("hdfc", "debit", 1500000, "XX6789", "RAVI KUMAR", None, "IMPS", "510512345678", date(2025, 4, 15), 7766717)),
    ("VM-HDFCBK", "Spent INR 1,299.00\nHDFC Bank Card no. XX1234\n12-04-25 18:22:01\nAMAZON PAY INDIA\nAvl Limit: INR 1,48,701.00",
     ("hdfc", "debit", 129900, "XX1234", "AMAZON PAY INDIA", None, "CARD", None, date(2025, 4, 12), None)),
    ("AD-SBIUPI", "Dear UPI user A/C X7890 debited by 1250.00 on date 01Apr25 trf to RAMESH STORES Refno 509112340001. If not u? call 1800111109. -SBI",
     ("sbi", "debit", 125000, "X7890", "RAMESH STORES", None, "UPI", "509112340001", date(2025, 4, 1), None)),
    ("AD-SBIUPI", "Dear SBI UPI User, ur A/cX7890 credited by Rs600.00 on 02Apr25 by (Ref no 509212340002)",
     ("sbi", "credit", 60000, "X7890", None, None, "UPI", "509212340002", date(2025, 4, 2), None)),
    ("JM-ATMSBI", "Your A/C XXXXX7890 Debited INR 5,000.00 on 10/04/25 -ATM WDL S1BW000123. Avl Balance INR 2,20,147.28-SBI",
     ("sbi", "debit", 500000, "XXXXX7890", "S1BW000123", None, "ATM", None, date(2025, 4, 10), 22014728)),
    ("VK-SBIINB", "Your A/C XXXXX7890 Credited INR 2,50,000.00 on 05/04/25 -RTGS ACME TECHNOLOGIES. Avl Balance INR 3,72,806.78-SBI",
     ("sbi", "credit", 25000000, "XXXXX7890", "ACME TECHNOLOGIES", None, "RTGS", None, date(2025, 4, 5), 37280678)),
    ("JD-ICICIT-S", "ICICI Bank Acct XX567 debited for Rs 350.00 on 01-Apr-25; ZOMATO credited. UPI:509112345679. Call 18002662 for dispute. SMS BLOCK 567 to 9215676766.",
     ("icici", "debit", 35000, "XX567", "ZOMATO", None, "UPI", "509112345679", date(2025, 4, 1), None)),
    ("JD-ICICIT", "Dear Customer, Acct XX567 is credited with Rs 5000.00 on 04-Apr-25 from RAVI KUMAR. UPI:509412345670-ICICI Bank.",
     ("icici", "credit", 500000, "XX567", "RAVI KUMAR", None, "UPI", "509412345670", date(2025, 4, 4), None)),
    ("VM-ICICIB", "ICICI Bank Acct XX567 debited with INR 4,560.00 on 08-Apr-25. Info: NACH DR BAJAJ FINANCE. Avl Bal: INR 1,31,090.25.",
     ("icici", "debit", 456000, "XX567", "BAJAJ FINANCE", None, "NACH", None, date(2025, 4, 8), 13109025)),
    ("VM-ICICIB", "ICICI Bank Acct XX567 credited with INR 85,000.00 on 06-Apr-25. Info: NEFT ACME TECHNOLOGIES. Avl Bal: INR 1,35,650.25.",
     ("icici", "credit", 8500000, "XX567", "ACME TECHNOLOGIES", None, "NEFT", None, date(2025, 4, 6), 13565025)),
    ("VM-AXISBK", "INR 432.10 debited\nA/c no. XX5678\n01-04-25, 19:42:10\nUPI/P2M/509112345680/BLINKIT\nNot you? SMS BLOCKUPI Cust ID to 919951860002\nAxis Bank",
     ("axis", "debit", 43210, "XX5678", "BLINKIT", None, "UPI", "509112345680", date(2025, 4, 1), None)),
    ("VM-AXISBK", "INR 1200.00 credited\nA/c no. XX5678\n02-04-25, 21:05:33 IST\nUPI/P2A/509212345681/PRIYA SHARMA\n- Axis Bank",
     ("axis", "credit", 120000, "XX5678", "PRIYA SHARMA", None, "UPI", "509212345681", date(2025, 4, 2), None)),
    ("VM-AXISBK", "INR 2345.67 debited\nA/c no. XX5678\n11-04-25, 17:30:02\nPOS DMART\nAvl Bal INR 65532.23\n- Axis Bank",
     ("axis", "debit", 234567, "XX5678", "DMART", None, "POS", None, date(2025, 4, 11), 6553223)),
]  # fmt: skip


@pytest.mark.parametrize(("sender", "body", "expected"), TRANSACTIONS)
def test_transaction_templates(sender: str, body: str, expected: tuple[object, ...]) -> None:
    parsed = parse_sms(sender, body, RECEIVED)
    assert parsed.is_transaction and parsed.reason is None
    fields = ("bank", "direction", "amount_paise", "account_mask", "counterparty", "vpa",
              "channel", "reference", "txn_date", "balance_paise")  # fmt: skip
    assert tuple(getattr(parsed, name) for name in fields) == expected


@pytest.mark.parametrize(
    ("sender", "body", "reason"),
    [
        ("VM-HDFCBK", "482913 is OTP for txn of INR 2,499.00 at AMAZON on HDFC Bank card ending 6789. Valid till 18:30. Do not share OTP for security reasons.", "otp"),
        ("VM-HDFCBK", "Pre-approved Personal Loan of Rs.5,00,000 is waiting for you! Apply now: hdfcbk.io/a/Xy12 T&C", "promotion"),
        ("JD-ICICIB", "Dear Customer, your ICICI Bank Credit Card limit can be increased to Rs.2,50,000. Reply YES to 5676766.", "promotion"),
        ("VK-SBIINB", "Your money can earn up to 7.25% p.a. in a SBI Fixed Deposit. Open one online in 2 minutes.", "promotion"),
        ("VM-HDFCBK", "Avl Bal in A/c XX6789 as on 20-APR-25 is INR 77,667.17", "balance_only"),
        ("VM-HDFCBK", "Txn of Rs.2499.00 on HDFC Bank card xx6789 at AMAZON is declined due to insufficient balance.", "declined"),
        ("VM-HDFCBK", "Your A/c XX6789 has been linked to UPI.", "unrecognised"),
        ("VM-SWIGGY", "Your Swiggy order #123456 is out for delivery.", "unrecognised"),
    ],
)  # fmt: skip
def test_non_transactions_are_kept_with_a_reason(sender: str, body: str, reason: str) -> None:
    parsed = parse_sms(sender, body, RECEIVED)
    assert (parsed.is_transaction, parsed.reason, parsed.amount_paise) == (False, reason, None)


def test_bank_comes_from_the_sender_header() -> None:
    body = "Txn of Rs.1.00 declined"
    assert parse_sms("JD-ICICIT-S", body, RECEIVED).bank == "icici"
    assert parse_sms("ATMSBI", body, RECEIVED).bank == "sbi"
    assert parse_sms("VM-SWIGGY", body, RECEIVED).bank is None


def test_template_only_applies_to_its_own_bank() -> None:
    body = TRANSACTIONS[0][1]
    assert parse_sms("AD-SBIUPI", body, RECEIVED).is_transaction is False


def test_txn_date_falls_back_to_the_ist_date_received() -> None:
    late_evening_utc = datetime(2025, 4, 12, 20, 0, tzinfo=UTC)  # 01:30 on the 13th in IST
    body = "Spent INR 10.00\nHDFC Bank Card no. XX1234\n99-99-99 01:30:00\nCHAI POINT\n"
    assert parse_sms("VM-HDFCBK", body, late_evening_utc).txn_date == date(2025, 4, 13)


@pytest.mark.parametrize("sender", [None, "", "BZ-UNKNWN"])
def test_without_a_known_sender_every_template_is_tried(sender: str | None) -> None:
    parsed = parse_sms(sender, TRANSACTIONS[7][1])  # an SBI UPI debit
    assert (parsed.bank, parsed.amount_paise, parsed.txn_date) == ("sbi", 125000, date(2025, 4, 1))


def test_no_printed_date_and_no_received_at_leaves_the_date_null() -> None:
    body = "Rs.500 sent to RAVI KUMAR from PPBL a/c 91XX1234. UPI Ref:515212345678. :PPBL"
    parsed = parse_sms(None, body)
    assert (parsed.bank, parsed.is_transaction, parsed.txn_date) == ("paytm", True, None)


def test_a_pre_debit_notice_is_a_mandate_not_a_debit() -> None:
    body = "Dear Customer, Rs.649.00 will be debited from your HDFC Bank A/c XX6789 on 05-06-25 towards NETFLIX via e-mandate."
    parsed = parse_sms("VM-HDFCBK", body, RECEIVED)
    assert (parsed.is_transaction, parsed.reason, parsed.amount_paise) == (False, "mandate", None)
