"""``payments.signing.sign``/``verify``: HMAC over the timestamp and the exact body bytes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from payments.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, InvalidSignature, sign, verify

SECRET = b"whsec_hisaab_test_key"
SIGNED_AT = datetime(2025, 6, 16, 4, 0, tzinfo=UTC)
TS = int(SIGNED_AT.timestamp())
BODY = b'{"txn_id":"HSB0001","status":"success"}'


def test_known_answer_fixes_the_wire_format() -> None:
    """Expected value from ``printf "1750000000.{}" | openssl dgst -sha256 -hmac key``."""
    headers = sign(b"key", b"{}", 1_750_000_000)
    assert headers == {
        TIMESTAMP_HEADER: "1750000000",
        SIGNATURE_HEADER: "v1=67c133b61816af678ddc50934c116a7545a3bb8ebb1fb3f314dee69b5edbacdb",
    }


def test_a_fresh_signature_verifies() -> None:
    verify(SECRET, sign(SECRET, BODY, TS), BODY, SIGNED_AT + timedelta(seconds=30))


def test_header_names_are_case_insensitive() -> None:
    headers = {name.lower(): value for name, value in sign(SECRET, BODY, TS).items()}
    verify(SECRET, headers, BODY, SIGNED_AT)


@pytest.mark.parametrize(
    ("body", "secret"),
    [(BODY.replace(b"success", b"failed!"), SECRET), (BODY + b" ", SECRET), (BODY, b"other")],
    ids=["tampered", "one-byte-added", "wrong-secret"],
)
def test_any_change_breaks_the_signature(body: bytes, secret: bytes) -> None:
    with pytest.raises(InvalidSignature, match="does not match"):
        verify(secret, sign(SECRET, BODY, TS), body, SIGNED_AT)


def test_a_moved_timestamp_breaks_the_signature() -> None:
    headers = {**sign(SECRET, BODY, TS), TIMESTAMP_HEADER: str(TS + 1)}
    with pytest.raises(InvalidSignature, match="does not match"):
        verify(SECRET, headers, BODY, SIGNED_AT)


@pytest.mark.parametrize(
    ("offset_s", "reason"), [(301, "too old"), (-301, "in the future")], ids=["old", "future"]
)
def test_timestamps_outside_the_window_are_refused(offset_s: int, reason: str) -> None:
    with pytest.raises(InvalidSignature, match=reason):
        verify(SECRET, sign(SECRET, BODY, TS), BODY, SIGNED_AT + timedelta(seconds=offset_s))


def test_the_window_edge_is_inclusive_and_any_timezone_works() -> None:
    ist = timezone(timedelta(hours=5, minutes=30))
    verify(
        SECRET, sign(SECRET, BODY, TS), BODY, (SIGNED_AT + timedelta(seconds=300)).astimezone(ist)
    )


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({SIGNATURE_HEADER: "v1=" + "0" * 64}, f"missing header {TIMESTAMP_HEADER}"),
        ({TIMESTAMP_HEADER: str(TS)}, f"missing header {SIGNATURE_HEADER}"),
        ({TIMESTAMP_HEADER: "soon", SIGNATURE_HEADER: "v1=" + "0" * 64}, "malformed"),
        ({TIMESTAMP_HEADER: "-5", SIGNATURE_HEADER: "v1=" + "0" * 64}, "malformed"),
        ({TIMESTAMP_HEADER: str(TS), SIGNATURE_HEADER: "deadbeef"}, "scheme=value"),
        ({TIMESTAMP_HEADER: str(TS), SIGNATURE_HEADER: "v1=abc"}, "hex digest"),
        ({TIMESTAMP_HEADER: str(TS), SIGNATURE_HEADER: "v1=" + "z" * 64}, "hex digest"),
        ({TIMESTAMP_HEADER: str(TS), SIGNATURE_HEADER: "v0=" + "0" * 64}, "no v1="),
    ],
)
def test_missing_or_malformed_headers_say_why(headers: dict[str, str], reason: str) -> None:
    with pytest.raises(InvalidSignature, match=reason):
        verify(SECRET, headers, BODY, SIGNED_AT)


def test_rotation_accepts_any_listed_secret_or_signature() -> None:
    old, new = b"old-secret", b"new-secret"
    verify([new, old], sign(old, BODY, TS), BODY, SIGNED_AT)
    both = f"{sign(new, BODY, TS)[SIGNATURE_HEADER]}, {sign(old, BODY, TS)[SIGNATURE_HEADER]}"
    verify(old, {TIMESTAMP_HEADER: str(TS), SIGNATURE_HEADER: both}, BODY, SIGNED_AT)
    with pytest.raises(InvalidSignature):
        verify([b"retired"], sign(old, BODY, TS), BODY, SIGNED_AT)


def test_unusable_arguments_are_programming_errors() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        verify(SECRET, sign(SECRET, BODY, TS), BODY, SIGNED_AT.replace(tzinfo=None))
    with pytest.raises(ValueError, match="non-empty"):
        sign(b"", BODY, TS)
    with pytest.raises(ValueError, match="no secrets"):
        verify([], sign(SECRET, BODY, TS), BODY, SIGNED_AT)
