"""How much one UPI payment may move, by what it pays for: refuse before the network does.

An app that sends ₹1,50,000 for a general payment only learns from a decline that UPI caps it at
₹1,00,000; checking here lets Hisaab say so in words before anything is sent. The caps are data,
in integer paise, because NPCI changes them by circular.
"""

from __future__ import annotations

from enum import StrEnum

from hisaab.money import format_inr


class PaymentCategory(StrEnum):
    """What a payment is for, as far as UPI's per-transaction caps tell categories apart."""

    GENERAL = "general"
    TAX = "tax"
    MEDICAL = "medical"  # hospitals and medical treatment
    EDUCATION = "education"
    RBI_RETAIL_DIRECT = "rbi_retail_direct"
    IPO = "ipo"
    CAPITAL_MARKETS = "capital_markets"
    INSURANCE = "insurance"
    COLLECTIONS = "collections"  # loan EMIs and other collections
    TRAVEL = "travel"


_ONE_LAKH_PAISE = 1_00_000 * 100

# Per-transaction caps as NPCI circulars set them (₹1 lakh by default, higher for the categories
# below). They are configuration, not law: NPCI revises them, and banks and apps may set lower
# caps of their own. Change a figure here when a circular changes it.
UPI_LIMITS_PAISE: dict[PaymentCategory, int] = {
    PaymentCategory.GENERAL: 1 * _ONE_LAKH_PAISE,
    PaymentCategory.TAX: 5 * _ONE_LAKH_PAISE,
    PaymentCategory.MEDICAL: 5 * _ONE_LAKH_PAISE,
    PaymentCategory.EDUCATION: 5 * _ONE_LAKH_PAISE,
    PaymentCategory.RBI_RETAIL_DIRECT: 5 * _ONE_LAKH_PAISE,
    PaymentCategory.IPO: 5 * _ONE_LAKH_PAISE,
    PaymentCategory.CAPITAL_MARKETS: 2 * _ONE_LAKH_PAISE,
    PaymentCategory.INSURANCE: 2 * _ONE_LAKH_PAISE,
    PaymentCategory.COLLECTIONS: 2 * _ONE_LAKH_PAISE,
    PaymentCategory.TRAVEL: 2 * _ONE_LAKH_PAISE,
}


class AmountOutOfRange(ValueError):
    """The amount cannot go in one UPI payment of that category; the message says why."""


def limit_paise(category: PaymentCategory) -> int:
    """The most one UPI payment of this category may move, in paise."""
    return UPI_LIMITS_PAISE[category]


def check_amount(amount_paise: int, category: PaymentCategory = PaymentCategory.GENERAL) -> None:
    """Raise `AmountOutOfRange` unless ``0 < amount_paise <= limit_paise(category)``."""
    if amount_paise <= 0:
        raise AmountOutOfRange(
            f"a UPI payment must be more than zero, not {format_inr(amount_paise)}"
        )
    limit = limit_paise(category)
    if amount_paise > limit:
        raise AmountOutOfRange(
            f"{format_inr(amount_paise)} is above the UPI limit of {format_inr(limit)}"
            f" per {category.value.replace('_', ' ')} payment"
        )
