"""Rupee text → exact paise, vectorized; agrees with the scalar `hisaab.money.parse_rupees`."""

from __future__ import annotations

import polars as pl
import pytest

from hisaab.money import parse_rupees
from ingestion.amounts import paise, parse_date, parse_utc_timestamp


def _paise(values: list[str | None], *, signed: bool = False) -> list[int | None]:
    return (
        pl.DataFrame({"v": values}).select(paise(pl.col("v"), signed=signed)).to_series().to_list()
    )


@pytest.mark.parametrize(
    "text", ["1234.50", "1,02,340.5", "0.05", "7", "99,99,99,99,999.99", " 245.00 ", "1534.5"]
)
def test_paise_matches_scalar_parser(text: str) -> None:
    assert _paise([text]) == [parse_rupees(text)]


def test_unreadable_amounts_are_null() -> None:
    assert _paise(["12a.00", "1e3", "12.", ".5", "15O00.00", "", None, "1.234"]) == [None] * 8


def test_sign_only_when_signed() -> None:
    assert _paise(["-100.25"]) == [None]
    assert _paise(["-100.25"], signed=True) == [-10025]


def test_no_float_rounding_on_large_amounts() -> None:
    assert _paise(["9007199254740.99"]) == [900719925474099]


def test_dates_try_formats_in_order_and_reject_impossible_dates() -> None:
    frame = pl.DataFrame({"d": ["01/04/25", "01/04/2025", "31/04/25", "x"]})
    parsed = frame.select(parse_date(pl.col("d"), ["%d/%m/%y", "%d/%m/%Y"])).to_series()
    assert [str(d) if d else None for d in parsed] == ["2025-04-01", "2025-04-01", None, None]


def test_timestamps_become_naive_utc_and_need_an_offset() -> None:
    frame = pl.DataFrame(
        {"t": ["2025-04-01T14:03:11+05:30", "2025-04-01T08:33:11Z", "2025-04-01T14:03:11"]}
    )
    parsed = frame.select(parse_utc_timestamp(pl.col("t"))).to_series().to_list()
    assert [str(t) if t else None for t in parsed] == [
        "2025-04-01 08:33:11",
        "2025-04-01 08:33:11",
        None,
    ]
