"""The person's monthly budgets: create, read, change, remove, and how each stands."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy import Engine

from api.budgets import store
from api.budgets.schemas import Budget, BudgetPatch, BudgetStatus, NewBudget
from api.budgets.status import as_of_date, month_status
from api.deps import AppDb, CurrentPerson, MartsDep
from api.errors import ApiError, Conflict, NotFound
from api.ledger.snapshot import marts_ready
from api.principal import Person
from hisaab.serving import PublishedMarts

router = APIRouter(tags=["budgets"], dependencies=[Depends(marts_ready)])
BudgetId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
Month = Annotated[
    str | None,
    Query(pattern=r"^20\d{2}-(0[1-9]|1[0-2])$", description="YYYY-MM; default: this month"),
]
IST = ZoneInfo("Asia/Kolkata")


@router.get("/budgets", response_model=list[Budget])
def list_budgets(person: CurrentPerson, engine: AppDb) -> list[Budget]:
    return [Budget.from_row(row) for row in store.live(engine, person.person_ref)]


@router.post("/budgets", response_model=Budget, status_code=201)
def create_budget(body: NewBudget, person: CurrentPerson, engine: AppDb) -> Budget:
    starts_on = body.starts_on or datetime.now(IST).date()
    change = store.BudgetChange(body.monthly_limit_paise, body.rollover, starts_on, body.ends_on)
    try:
        row = store.create(engine, person.person_id, person.person_ref, body.category, change)
    except store.DuplicateBudget as exc:
        raise Conflict(str(exc), slug="budget-exists") from exc
    except store.BudgetError as exc:
        raise ApiError(422, "invalid-budget", "Invalid budget", str(exc)) from exc
    return Budget.from_row(row)


@router.get("/budgets/status", response_model=list[BudgetStatus])
def all_statuses(
    person: CurrentPerson, engine: AppDb, marts: MartsDep, month: Month = None
) -> list[BudgetStatus]:
    """Every live budget in the month (default: the ledger's current month) it covers."""
    as_of, chosen = _month(marts, month)
    budgets = [b for b in store.live(engine, person.person_ref) if _covers(b, chosen)]
    return [BudgetStatus.from_parts(b, month_status(marts, b, chosen, as_of)) for b in budgets]


@router.get("/budgets/{budget_id}", response_model=Budget)
def get_budget(budget_id: BudgetId, person: CurrentPerson, engine: AppDb) -> Budget:
    return Budget.from_row(_owned(engine, person, budget_id))


@router.patch("/budgets/{budget_id}", response_model=Budget)
def change_budget(
    budget_id: BudgetId, body: BudgetPatch, person: CurrentPerson, engine: AppDb
) -> Budget:
    stored = _owned(engine, person, budget_id)
    given = body.model_dump(exclude_unset=True)
    if (
        given.get("monthly_limit_paise", 0) is None
        or given.get("rollover", False) is None
        or given.get("starts_on", 1) is None
    ):
        raise ApiError(422, "invalid-budget", "Invalid budget", "only ends_on can be null")
    merged = stored | given
    change = store.BudgetChange(
        merged["monthly_limit_paise"], merged["rollover"], merged["starts_on"], merged["ends_on"]
    )
    try:
        return Budget.from_row(store.change(engine, person.person_id, stored, change))
    except store.BudgetError as exc:
        raise ApiError(422, "invalid-budget", "Invalid budget", str(exc)) from exc


@router.delete("/budgets/{budget_id}", status_code=204, response_class=Response)
def delete_budget(budget_id: BudgetId, person: CurrentPerson, engine: AppDb) -> Response:
    _owned(engine, person, budget_id)
    store.remove(engine, person.person_id, budget_id)
    return Response(status_code=204)


@router.get("/budgets/{budget_id}/status", response_model=BudgetStatus)
def budget_status(
    budget_id: BudgetId, person: CurrentPerson, engine: AppDb, marts: MartsDep, month: Month = None
) -> BudgetStatus:
    budget = _owned(engine, person, budget_id)
    as_of, chosen = _month(marts, month)
    if not _covers(budget, chosen):
        raise ApiError(
            422,
            "month-not-covered",
            "Month not covered",
            f"the budget does not cover {chosen:%Y-%m}",
        )
    return BudgetStatus.from_parts(budget, month_status(marts, budget, chosen, as_of))


def _owned(engine: Engine, person: Person, budget_id: str) -> dict[str, Any]:
    found = store.live(engine, person.person_ref, budget_id)
    if not found:  # another person's budget answers like a missing one
        raise NotFound("budget")
    return found[0]


def _month(marts: PublishedMarts, month: str | None) -> tuple[date, date]:
    """(as-of date, first of the chosen month); months after the ledger's are refused."""
    as_of = as_of_date(marts) or datetime.now(IST).date()
    chosen = date.fromisoformat(f"{month}-01") if month else as_of.replace(day=1)
    if chosen > as_of:
        raise ApiError(
            422,
            "month-not-covered",
            "Month not covered",
            f"the ledger ends on {as_of}: no figures for {chosen:%Y-%m} yet",
        )
    return as_of, chosen


def _covers(budget: dict[str, Any], month: date) -> bool:
    ends_on = budget["ends_on"]
    return bool(budget["starts_on"] <= month and (ends_on is None or month <= ends_on))
