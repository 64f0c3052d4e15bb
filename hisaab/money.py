"""Money is integer paise; rupees with two decimals exist only at the edges (parsing, display)."""

from __future__ import annotations

import re

_RUPEES = re.compile(r"^(?P<sign>-)?(?P<whole>\d[\d,]*)(?:\.(?P<frac>\d{1,2}))?$")


def parse_rupees(text: str) -> int:
    """``"1,02,340.5"`` → ``10234050`` paise, exactly: no float ever touches the amount.

    Accepts Indian or western grouping, a ``Rs.``/``INR``/``₹`` prefix and a ``/-`` suffix.
    """
    cleaned = text.strip()
    for prefix in ("Rs.", "Rs", "INR", "₹"):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix) :].strip()
            break
    cleaned = cleaned.removesuffix("/-").strip()
    match = _RUPEES.match(cleaned)
    if not match:
        raise ValueError(f"not a rupee amount: {text!r}")
    whole = int(match["whole"].replace(",", ""))
    frac = int((match["frac"] or "0").ljust(2, "0"))
    paise = whole * 100 + frac
    return -paise if match["sign"] else paise


def group_indian(number: int) -> str:
    """``12345678`` → ``"1,23,45,678"``: the last three digits, then groups of two."""
    digits = str(abs(number))
    if len(digits) > 3:
        head, tail = digits[:-3], digits[-3:]
        pairs: list[str] = []
        while len(head) > 2:
            pairs.insert(0, head[-2:])
            head = head[:-2]
        digits = ",".join([head, *pairs, tail])
    return f"-{digits}" if number < 0 else digits


def format_inr(paise: int) -> str:
    """``1234567850`` → ``"₹1,23,45,678.50"``."""
    sign = "-" if paise < 0 else ""
    rupees, rem = divmod(abs(paise), 100)
    return f"{sign}₹{group_indian(rupees)}.{rem:02d}"


def format_inr_short(paise: int) -> str:
    """Summaries in lakh and crore: ``₹1.23 Cr``, ``₹4.56 L``; smaller amounts in full rupees."""
    rupees = abs(paise) // 100
    sign = "-" if paise < 0 else ""
    if rupees >= 1_00_00_000:
        return f"{sign}₹{rupees / 1_00_00_000:.2f} Cr"
    if rupees >= 1_00_000:
        return f"{sign}₹{rupees / 1_00_000:.2f} L"
    return f"{sign}₹{group_indian(rupees)}"
