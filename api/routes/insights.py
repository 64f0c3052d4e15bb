"""``/insights``: the person's cash flow, spend by category, recurring payments, upcoming debits,
flagged transactions (and their verdict on them) and forecasts. Handlers are thin;
`api.insights` does the work, always for the caller's ``person_ref`` alone."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from api.deps import AppDb, CurrentPerson, MartsDep
from api.insights import anomalies, cashflow, categories, forecast, recurring, upcoming
from api.insights.anomaly_schemas import AnomalyList, RecordedVerdict, VerdictRequest
from api.insights.cashflow_schemas import CategoryBreakdown, FinancialYearInsight, MonthlyInsight
from api.insights.forecast_schemas import Forecast
from api.insights.periods import (
    FY_PATTERN,
    MONTH_PATTERN,
    fy_of,
    ledger_as_of,
    ledger_span,
    month_range,
    month_start,
)
from api.insights.recurring_schemas import RecurringList, Upcoming
from api.ledger.snapshot import marts_ready

router = APIRouter(prefix="/insights", tags=["insights"], dependencies=[Depends(marts_ready)])

PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {}}}
Responses = dict[int | str, dict[str, Any]]
# Every route: a missing or ended login (401), bad input (422), nothing published yet (503).
COMMON: Responses = {
    401: {**PROBLEM, "description": "A valid access token is required"},
    422: {**PROBLEM, "description": "Invalid input"},
    503: {**PROBLEM, "description": "Nothing published yet; see Retry-After"},
}
PERIODS: Responses = COMMON | {
    404: {**PROBLEM, "description": "A period after the ledger's last day: no figures yet"}
}
NOT_FOUND: Responses = COMMON | {
    404: {**PROBLEM, "description": "Not one of the caller's flagged transactions"}
}
MonthQuery = Query(pattern=MONTH_PATTERN, description="YYYY-MM; default: the ledger's month")
TransactionId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="32 hex digits")]


@router.get("/monthly", response_model=MonthlyInsight, responses=PERIODS)
def monthly(
    person: CurrentPerson, marts: MartsDep, month: Annotated[str | None, MonthQuery] = None
) -> MonthlyInsight:
    """Income, spend, savings and spend by category group in one calendar month."""
    as_of = ledger_as_of(marts)
    chosen = month_start(month) if month else as_of.replace(day=1)
    return cashflow.monthly(marts, person.person_ref, chosen, as_of)


@router.get("/fy", response_model=FinancialYearInsight, responses=PERIODS)
def financial_year(
    person: CurrentPerson,
    marts: MartsDep,
    fy: Annotated[
        str | None,
        Query(
            pattern=FY_PATTERN,
            description="e.g. FY2025-26; default: the ledger's",
            examples=["FY2025-26"],
        ),
    ] = None,
) -> FinancialYearInsight:
    """The same over an Indian financial year (April to March), with its months."""
    as_of = ledger_as_of(marts)
    return cashflow.financial_year(marts, person.person_ref, fy or fy_of(as_of), as_of)


@router.get("/categories", response_model=CategoryBreakdown, responses=PERIODS)
def category_breakdown(
    person: CurrentPerson,
    marts: MartsDep,
    month_from: Annotated[str | None, Query(alias="from", pattern=MONTH_PATTERN)] = None,
    month_to: Annotated[str | None, Query(alias="to", pattern=MONTH_PATTERN)] = None,
) -> CategoryBreakdown:
    """Spend per category group and category over a range of months (default: the twelve up
    to the ledger's month), with each group's month-by-month trend. The range is served within
    the ledger's months: ``from_month``/``to_month`` in the answer say which were."""
    span = ledger_span(marts)
    first, last = month_range(month_from, month_to, span)
    return categories.breakdown(marts, person.person_ref, first, last, span[1])


@router.get("/recurring", response_model=RecurringList, responses=COMMON)
def recurring_payments(
    person: CurrentPerson,
    marts: MartsDep,
    active: Annotated[bool | None, Query(description="Only active (or only ended) series")] = None,
) -> RecurringList:
    """Subscriptions, EMIs, SIPs, rent, salary, premiums and bills that repeat: cadence, last
    and next expected payment, price changes and missed payments."""
    return recurring.recurring(marts, person.person_ref, active)


@router.get("/upcoming", response_model=Upcoming, responses=COMMON)
def upcoming_debits(
    person: CurrentPerson,
    marts: MartsDep,
    engine: AppDb,
    days: Annotated[int, Query(ge=1, le=90, description="Window after the ledger's day")] = 30,
) -> Upcoming:
    """Debits expected in the next ``days`` days: recurring payments and announced mandate
    debits, with the balance forecast's warning when one may fall short."""
    return upcoming.upcoming(marts, engine, person.person_ref, days)


@router.get("/anomalies", response_model=AnomalyList, responses=COMMON)
def flagged_transactions(person: CurrentPerson, marts: MartsDep, engine: AppDb) -> AnomalyList:
    """Transactions the anomaly model or the rules flagged, with why, and the latest verdict."""
    return AnomalyList(items=anomalies.flagged(marts, engine, person.person_ref))


@router.post(
    "/anomalies/{transaction_id}/feedback",
    response_model=RecordedVerdict,
    status_code=201,
    responses=NOT_FOUND,
)
def anomaly_feedback(
    transaction_id: TransactionId,
    body: VerdictRequest,
    person: CurrentPerson,
    marts: MartsDep,
    engine: AppDb,
) -> RecordedVerdict:
    """Say whether a flagged transaction was fraud or expected; the next model refresh learns
    from it."""
    return anomalies.record_feedback(marts, engine, person, transaction_id, body.verdict)


@router.get("/forecast", response_model=Forecast, responses=COMMON)
def spend_forecast(
    person: CurrentPerson,
    marts: MartsDep,
    months: Annotated[int, Query(ge=1, le=12, description="How many months ahead")] = 3,
) -> Forecast:
    """Spend per category group and the month-end balance the models project, and which model
    produced them; empty before the first model refresh."""
    return forecast.forecast(marts, person.person_ref, months)
