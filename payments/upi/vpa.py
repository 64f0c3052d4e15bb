"""UPI addresses (VPAs): refuse a malformed one before it reaches a link, a QR or the network.

A VPA is ``handle@psp``. Apps treat it case-insensitively, so Hisaab keeps one spelling (lower
case) and two spellings of the same address never look like two payees. Besides the usual
``…@ybl``-style PSP handles, NPCI defines ``<account>@<IFSC>.ifsc.npci`` for paying a bank
account directly; it is accepted too, so a link to an account number is not refused.

Which app or bank is behind a handle is the table ingestion already keeps for statement
narrations (`ingestion.narration.psp`): one table, so a VPA read from a link and the same VPA read
from a statement name the same PSP.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_VPA_CHARS = 255
_HANDLE = re.compile(r"[a-z0-9][a-z0-9._-]*")
_PSP = re.compile(r"[a-z0-9]+|[a-z]{4}0[a-z0-9]{6}\.ifsc\.npci")


class InvalidVpa(ValueError):
    """The text is not a UPI address; the message says why in one line."""


@dataclass(frozen=True)
class Vpa:
    handle: str
    psp: str

    def __str__(self) -> str:
        return f"{self.handle}@{self.psp}"


def parse_vpa(text: str) -> Vpa:
    """``"Q12345@YBL"`` → ``Vpa("q12345", "ybl")``; raises `InvalidVpa` with the reason."""
    if not text:
        raise InvalidVpa("a UPI address is empty")
    if any(char.isspace() for char in text):
        raise InvalidVpa(f"{text!r} contains whitespace")
    if len(text) > MAX_VPA_CHARS:
        raise InvalidVpa(f"a UPI address has at most {MAX_VPA_CHARS} characters, not {len(text)}")
    if text.count("@") != 1:
        raise InvalidVpa(f"{text!r} must contain exactly one '@' (handle@psp)")
    handle, psp = text.lower().split("@")
    if not _HANDLE.fullmatch(handle):
        raise InvalidVpa(
            f"{text!r}: the part before '@' must start with a letter or digit and hold only"
            " letters, digits, '.', '-' or '_'"
        )
    if not _PSP.fullmatch(psp):
        raise InvalidVpa(
            f"{text!r}: the part after '@' must be letters and digits (ybl, okhdfcbank)"
            " or <IFSC>.ifsc.npci"
        )
    return Vpa(handle=handle, psp=psp)


def known_psp(vpa: Vpa | str) -> str | None:
    """The app or bank behind the address (``"phonepe"`` for ``…@ybl``), or None if unknown.

    Ids are the ones statement narrations get (``google_pay``, ``phonepe``, ``hdfc``), so the
    ledger can compare them.
    """
    # Imported here, not at the top: the ``ingestion`` package loads polars and DuckDB on import
    # (about 1.6 s), which parsing or building a link should not pay for.
    from ingestion.narration.psp import PSP_HANDLES

    address = parse_vpa(vpa) if isinstance(vpa, str) else vpa
    return PSP_HANDLES.get(address.psp)
