"""Debits a person can expect in the next days: recurring payments and announced mandate debits.

The window starts the day after the ledger's latest business date, the day the rest of the
insights (and the balance forecast) are computed for. The schedule is the balance forecast's
own (`models_ml.forecast.schedule`): a series repeats at its cadence from its expected date, a
late one is expected the next day, and a recurring debit of the same amount within a few days
of an announced mandate debit is that debit, listed once. When the model refresh projected the
balance for the same day, each debit it knew carries the balance expected the evening before
and whether it falls short. Own-account transfers are not debits a person pays out.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl
from sqlalchemy import Engine

from api.insights import mandates
from api.insights.periods import ledger_as_of, read
from api.insights.recurring import kind_of
from api.insights.recurring_schemas import Upcoming, UpcomingDebit
from api.ledger.lineage import mask_account_numbers
from hisaab.serving import PublishedMarts
from models_ml.forecast.schedule import known_flows, recurring_flows

_SERIES_SQL = """
select person_ref, series_id, payee_name, category, category_id, direction, cadence,
    coalesce(median_interval_days, case cadence when 'weekly' then 7 when 'monthly' then 30.5
        when 'quarterly' then 91.3 else 365.25 end) as median_interval_days,
    expected_next_on, coalesce(expected_next_amount_paise, typical_amount_paise)
        as expected_next_amount_paise
from marts.fct_recurring
where person_ref = :person_ref and is_active and direction = 'debit'
    and coalesce(category, '') <> 'transfers'
"""
_MODEL_SQL = """
select debit_id, due_on, projected_balance_before_paise, is_shortfall, model_version
from ml.upcoming_debits
where person_ref = :person_ref and as_of_date = :as_of
"""


def upcoming(marts: PublishedMarts, engine: Engine, person_ref: str, days: int) -> Upcoming:
    as_of = ledger_as_of(marts)
    until = as_of + timedelta(days=days)
    series = {row["series_id"]: row for row in _series(marts, person_ref)}
    notices = mandates.announced(engine, person_ref, as_of, until)
    known = known_flows(
        recurring_flows(_schedule(list(series.values())), as_of, until),
        mandates.as_known_flows(person_ref, notices),
    )
    model = _model_rows(marts, person_ref, as_of)
    items = [
        _item(row, series.get(row["debit_id"]), notices.get(row["debit_id"]), model, as_of)
        for row in known.iter_rows(named=True)
    ]
    return Upcoming.model_validate(
        {
            "as_of_date": as_of,
            "until": until,
            "days": days,
            "total_paise": sum(item.amount_paise for item in items),
            "items": items,
            "active_mandates": mandates.active(engine, person_ref, as_of, notices),
            "balance_model_version": _model_version(model),
        }
    )


def _series(marts: PublishedMarts, person_ref: str) -> list[dict[str, Any]]:
    return read(marts, "marts.fct_recurring", _SERIES_SQL, {"person_ref": person_ref})


def _schedule(rows: list[dict[str, Any]]) -> pl.DataFrame:
    schema = {
        "person_ref": pl.String, "series_id": pl.String, "payee_name": pl.String,
        "category": pl.String, "direction": pl.String, "cadence": pl.String,
        "median_interval_days": pl.Float64, "expected_next_on": pl.Date,
        "expected_next_amount_paise": pl.Int64,
    }  # fmt: skip
    return pl.DataFrame([{name: row[name] for name in schema} for row in rows], schema=schema)


def _model_rows(
    marts: PublishedMarts, person_ref: str, as_of: date
) -> dict[tuple[str, date], dict[str, Any]]:
    """The balance model's view of each debit, when it was computed for the same day."""
    rows = read(marts, "ml.upcoming_debits", _MODEL_SQL, {"person_ref": person_ref, "as_of": as_of})
    return {(row["debit_id"], row["due_on"]): row for row in rows}


def _item(
    row: dict[str, Any],
    series: dict[str, Any] | None,
    notice: dict[str, Any] | None,
    model: dict[tuple[str, date], dict[str, Any]],
    as_of: date,
) -> UpcomingDebit:
    predicted = model.get((row["debit_id"], row["due_on"]), {})
    payee = row["payee_name"]
    return UpcomingDebit.model_validate(
        {
            **{name: row[name] for name in ("debit_id", "source", "category", "due_on")},
            "amount_paise": row["amount_paise"],
            "series_id": series["series_id"] if series else None,
            "mandate_id": notice["mandate_id"] if notice else None,
            "kind": kind_of(series["category_id"]) if series else None,
            "payee_name": None if payee is None else mask_account_numbers(str(payee)),
            # The schedule moves a late payment to the day after the as-of date.
            "is_overdue": bool(series and series["expected_next_on"] <= as_of)
            and row["due_on"] == as_of + timedelta(days=1),
            "projected_balance_before_paise": predicted.get("projected_balance_before_paise"),
            "is_shortfall": predicted.get("is_shortfall"),
        }
    )


def _model_version(model: dict[tuple[str, date], dict[str, Any]]) -> str | None:
    versions = sorted({str(row["model_version"]) for row in model.values()})
    return versions[-1] if versions else None
