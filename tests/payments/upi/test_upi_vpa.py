"""VPAs: one lower-case spelling, a one-line reason per refusal, PSPs from the shared table."""

from __future__ import annotations

import pytest

from payments.upi import InvalidVpa, Vpa, known_psp, parse_vpa


@pytest.mark.parametrize(
    ("text", "handle", "psp"),
    [
        ("ramesh.kumar@okhdfcbank", "ramesh.kumar", "okhdfcbank"),
        ("Q12345@YBL", "q12345", "ybl"),
        ("9876543210@paytm", "9876543210", "paytm"),
        ("swiggy.rzp@icici", "swiggy.rzp", "icici"),
        ("my_shop-01@okbizaxis", "my_shop-01", "okbizaxis"),
        ("1234567890@HDFC0001234.ifsc.npci", "1234567890", "hdfc0001234.ifsc.npci"),
    ],
)
def test_valid_addresses_are_lower_cased(text: str, handle: str, psp: str) -> None:
    vpa = parse_vpa(text)
    assert vpa == Vpa(handle=handle, psp=psp)
    assert str(vpa) == f"{handle}@{psp}"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("ramesh kumar@ybl", "whitespace"),
        ("ramesh@ybl ", "whitespace"),
        ("ramesh.ybl", "exactly one '@'"),
        ("ramesh@ok@ybl", "exactly one '@'"),
        (".ramesh@ybl", "must start with a letter or digit"),
        ("ram+esh@ybl", "must start with a letter or digit"),
        ("@ybl", "must start with a letter or digit"),
        ("ramesh@", "after '@'"),
        ("ramesh@ok.hdfc", "after '@'"),
        ("ramesh@ok-hdfc", "after '@'"),
        ("a" * 250 + "@paytm", "at most 255"),
    ],
)
def test_invalid_addresses_say_why_in_one_line(text: str, reason: str) -> None:
    with pytest.raises(InvalidVpa) as caught:
        parse_vpa(text)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("text", "psp"),
    [
        ("a@okhdfcbank", "google_pay"),
        ("a@okicici", "google_pay"),
        ("a@oksbi", "google_pay"),
        ("a@okaxis", "google_pay"),
        ("q12345@ybl", "phonepe"),
        ("a@ibl", "phonepe"),
        ("a@axl", "phonepe"),
        ("paytmqr281005050101xyz@paytm", "paytm"),
        ("a@ptyes", "paytm"),
        ("a@pthdfc", "paytm"),
        ("a@apl", "amazon_pay"),
        ("a@yapl", "amazon_pay"),
        ("a@upi", "bhim"),
        ("a@hdfcbank", "hdfc"),
        ("a@sbi", "sbi"),
        ("a@ikwik", "mobikwik"),
        ("a@slc", "slice"),
        ("a@unknownbank", None),
        ("1234567890@hdfc0001234.ifsc.npci", None),
    ],
)
def test_known_psp_uses_the_narration_table_ids(text: str, psp: str | None) -> None:
    assert known_psp(text) == psp
    assert known_psp(parse_vpa(text)) == psp


def test_the_psp_table_is_the_one_ingestion_uses() -> None:
    from ingestion.narration.psp import PSP_HANDLES

    assert all(known_psp(f"someone@{handle}") == psp for handle, psp in PSP_HANDLES.items())
