"""`hisaab parse sms|narration`: one JSON object with stable keys, nulls for what is unknown."""

import json

from typer.testing import CliRunner

from hisaab.cli import app
from hisaab.parse_cli import NARRATION_KEYS, SMS_KEYS

HDFC_UPI = (
    "Sent Rs.245.00 From HDFC Bank A/C *6789 To SWIGGY On 01/04/25 Ref 509112345678"
    " Not You? Call 18002586161/SMS BLOCK UPI to 7308080808"
)


def _run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_sms_json_has_exactly_the_documented_keys() -> None:
    code, out, _ = _run("parse", "sms", "--json", "--sender", "VM-HDFCBK", HDFC_UPI)
    assert code == 0
    answer = json.loads(out)
    assert tuple(answer) == SMS_KEYS
    assert answer == {
        "is_transaction": True,
        "reason": None,
        "bank": "hdfc",
        "direction": "debit",
        "amount_paise": 24500,
        "account_hint": answer["account_hint"],
        "counterparty": "SWIGGY",
        "vpa": None,
        "channel": "UPI",
        "reference": "509112345678",
        "occurred_on": "2025-04-01",
        "balance_paise": None,
    }
    assert answer["account_hint"].endswith("6789")


def test_sms_without_sender_still_names_the_bank() -> None:
    code, out, _ = _run("parse", "sms", "--json", HDFC_UPI)
    assert code == 0
    assert json.loads(out)["bank"] == "hdfc"


def test_an_otp_is_not_a_transaction_and_says_why() -> None:
    otp = (
        "482913 is OTP for txn of INR 1,499.00 at AMAZON on HDFC Bank card ending 6789."
        " Valid till 14:05. Do not share OTP for security reasons."
    )
    code, out, _ = _run("parse", "sms", "--json", "--sender", "VM-HDFCBK", otp)
    answer = json.loads(out)
    assert code == 0
    assert answer["is_transaction"] is False
    assert answer["reason"] == "otp"
    assert answer["amount_paise"] is None


def test_sms_reads_standard_input_and_keeps_line_breaks() -> None:
    axis = (
        "INR 120.00 debited\nA/c no. XX5678\n02-04-25, 09:14:22\nUPI/P2M/509212345678/CHAAYOS\n"
        "Not you? SMS BLOCKUPI Cust ID to 919951860002\nAxis Bank\n"
    )
    code, out, _ = _run("parse", "sms", "--json", "--sender", "AX-AXISBK", "-", stdin=axis)
    answer = json.loads(out)
    assert code == 0
    assert (answer["amount_paise"], answer["reference"]) == (12000, "509212345678")


def test_received_at_dates_a_message_that_prints_no_date() -> None:
    body = "Dear SBI UPI User, ur A/cX7890 credited by Rs500 on 05Apr25 by (Ref no 509512345678)"
    code, out, _ = _run(
        "parse", "sms", "--json", "--received-at", "2025-04-05T23:50:00+05:30", body
    )
    assert code == 0
    assert json.loads(out)["occurred_on"] == "2025-04-05"


def test_empty_text_and_bad_dates_are_usage_errors() -> None:
    code, _, err = _run("parse", "sms", "--json", "   ")
    assert code == 2
    assert "nothing to parse" in err
    code, _, err = _run("parse", "sms", "--received-at", "yesterday", HDFC_UPI)
    assert code == 2
    assert "ISO 8601" in err


def test_narration_json_has_exactly_the_documented_keys() -> None:
    narration = "UPI-SWIGGY-swiggy@icici-ICIC0000001-509112345678-Payment"
    code, out, _ = _run("parse", "narration", "--json", narration)
    assert code == 0
    answer = json.loads(out)
    assert tuple(answer)[: len(NARRATION_KEYS)] == NARRATION_KEYS
    assert answer["channel"] == "UPI"
    assert answer["vpa"] == "swiggy@icici"
    assert answer["ifsc"] == "ICIC0000001"
    assert answer["reference"] == "509112345678"
    assert answer["psp"] is not None


def test_unknown_narration_is_all_nulls_not_guesses() -> None:
    code, out, _ = _run("parse", "narration", "--json", "MISC ADJUSTMENT 42")
    assert code == 0
    answer = json.loads(out)
    assert all(answer[key] is None for key in ("counterparty", "vpa", "ifsc", "reference"))
    assert answer["is_p2m"] is None


def test_plain_output_is_one_key_per_line() -> None:
    code, out, _ = _run("parse", "sms", "--sender", "VM-HDFCBK", HDFC_UPI)
    assert code == 0
    assert any(line.startswith("amount_paise") and "24500" in line for line in out.splitlines())
