"""Building blocks the raw and ledger suites share."""

from __future__ import annotations

from datetime import datetime

from orchestration.defs.quality.suites import expectations as gxe

WARNING = gxe.FailureSeverity.WARNING
DIRECTIONS = ["debit", "credit"]
# A datetime, not a date: pandas compares its datetime64 columns with datetimes only.
EARLIEST_PLAUSIBLE_DATE = datetime(2000, 1, 1)
# Filled in at run time (see parameters.py): tomorrow in India, and the span of the raw data.
LATEST_PLAUSIBLE_DATE = {"$PARAMETER": "latest_plausible_date"}
DATA_FIRST_DATE = {"$PARAMETER": "data_first_date"}
DATA_LAST_DATE = {"$PARAMETER": "data_last_date"}


def key(column: str) -> list[gxe.Expectation]:
    """A table's key: present on every row and never repeated."""
    return [
        gxe.ExpectColumnValuesToNotBeNull(column=column),
        gxe.ExpectColumnValuesToBeUnique(column=column),
    ]


def not_null(*columns: str) -> list[gxe.Expectation]:
    return [gxe.ExpectColumnValuesToNotBeNull(column=column) for column in columns]


def positive(column: str, row_condition: gxe.ComparisonCondition | None = None) -> gxe.Expectation:
    """Amounts are positive paise; the sign lives in ``direction``."""
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=0, strict_min=True, row_condition=row_condition
    )


def not_negative(*columns: str) -> list[gxe.Expectation]:
    return [gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0) for column in columns]


def plausible_date(column: str) -> gxe.Expectation:
    """Not before 2000 (a misread year) and not after tomorrow in India (a future-dated row)."""
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=EARLIEST_PLAUSIBLE_DATE, max_value=LATEST_PLAUSIBLE_DATE
    )


def within_data_range(column: str) -> gxe.Expectation:
    """A ledger date lies within the dates the raw sources reported (a day either side)."""
    return gxe.ExpectColumnValuesToBeBetween(
        column=column, min_value=DATA_FIRST_DATE, max_value=DATA_LAST_DATE
    )
