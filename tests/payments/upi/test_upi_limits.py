"""UPI per-transaction limits: data in paise, refusals in rupees with Indian digit grouping."""

from __future__ import annotations

import pytest

from payments.upi import AmountOutOfRange, PaymentCategory, check_amount, limit_paise
from payments.upi.limits import UPI_LIMITS_PAISE

LAKH_PAISE = 1_00_000 * 100


@pytest.mark.parametrize(
    ("category", "lakhs"),
    [
        (PaymentCategory.GENERAL, 1),
        (PaymentCategory.TAX, 5),
        (PaymentCategory.MEDICAL, 5),
        (PaymentCategory.EDUCATION, 5),
        (PaymentCategory.RBI_RETAIL_DIRECT, 5),
        (PaymentCategory.IPO, 5),
        (PaymentCategory.CAPITAL_MARKETS, 2),
        (PaymentCategory.INSURANCE, 2),
        (PaymentCategory.COLLECTIONS, 2),
        (PaymentCategory.TRAVEL, 2),
    ],
)
def test_limits_per_category(category: PaymentCategory, lakhs: int) -> None:
    assert limit_paise(category) == lakhs * LAKH_PAISE
    check_amount(lakhs * LAKH_PAISE, category)  # the limit itself is allowed
    with pytest.raises(AmountOutOfRange):
        check_amount(lakhs * LAKH_PAISE + 1, category)


def test_every_category_has_a_limit_in_integer_paise() -> None:
    assert set(UPI_LIMITS_PAISE) == set(PaymentCategory)
    assert all(isinstance(limit, int) and limit > 0 for limit in UPI_LIMITS_PAISE.values())


def test_general_is_the_default_category() -> None:
    check_amount(1)
    with pytest.raises(AmountOutOfRange):
        check_amount(LAKH_PAISE + 1)


def test_over_the_limit_reads_in_indian_grouping() -> None:
    with pytest.raises(AmountOutOfRange) as caught:
        check_amount(1_50_000_00, PaymentCategory.GENERAL)
    assert str(caught.value) == (
        "₹1,50,000.00 is above the UPI limit of ₹1,00,000.00 per general payment"
    )
    with pytest.raises(AmountOutOfRange, match=r"₹2,00,000\.00 per capital markets payment"):
        check_amount(2_50_000_00, PaymentCategory.CAPITAL_MARKETS)


@pytest.mark.parametrize("amount_paise", [0, -1, -1_00_00])
def test_zero_and_negative_amounts_are_refused(amount_paise: int) -> None:
    with pytest.raises(AmountOutOfRange, match="more than zero"):
        check_amount(amount_paise, PaymentCategory.TAX)
