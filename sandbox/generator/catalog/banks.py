"""The four banks whose exports Hisaab reads, and the other banks that appear as counterparties.

``channels`` lists the payment channels whose narration grammar docs/landing-formats.md gives for
that bank: an event on a channel the bank cannot print is routed over UPI instead, so every
statement line follows a documented grammar.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bank:
    key: str
    ifsc_prefix: str
    display: str
    fip_id: str
    upi_handle: str
    card_bins: tuple[str, str]
    channels: frozenset[str]
    fee_includes_gst: bool


_COMMON = frozenset({"upi", "neft", "nach", "atm", "interest", "fee"})

BANKS: tuple[Bank, ...] = (
    Bank(
        "hdfc",
        "HDFC",
        "HDFC Bank",
        "HDFC-FIP",
        "okhdfcbank",
        ("416021", "524181"),
        _COMMON | {"imps", "card"},
        True,
    ),
    Bank("sbi", "SBIN", "SBI", "SBI-FIP", "oksbi", ("459113", "622018"), _COMMON, False),
    Bank(
        "icici",
        "ICIC",
        "ICICI Bank",
        "ICICI-FIP",
        "okicici",
        ("447746", "524376"),
        _COMMON | {"imps"},
        False,
    ),
    Bank(
        "axis",
        "UTIB",
        "Axis Bank",
        "AXIS-FIP",
        "okaxis",
        ("406575", "531849"),
        _COMMON | {"card"},
        False,
    ),
)
BANK_INDEX = {bank.key: index for index, bank in enumerate(BANKS)}

# Banks on the other side of a payment: IFSC prefix and the name ICICI and Axis print.
COUNTERPARTY_BANKS: tuple[tuple[str, str], ...] = (
    ("SBIN", "STATE BANK OF INDIA"),
    ("HDFC", "HDFC BANK"),
    ("ICIC", "ICICI BANK"),
    ("UTIB", "AXIS BANK"),
    ("KKBK", "KOTAK MAHINDRA BANK"),
    ("PUNB", "PUNJAB NATIONAL BANK"),
    ("BARB", "BANK OF BARODA"),
    ("CNRB", "CANARA BANK"),
    ("UBIN", "UNION BANK OF INDIA"),
    ("YESB", "YES BANK"),
    ("IDIB", "INDIAN BANK"),
    ("IDFB", "IDFC FIRST BANK"),
)
COUNTERPARTY_BANK_WEIGHTS = (0.30, 0.14, 0.11, 0.08, 0.07, 0.06, 0.06, 0.05, 0.05, 0.03, 0.03, 0.02)

# UPI handles of people (not merchants) and the bank behind them when the handle names one.
PERSON_HANDLES: tuple[tuple[str, str | None, float], ...] = (
    ("ybl", None, 0.30),
    ("okhdfcbank", "HDFC", 0.10),
    ("oksbi", "SBIN", 0.12),
    ("okicici", "ICIC", 0.08),
    ("okaxis", "UTIB", 0.07),
    ("ibl", None, 0.07),
    ("axl", None, 0.06),
    ("paytm", None, 0.08),
    ("ptyes", None, 0.03),
    ("apl", None, 0.03),
    ("upi", None, 0.02),
    ("ikwik", None, 0.02),
    ("slc", None, 0.02),
)

# Account numbers as each bank prints them: a fixed lead and random digits.
ACCOUNT_NUMBER_SHAPES: dict[str, tuple[str, int]] = {
    "hdfc": ("50100", 9),
    "sbi": ("000000", 11),
    "icici": ("", 12),
    "axis": ("9170100", 8),
}

SMS_HEADERS: dict[str, str] = {
    "hdfc": "HDFCBK",
    "sbi": "SBIINB",
    "icici": "ICICIT",
    "axis": "AXISBK",
}
SMS_OPERATOR_PREFIXES: tuple[str, ...] = ("VM", "AD", "JD", "VK", "AX", "BZ", "JM", "TX")

# Pseudo accounts SBI prints in its reference column for UPI transfers (the UPI pool account).
SBI_UPI_POOL = ("4897691162093", "4897693162091", "4897694162090")

# Every bank code that appears anywhere, with the name ICICI and Axis narrations print.
BANK_NAMES: dict[str, str] = {
    **dict(COUNTERPARTY_BANKS),
    "PYTM": "PAYTM PAYMENTS BANK",
    "CITI": "CITIBANK",
    "HSBC": "HSBC",
    "SCBL": "STANDARD CHARTERED BANK",
}

# Merchant VPA handles: the acquiring bank and the IFSC its UPI settlement account carries.
MERCHANT_HANDLES: dict[str, tuple[str, str]] = {
    "icici": ("ICIC", "ICIC0DC0099"),
    "hdfcbank": ("HDFC", "HDFC0000499"),
    "axisbank": ("UTIB", "UTIB0000553"),
    "axisb": ("UTIB", "UTIB0000553"),
    "apl": ("UTIB", "UTIB0001506"),
    "okbizaxis": ("UTIB", "UTIB0000553"),
    "ybl": ("YESB", "YESB0YBLUPI"),
    "paytm": ("PYTM", "PYTM0123456"),
    "sbi": ("SBIN", "SBIN0016225"),
}
