"""What each parameter of a UPI link may hold: one rule per NPCI name, as a table.

A UPI app reads these values into a payment the person approves with their PIN, so a value an
app could read two ways (``am=1,000``, ``cu=USD``, a note with a control character) is refused
rather than guessed. Each rule raises `ValueError` with the reason; `payments.upi.links` says
which parameter it was.

Caps that are Hisaab's choice, not NPCI's (the linking specification gives no length for them):
``pn`` at most 100 characters and ``tn``/``mn`` at most 80. Apps show about 50 characters of a
note and truncate the rest rather than refuse it, so a longer note is legal but unwise.
``tr`` and ``tid`` follow the UPI API's 35-character reference ids. ``mode`` and ``purpose`` are
checked as two-digit codes, not against a list: NPCI adds codes, and an old list would refuse a
new, valid link.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from urllib.parse import urlsplit

from hisaab.money import parse_rupees
from payments.upi.vpa import parse_vpa

Rule = Callable[[str], None]

PAYEE_NAME_MAX_CHARS = 100
NOTE_MAX_CHARS = 80
REFERENCE_MAX_CHARS = 35
_RUPEES = re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]{1,2})?")


def amount_paise(text: str) -> int:
    """``"249.5"`` → ``24950``: rupees with at most two decimals, no sign, commas or exponent."""
    if not _RUPEES.fullmatch(text):
        raise ValueError(f"{text!r} is not an amount in rupees like 249 or 249.50")
    paise = parse_rupees(text)  # exact integer arithmetic once the strict shape is checked
    if paise <= 0:
        raise ValueError("must be more than zero")
    return paise


def format_rupees(paise: int) -> str:
    """``24950`` → ``"249.50"``: how a link spells an amount (always two decimals)."""
    if paise <= 0:
        raise ValueError("the amount must be more than zero")
    return f"{paise // 100}.{paise % 100:02d}"


def _text(max_chars: int) -> Rule:
    def check(value: str) -> None:
        if not value.strip():
            raise ValueError("must not be empty")
        if len(value) > max_chars:
            raise ValueError(f"has {len(value)} characters; at most {max_chars} are allowed")
        if any(unicodedata.category(char) == "Cc" for char in value):
            raise ValueError("contains a control character (a line break or tab)")

    return check


def _pattern(regex: str, meaning: str) -> Rule:
    compiled = re.compile(regex)

    def check(value: str) -> None:
        if not compiled.fullmatch(value):
            raise ValueError(f"{value!r} is not {meaning}")

    return check


def _one_of(*choices: str) -> Rule:
    def check(value: str) -> None:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(choices)}")

    return check


def _vpa(value: str) -> None:
    parse_vpa(value)


def _amount(value: str) -> None:
    amount_paise(value)


def _http_url(value: str) -> None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{value!r} is not an http(s) address")
    if any(char.isspace() or unicodedata.category(char) == "Cc" for char in value):
        raise ValueError("contains whitespace")


def mandate_date(value: str) -> date:
    """``"04022026"`` (ddMMyyyy, as AutoPay links write it) → ``date(2026, 2, 4)``."""
    if not re.fullmatch(r"[0-9]{8}", value):
        raise ValueError(f"{value!r} is not a date written ddMMyyyy")
    try:
        return date(int(value[4:]), int(value[2:4]), int(value[:2]))
    except ValueError:
        raise ValueError(f"{value!r} is not a calendar date (ddMMyyyy)") from None


def _mandate_date(value: str) -> None:
    mandate_date(value)


PAY_RULES: dict[str, Rule] = {
    "pa": _vpa,
    "pn": _text(PAYEE_NAME_MAX_CHARS),
    "mc": _pattern(r"[0-9]{4}", "a 4-digit merchant category code"),
    "tid": _pattern(r"[A-Za-z0-9]{1,35}", "1 to 35 letters or digits"),
    "tr": _text(REFERENCE_MAX_CHARS),
    "tn": _text(NOTE_MAX_CHARS),
    "am": _amount,
    "mam": _amount,
    "cu": _one_of("INR"),
    "url": _http_url,
    "mode": _pattern(r"[0-9]{2}", "a two-digit initiation mode"),
    "purpose": _pattern(r"[0-9]{2}", "a two-digit purpose code"),
}
_YES_NO = _one_of("Y", "N")
RECURRENCES = (
    *("ONETIME", "DAILY", "WEEKLY", "FORTNIGHTLY", "MONTHLY", "BIMONTHLY"),
    *("QUARTERLY", "HALFYEARLY", "YEARLY", "ASPRESENTED"),
)
MANDATE_ONLY_RULES: dict[str, Rule] = {
    "mn": _text(NOTE_MAX_CHARS),
    "validitystart": _mandate_date,
    "validityend": _mandate_date,
    "amrule": _one_of("MAX", "EXACT"),
    "recur": _one_of(*RECURRENCES),
    "recurvalue": _pattern(r"[1-9]|[12][0-9]|3[01]", "a number from 1 to 31"),
    "recurtype": _one_of("BEFORE", "ON", "AFTER"),
    "rev": _YES_NO,
    "share": _YES_NO,
    "block": _YES_NO,
    "txnType": _pattern(r"[A-Z]+", "an upper-case word such as CREATE"),
}
MANDATE_RULES = PAY_RULES | MANDATE_ONLY_RULES
RULES_BY_KIND = {"pay": PAY_RULES, "mandate": MANDATE_RULES}
# Free text that some apps write with '+' for a space (HTML-form encoding); see links.py.
PLUS_IS_SPACE = frozenset({"pn", "tn", "mn"})
# NPCI's spelling of every name Hisaab checks, found case-insensitively (PayU writes ``Recur``).
NPCI_SPELLING = {name.lower(): name for name in MANDATE_RULES}
