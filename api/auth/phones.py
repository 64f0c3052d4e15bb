"""Indian mobile numbers: one canonical form (+91XXXXXXXXXX) for storage, lookup and SMS.

People type ``90000 00001``, ``090000-00001``, ``+91 90000 00001`` or ``919000000001`` for the
same phone; the blind index only matches if all of them normalise alike. Indian mobile numbers
have ten digits and start with 6, 7, 8 or 9 (TRAI's numbering plan).
"""

from __future__ import annotations

import re

PHONE_PURPOSE = "phone"
_SEPARATORS = re.compile(r"[\s().-]")
_MOBILE = re.compile(r"^[6-9]\d{9}$")


class InvalidPhone(ValueError):
    """Not an Indian mobile number."""


def normalise_phone(text: str) -> str:
    """``"+91 90000 00001"`` → ``"+919000000001"``; ``InvalidPhone`` otherwise."""
    digits = _SEPARATORS.sub("", text.strip())
    if digits.startswith("+91"):
        digits = digits[3:]
    elif len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    if not _MOBILE.match(digits):
        raise InvalidPhone("an Indian mobile number has 10 digits starting with 6-9")
    return "+91" + digits


def mask_phone(phone: str) -> str:
    """``+919000000001`` → ``+91 ••••• ••001`` (what the app shows back to its owner)."""
    return f"+91 ••••• ••{phone[-3:]}"
