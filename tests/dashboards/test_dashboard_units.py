"""Pure pieces: periods, SQL conditions, masking and the festive calendar."""

from __future__ import annotations

from datetime import date

import polars as pl

from dashboards.data.festivals import festive_days
from dashboards.filters import Condition, Filters, bank_condition, people_condition
from dashboards.privacy import mask_identifiers, masked


def test_periods_are_half_open_date_ranges() -> None:
    assert Filters(period_kind="month", period="2025-12").bounds() == (
        date(2025, 12, 1),
        date(2026, 1, 1),
    )
    assert Filters(period_kind="fy", period="FY2025-26").bounds() == (
        date(2025, 4, 1),
        date(2026, 4, 1),
    )
    assert Filters(period_kind="month", period=None).bounds() is None
    assert Filters().bounds() is None


def test_conditions_combine_and_bind_each_value() -> None:
    both = Condition("a = :a", {"a": 1}) & Condition() & Condition("b = :b", {"b": 2})
    assert both == Condition("(a = :a) and (b = :b)", {"a": 1, "b": 2})
    banks = bank_condition(Filters(banks=("sbi", "hdfc")), "account_id", via="account")
    assert banks.params == {"bank_0": "sbi", "bank_1": "hdfc"}
    assert banks.sql.startswith("account_id in (select account_id from marts.dim_accounts")


def test_without_dim_people_only_unknown_matches() -> None:
    assert (
        people_condition(Filters(city_tiers=("unknown",)), "p", has_dim_people=False).sql == "true"
    )
    assert people_condition(Filters(city_tiers=("1",)), "p", has_dim_people=False).sql == "false"
    known = people_condition(Filters(age_bands=("25-34",)), "p", has_dim_people=True)
    assert known.sql.startswith("p in (") and known.params == {"age_0": "25-34"}


def test_identifiers_are_masked_in_free_text() -> None:
    text = "₹500.00 to ravi.k@okaxis from A/c 50100234567890, call +91 98765 43210"
    assert mask_identifiers(text) == "₹500.00 to [VPA] from A/c [number], call [number]"
    assert (
        mask_identifiers("₹1,23,456.00 paid to SWIGGY on 8 Nov")
        == "₹1,23,456.00 paid to SWIGGY on 8 Nov"
    )
    frame = pl.DataFrame({"reason": ["sent to x@ybl"], "vpa": ["x@ybl"], "amount_paise": [1]})
    assert masked(frame, "reason").to_dicts() == [{"reason": "sent to [VPA]", "amount_paise": 1}]


def test_festive_seasons_cover_navratri_to_bhai_dooj() -> None:
    days = festive_days()
    assert date(2025, 9, 22) in days and date(2025, 10, 23) in days  # Navratri, Bhai Dooj 2025
    assert date(2025, 12, 25) not in days and date(2026, 3, 3) in days  # Holi 2026 is 4 March
