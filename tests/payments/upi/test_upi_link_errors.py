"""What the strict reader refuses, each time with the reason in one line."""

from __future__ import annotations

import pytest

from payments.upi import InvalidUpiLink, parse_upi_link

BASE = "upi://pay?pa=a1@ybl&pn=Shop"
MANDATE = "upi://mandate?pa=a1@icici&pn=Shop&am=100.00"

REFUSED = [
    # not a UPI payment link at all
    ("", "the link is empty"),
    ("https://example.com/pay?pa=a1@ybl&pn=Shop", "not a UPI link"),
    ("upi:pay?pa=a1@ybl&pn=Shop", "not a UPI link"),
    ("upi://collect?pa=a1@ybl&pn=Shop", "upi://collect is not a payment link"),
    ("upi://pay/?pa=a1@ybl&pn=Shop", "upi://pay/ is not a payment link"),
    ("upi://pay", "no parameters"),
    ("upi://pay?", "no parameters"),
    # URI syntax
    ("upi://pay?pa=a1@ybl&pn=Ram Kumar", "' ' must be percent-encoded (%20)"),
    ("upi://pay?pa=a1@ybl&pn=राम", "must be percent-encoded (%E0%A4%B0)"),
    (f"{BASE}&tn=Order#42", "'#' must be percent-encoded (%23)"),
    (f"{BASE}&tn=100%", "'%' is not followed by two hex digits"),
    (f"{BASE}&tn=%ZZ", "'%' is not followed by two hex digits"),
    (f"{BASE}&tn=%E0%A4", "tn: its %-escapes are not UTF-8 text"),
    (f"{BASE}&", "'' is not a name=value parameter"),
    (f"{BASE}&&tn=x", "'' is not a name=value parameter"),
    (f"{BASE}&tn", "'tn' is not a name=value parameter"),
    (f"{BASE}&=x", "'=x' is not a name=value parameter"),
    (f"{BASE}&t%6E=x", "'t%6E=x' is not a name=value parameter"),
    # mandatory and duplicate parameters
    ("upi://pay?pn=Shop&am=10", "pa is missing"),
    ("upi://pay?pa=a1@ybl&am=10", "pn is missing"),
    (f"{BASE}&pa=evil@ybl", "pa appears twice"),
    (f"{BASE}&PN=Other", "pn appears twice"),
    (f"{BASE}&sign=a&sign=b", "sign appears twice"),
    # values
    ("upi://pay?pa=ram@&pn=Shop", "pa: 'ram@': the part after '@'"),
    ("upi://pay?pa=ram%20kumar@ybl&pn=Shop", "pa: 'ram kumar@ybl' contains whitespace"),
    ("upi://pay?pa=a1@ybl&pn=%20", "pn: must not be empty"),
    (f"upi://pay?pa=a1@ybl&pn={'x' * 101}", "pn: has 101 characters; at most 100"),
    (f"{BASE}&tn={'x' * 81}", "tn: has 81 characters; at most 80"),
    (f"{BASE}&tn=line%0Abreak", "tn: contains a control character"),
    (f"{BASE}&tr={'R' * 36}", "tr: has 36 characters; at most 35"),
    (f"{BASE}&tid={'T' * 36}", "tid: 'TTT"),
    (f"{BASE}&tid=T-1", "tid: 'T-1' is not 1 to 35 letters or digits"),
    (f"{BASE}&mc=541", "mc: '541' is not a 4-digit merchant category code"),
    (f"{BASE}&cu=USD", "cu: 'USD' is not one of INR"),
    (f"{BASE}&cu=inr", "cu: 'inr' is not one of INR"),
    (f"{BASE}&url=ftp://shop.in/bill", "url: 'ftp://shop.in/bill' is not an http(s) address"),
    (f"{BASE}&url=javascript:alert(1)", "is not an http(s) address"),
    (f"{BASE}&mode=2", "mode: '2' is not a two-digit initiation mode"),
    (f"{BASE}&purpose=ABC", "purpose: 'ABC' is not a two-digit purpose code"),
    (f"{BASE}&am=1,000", "am: '1,000' is not an amount in rupees"),
    (f"{BASE}&am=-10", "am: '-10' is not an amount"),
    (f"{BASE}&am=%2B10", "am: '+10' is not an amount"),
    (f"{BASE}&am=1e3", "am: '1e3' is not an amount"),
    (f"{BASE}&am=10.505", "am: '10.505' is not an amount"),
    (f"{BASE}&am=.5", "am: '.5' is not an amount"),
    (f"{BASE}&am=10.", "am: '10.' is not an amount"),
    (f"{BASE}&am=010", "am: '010' is not an amount"),
    (f"{BASE}&am=%E2%82%B910", "am: '₹10' is not an amount"),
    (f"{BASE}&am=0.00", "am: must be more than zero"),
    (f"{BASE}&am=10&mam=null", "mam: 'null' is not an amount"),
    (f"{BASE}&am=10&mam=10.01", "mam: the minimum amount is above the amount (am)"),
    # mandate fields
    (f"{BASE}&recur=MONTHLY", "recur belongs in a upi://mandate link, not upi://pay"),
    (f"{MANDATE}&recur=BIWEEKLY", "recur: 'BIWEEKLY' is not one of ONETIME"),
    (f"{MANDATE}&recur=monthly", "recur: 'monthly' is not one of"),
    (f"{MANDATE}&amrule=max", "amrule: 'max' is not one of MAX, EXACT"),
    (f"{MANDATE}&recurvalue=32", "recurvalue: '32' is not a number from 1 to 31"),
    (f"{MANDATE}&recurtype=DURING", "recurtype: 'DURING' is not one of BEFORE, ON, AFTER"),
    (f"{MANDATE}&rev=yes", "rev: 'yes' is not one of Y, N"),
    (f"{MANDATE}&block=1", "block: '1' is not one of Y, N"),
    (f"{MANDATE}&txnType=create", "txnType: 'create' is not an upper-case word"),
    (f"{MANDATE}&validitystart=2025-04-01", "'2025-04-01' is not a date written ddMMyyyy"),
    (f"{MANDATE}&validitystart=31022025", "'31022025' is not a calendar date"),
    (
        f"{MANDATE}&validitystart=02042025&validityend=01042025",
        "validityend: the mandate ends before it starts",
    ),
]


@pytest.mark.parametrize(("link", "reason"), REFUSED)
def test_refused_with_a_one_line_reason(link: str, reason: str) -> None:
    with pytest.raises(InvalidUpiLink) as caught:
        parse_upi_link(link)
    message = str(caught.value)
    assert reason in message
    assert "\n" not in message
    assert isinstance(caught.value, ValueError)


def test_a_mandate_may_start_and_end_on_the_same_day() -> None:
    link = parse_upi_link(f"{MANDATE}&validitystart=01042025&validityend=01042025")
    assert link.params["validityend"] == "01042025"


def test_unknown_parameters_may_be_empty_but_known_ones_may_not() -> None:
    assert parse_upi_link(f"{BASE}&qrMedium=").params["qrMedium"] == ""
    with pytest.raises(InvalidUpiLink, match=r"^tr: must not be empty"):
        parse_upi_link(f"{BASE}&tr=")
