"""NPCI response codes as data: readable descriptions and a cautious retry answer."""

from __future__ import annotations

import pytest

from payments.gateway.codes import CODES, SUCCESS, Party, describe, is_retryable, lookup


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("00", "approved"),
        ("U30", "debit has been failed"),
        ("ZM", "MPIN"),
        ("Z9", "insufficient funds"),
        ("U16", "risk threshold"),
        ("ZA", "declined by customer"),
        ("Z8", "per transaction limit"),
        ("U69", "collect request expired"),
        ("U28", "PSP is not available"),
    ],
)
def test_descriptions_read_like_npci(code: str, words: str) -> None:
    assert describe(code).startswith(f"{code}: ") and words in describe(code)


def test_unknown_codes_are_named_not_guessed() -> None:
    assert describe("Q9") == "unknown code Q9"
    assert lookup("Q9") is None and not is_retryable("Q9")


def test_lookup_forgives_case_and_spaces() -> None:
    assert lookup(" zm ") is CODES["ZM"]


def test_retry_helps_only_when_nobody_has_to_act() -> None:
    assert [code for code in ("U30", "U28", "BT", "U91", "U08") if not is_retryable(code)] == []
    assert [
        code for code in ("Z9", "ZM", "U16", "ZA", "U69", "ZH", "U01") if is_retryable(code)
    ] == []
    assert CODES["Z9"].party is Party.PAYER and CODES["ZH"].party is Party.REQUESTER


def test_the_table_is_consistent() -> None:
    assert CODES[SUCCESS].name == "SUCCESS"
    for code, entry in CODES.items():
        assert code == entry.code and entry.description and entry.name.isupper()
        assert not (entry.retryable and entry.party in (Party.PAYER, Party.REQUESTER)), code
