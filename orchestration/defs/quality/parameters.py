"""Values the suites leave as ``{"$PARAMETER": ...}``, computed when a check runs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb
import psycopg

from hisaab.settings import WarehouseLocation
from orchestration.defs.quality.read import WarehouseBusy, query_rows

INDIA = ZoneInfo("Asia/Kolkata")

# Business dates of every raw source; AA and SMS times are UTC, so a day of slack either side.
_DATA_RANGE_SQL = """
select min(first_date), max(last_date) from (
    select min(txn_date) as first_date, max(txn_date) as last_date from raw.statement_lines
    union all
    select min(cast(received_at as date)), max(cast(received_at as date)) from raw.sms_messages
    union all
    select min(cast(transaction_at as date)), max(cast(transaction_at as date))
    from raw.aa_transactions
) as spans
"""


def suite_parameters(location: WarehouseLocation, *, needs_data_range: bool) -> dict[str, object]:
    today = datetime.now(INDIA).replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    tomorrow = today + timedelta(days=1)
    parameters: dict[str, object] = {"latest_plausible_date": tomorrow}
    if needs_data_range:
        first, last = _data_range(location)
        parameters["data_first_date"] = first - timedelta(days=1) if first else tomorrow
        parameters["data_last_date"] = last + timedelta(days=1) if last else tomorrow
    return parameters


def _data_range(location: WarehouseLocation) -> tuple[datetime | None, datetime | None]:
    try:
        first, last = query_rows(location, _DATA_RANGE_SQL)[0]
    except (duckdb.Error, psycopg.Error, WarehouseBusy):  # no raw data: every date is out of range
        return None, None
    return _as_datetime(first), _as_datetime(last)


def _as_datetime(value: object) -> datetime | None:
    """Parameters are datetimes: pandas compares its datetime64 columns with nothing else."""
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None
