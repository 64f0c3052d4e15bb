"""Bank SMS templates as data: which sender headers belong to which bank, and what each bank writes.

Supporting a bank (or a new wording) is adding rows here. A template is a regular expression in
Rust ``regex`` syntax, because polars runs it over whole columns (so no look-arounds or
back-references), with markers such as ``<amount>`` that expand to the named groups the parser
knows. Templates are tried in order and the first match wins; messages no template matches are
classified by `NOT_TRANSACTIONS`, else ``unrecognised``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

Direction = Literal["debit", "credit"]

# Sender header (the 6 characters after the operator prefix) → bank.
SENDER_BANKS: dict[str, str] = {
    "HDFCBK": "hdfc",
    "SBIUPI": "sbi",
    "SBIINB": "sbi",
    "ATMSBI": "sbi",
    "ICICIT": "icici",
    "ICICIB": "icici",
    "AXISBK": "axis",
}

_AMOUNT = r"\d[\d,]*(?:\.\d{1,2})?"
MARKERS: dict[str, str] = {
    "<amount>": rf"(?P<amount>{_AMOUNT})",
    "<balance>": rf"(?P<balance>{_AMOUNT})",
    "<account>": r"(?P<account>[Xx*]*\d{3,6})",
    "<name>": r"(?P<counterparty>[^\n]+?)",
    "<vpa>": r"(?P<vpa>[\w.\-]+@[\w.\-]+)",
    "<rrn>": r"(?P<reference>\d{12})",
    "<utr>": r"(?P<reference>[A-Z0-9]{12,22})",
    "<ifsc>": r"[A-Z]{4}0[A-Z0-9]{6}",
    "<date>": r"(?P<date>\d{1,2}[-/ ]?[A-Za-z0-9]{2,3}[-/ ]?\d{2,4})",
    "<time>": r"\d{2}:\d{2}(?::\d{2})?",
    "<desc>": r"(?P<desc>[^\n]+?)",
    "<direction>": r"(?P<direction>(?i:debited|credited))",
}
GROUPS = (
    "amount",
    "balance",
    "account",
    "counterparty",
    "vpa",
    "reference",
    "date",
    "desc",
    "direction",
)


@dataclass(frozen=True)
class SmsTemplate:
    bank: str
    kind: str
    template: str
    date_format: str  # how <date> is printed (strftime syntax)
    direction: Direction | None = None  # None: read from <direction>
    channel: str | None = None  # None: read from the description (`DESCRIPTIONS`)

    @cached_property
    def regex(self) -> str:
        expanded = self.template
        for marker, pattern in MARKERS.items():
            expanded = expanded.replace(marker, pattern)
        return expanded


TEMPLATES: tuple[SmsTemplate, ...] = (
    # HDFC Bank
    SmsTemplate(
        "hdfc",
        "upi_debit",
        r"^Sent Rs\.? ?<amount> From HDFC Bank A/C <account> To <name> On <date> Ref <rrn>",
        "%d/%m/%y",
        "debit",
        "UPI",
    ),
    SmsTemplate(
        "hdfc",
        "upi_credit",
        r"^Money Received - INR <amount> in HDFC Bank A/c <account> on <date>"
        r" from VPA <vpa> \(UPI Ref No <rrn>\)",
        "%d-%m-%y",
        "credit",
        "UPI",
    ),
    SmsTemplate(
        "hdfc",
        "neft_credit",
        r"^Update! INR <amount> deposited in HDFC Bank A/c <account> on <date>"
        r" for NEFT Cr-<ifsc>-<name>-[^\n]*-<utr>\. ?Avl bal INR <balance>",
        "%d-%b-%y",
        "credit",
        "NEFT",
    ),
    SmsTemplate(
        "hdfc",
        "other_debit",
        r"^Rs\.? ?<amount> debited from a/c <account> on <date> to <desc>\."
        r" Avl bal:? Rs\.? ?<balance>",
        "%d-%m-%y",
        "debit",
    ),
    SmsTemplate(  # the card-spend shape from INDIA.md; not emitted by the sandbox generator
        "hdfc",
        "card_spend",
        r"^Spent INR <amount>\nHDFC Bank Card no\. <account>\n<date>,? <time>\n<name>\n",
        "%d-%m-%y",
        "debit",
        "CARD",
    ),
    # State Bank of India
    SmsTemplate(
        "sbi",
        "upi_debit",
        r"^Dear UPI user A/C <account> debited by <amount> on date <date> trf to <name>"
        r" Refno <rrn>",
        "%d%b%y",
        "debit",
        "UPI",
    ),
    SmsTemplate(
        "sbi",
        "upi_credit",
        r"^Dear SBI UPI User, ur A/c ?<account> credited by Rs\.? ?<amount> on <date>"
        r" by \(Ref no <rrn>\)",
        "%d%b%y",
        "credit",
        "UPI",
    ),
    SmsTemplate(
        "sbi",
        "other",
        r"^Your A/C <account> <direction> INR <amount> on <date> -<desc>\."
        r" Avl Balance INR <balance>",
        "%d/%m/%y",
    ),
    # ICICI Bank (masks the account to its last three digits)
    SmsTemplate(
        "icici",
        "upi_debit",
        r"^ICICI Bank Acct <account> debited for Rs\.? ?<amount> on <date>; <name> credited\."
        r" UPI:<rrn>",
        "%d-%b-%y",
        "debit",
        "UPI",
    ),
    SmsTemplate(
        "icici",
        "upi_credit",
        r"^Dear Customer, Acct <account> is credited with Rs\.? ?<amount> on <date>"
        r" from <name>\. UPI:<rrn>",
        "%d-%b-%y",
        "credit",
        "UPI",
    ),
    SmsTemplate(
        "icici",
        "other",
        r"^ICICI Bank Acct <account> <direction> with INR <amount> on <date>\."
        r" Info: <desc>\. Avl Bal: INR <balance>",
        "%d-%b-%y",
    ),
    # Axis Bank (multi-line bodies)
    SmsTemplate(
        "axis",
        "upi",
        r"^INR <amount> <direction>\nA/c no\. <account>\n<date>, <time>(?: IST)?\n"
        r"UPI/P2[AM]/<rrn>/<name>\n",
        "%d-%m-%y",
        channel="UPI",
    ),
    SmsTemplate(
        "axis",
        "other",
        r"^INR <amount> <direction>\nA/c no\. <account>\n<date>, <time>(?: IST)?\n"
        r"<desc>\nAvl Bal INR <balance>",
        "%d-%m-%y",
    ),
)

# The description inside "other" templates ({DESC}) names the channel and the counterparty.
DESCRIPTIONS: tuple[tuple[str, str], ...] = (
    ("ATM", r"^(?:ATM WDL|ATM-CASH|ATM CASH|NFS/CASH WDL)[ /-]*(?P<counterparty>.*)"),
    ("NACH", r"^(?:NACH|ACH|ECS)(?: DR| CR)?[ /-]+(?P<counterparty>.+)"),
    ("IMPS", r"^IMPS[ /-](?P<reference>\d{12})[ /-](?P<counterparty>.+)"),
    ("NEFT", r"^NEFT[ /-](?P<counterparty>.+)"),
    ("RTGS", r"^RTGS[ /-](?P<counterparty>.+)"),
    ("POS", r"^POS[ /-](?P<counterparty>.+)"),
    ("UPI", r"^UPI[ /-](?P<counterparty>.+)"),
)

# Bank messages that are not transactions, in the order they are tested.
NOT_TRANSACTIONS: tuple[tuple[str, str], ...] = (
    ("otp", r"(?i)\bOTP\b|one[- ]time password"),
    ("declined", r"(?i)\b(?:declined|failed|unsuccessful|rejected)\b"),
    ("balance_only", r"(?i)^(?:avl|available)\.? bal(?:ance)?\b|\bbalance (?:in|of|for) .*\bis\b"),
    (
        "promotion",
        r"(?i)pre-?approved|\boffers?\b|apply now|cashback|congratulations|\bloan\b|T&C"
        r"|reply yes|can be increased|earn up to|fixed deposit",
    ),
)
UNRECOGNISED = "unrecognised"
