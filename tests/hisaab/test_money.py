import pytest

from hisaab.money import format_inr, format_inr_short, group_indian, parse_rupees


@pytest.mark.parametrize(
    ("text", "paise"),
    [
        ("1,02,340.50", 10234050),
        ("Rs.245", 24500),
        ("Rs 1,000/-", 100000),
        ("INR 0.5", 50),
        ("₹12,34,567.89", 123456789),
        ("1234.05", 123405),
        ("-20.00", -2000),
    ],
)
def test_parse_rupees_is_exact(text: str, paise: int) -> None:
    assert parse_rupees(text) == paise


@pytest.mark.parametrize("text", ["", "Rs.", "12.345", "1.2.3", "abc", "12,34.5x"])
def test_parse_rupees_rejects_garbage(text: str) -> None:
    with pytest.raises(ValueError, match="not a rupee amount"):
        parse_rupees(text)


@pytest.mark.parametrize(
    ("number", "grouped"),
    [(0, "0"), (999, "999"), (1000, "1,000"), (100000, "1,00,000"), (12345678, "1,23,45,678")],
)
def test_indian_grouping(number: int, grouped: str) -> None:
    assert group_indian(number) == grouped


def test_format_inr() -> None:
    assert format_inr(1234567850) == "₹1,23,45,678.50"
    assert format_inr(5) == "₹0.05"
    assert format_inr(-24500) == "-₹245.00"


def test_format_inr_short_uses_lakh_and_crore() -> None:
    assert format_inr_short(1_50_00_000 * 100) == "₹1.50 Cr"
    assert format_inr_short(4_56_000 * 100) == "₹4.56 L"
    assert format_inr_short(99_999 * 100) == "₹99,999"
