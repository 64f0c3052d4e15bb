"""NPCI UPI response and decline codes, as data: what each means and whether retrying may help.

The switch and the banks return a short code (``Z9``, ``U30``…) on every outcome. We keep the
ones a payments product meets in practice, so that logs, support screens and retry decisions
read the same table. Descriptions follow NPCI's "UPI Error and Response Codes" wording as
republished by PSPs (HDFC SmartGateway, Juspay, M2P, Cashfree). ``BT``, ``U28``, ``U91`` and
``ZD`` were not found in those public tables; their wording here is the commonly used one.

``retryable`` answers one question: may sending the *same* payment again later succeed without
anybody fixing anything first? Bank and network hiccups: yes. A wrong PIN, missing funds or a
closed account: no, a person has to act (``party`` says who).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Party(StrEnum):
    """Who has to act before the same payment can succeed."""

    NOBODY = "nobody"  # success, or a pending state that resolves by itself
    PAYER = "payer"
    PAYEE = "payee"
    BANK = "bank"  # a bank, PSP or the switch: usually transient
    REQUESTER = "requester"  # we sent something wrong


@dataclass(frozen=True)
class ResponseCode:
    code: str
    name: str
    description: str
    retryable: bool
    party: Party


SUCCESS = "00"

_TABLE = (
    ResponseCode("00", "SUCCESS", "approved or completed successfully", False, Party.NOBODY),
    ResponseCode("01", "PENDING", "transaction is pending", False, Party.NOBODY),
    ResponseCode("U01", "DUPLICATE_REQUEST", "the request is duplicate", False, Party.REQUESTER),
    ResponseCode("U02", "AMOUNT_CAP_EXCEEDED", "amount cap is exceeded", False, Party.PAYER),
    ResponseCode("U07", "VALIDATION_ERROR", "validation error", False, Party.REQUESTER),
    ResponseCode("U08", "SYSTEM_EXCEPTION", "system exception", True, Party.BANK),
    ResponseCode("U16", "RISK_THRESHOLD_EXCEEDED", "risk threshold exceeded", False, Party.PAYER),
    ResponseCode("U28", "PSP_NOT_AVAILABLE", "PSP is not available", True, Party.BANK),
    ResponseCode("U30", "DEBIT_FAILED", "debit has been failed", True, Party.BANK),
    ResponseCode("U69", "COLLECT_EXPIRED", "collect request expired", False, Party.PAYER),
    ResponseCode(
        "U91",
        "BENEFICIARY_TIMEOUT",
        "beneficiary bank deemed high response time check decline (timeout)",
        True,
        Party.BANK,
    ),
    ResponseCode("BT", "TIMEOUT", "acquirer/beneficiary unavailable (timeout)", True, Party.BANK),
    ResponseCode(
        "ZA", "DECLINED_BY_CUSTOMER", "transaction declined by customer", False, Party.PAYER
    ),
    ResponseCode("ZD", "VALIDATION_ERROR", "validation error", False, Party.REQUESTER),
    ResponseCode("ZH", "INVALID_VPA", "invalid virtual address", False, Party.REQUESTER),
    ResponseCode("ZM", "INVALID_MPIN", "invalid / incorrect MPIN (UPI PIN)", False, Party.PAYER),
    ResponseCode("Z6", "PIN_TRIES_EXCEEDED", "number of PIN tries exceeded", False, Party.PAYER),
    ResponseCode(
        "Z7",
        "FREQUENCY_LIMIT_EXCEEDED",
        "transaction frequency limit exceeded as set by remitting member",
        False,
        Party.PAYER,
    ),
    ResponseCode(
        "Z8",
        "PER_TXN_LIMIT_EXCEEDED",
        "per transaction limit exceeded as set by remitting member",
        False,
        Party.PAYER,
    ),
    ResponseCode(
        "Z9",
        "INSUFFICIENT_FUNDS",
        "insufficient funds in customer (remitter) account",
        False,
        Party.PAYER,
    ),
    ResponseCode(
        "XB",
        "INVALID_TXN_REMITTER",
        "invalid transaction, or no appropriate response code found (remitter)",
        False,
        Party.PAYER,
    ),
    ResponseCode(
        "XH", "ACCOUNT_NOT_FOUND", "account does not exist (remitter)", False, Party.PAYER
    ),
    ResponseCode(
        "XI", "BENEFICIARY_NOT_FOUND", "account does not exist (beneficiary)", False, Party.PAYEE
    ),
    ResponseCode("YE", "REMITTER_BLOCKED", "remitting account blocked/frozen", False, Party.PAYER),
    ResponseCode(
        "YF", "BENEFICIARY_BLOCKED", "beneficiary account blocked/frozen", False, Party.PAYEE
    ),
    ResponseCode(
        "ZX", "REMITTER_DORMANT", "inactive or dormant account (remitter)", False, Party.PAYER
    ),
)

CODES: Mapping[str, ResponseCode] = {entry.code: entry for entry in _TABLE}


def lookup(code: str) -> ResponseCode | None:
    """The table entry, or None for a code we have not modelled (gateways add codes)."""
    return CODES.get(code.strip().upper())


def describe(code: str) -> str:
    """A readable line for logs and support screens: ``"Z9: insufficient funds in …"``."""
    entry = lookup(code)
    return f"{entry.code}: {entry.description}" if entry else f"unknown code {code}"


def is_retryable(code: str) -> bool:
    """Unknown codes are not retryable: resending money on a guess is the costlier mistake."""
    entry = lookup(code)
    return entry.retryable if entry else False
