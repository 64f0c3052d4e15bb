"""``hisaab budget``, ``hisaab recategorize``, ``hisaab app enrol`` and ``hisaab serve api``.

The first two write the warehouse's ``raw.app_*`` tables (see `hisaab.app_data`); the next
``hisaab pipeline run`` builds budgets' status and the corrected ledger from them. ``app enrol``
gives each generated person an account in the app database, so the demo can sign in.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from hisaab.app_data import (
    AppDataError,
    budgets,
    correct_category,
    remove_budget,
    set_budget,
)
from hisaab.money import format_inr, parse_rupees
from hisaab.settings import get_settings

budget_app = typer.Typer(help="Monthly budgets per category or group.", no_args_is_help=True)

Person = Annotated[str, typer.Option("--person", help="The person's id (P000001).")]
Category = Annotated[
    str,
    typer.Option(
        "--category", help="A category (food_dining:delivery) or a whole group (food_dining)."
    ),
]


@budget_app.command("set")
def budget_set(
    person: Person,
    category: Category,
    limit: Annotated[
        str, typer.Option("--limit", help="Monthly limit in rupees (5000, 5,000.50).")
    ],
    rollover: Annotated[
        bool, typer.Option("--rollover", help="Carry what is left (or overspent) to next month.")
    ] = False,
    starts: Annotated[
        str | None, typer.Option("--from", help="First month, YYYY-MM (default: this month).")
    ] = None,
    ends: Annotated[str | None, typer.Option("--until", help="Last month, YYYY-MM.")] = None,
) -> None:
    """Create or change a monthly budget."""
    try:
        paise = parse_rupees(limit)
        first = _month(starts) if starts else date.today().replace(day=1)
        last = _month_end(ends) if ends else None
        set_budget(
            get_settings().warehouse,
            person,
            category,
            paise,
            rollover=rollover,
            starts_on=first,
            ends_on=last,
        )
    except (AppDataError, ValueError) as error:
        _fail(error)
    typer.echo(f"Budget for {person}: {category} at {format_inr(paise)} a month from {first}.")


@budget_app.command("remove")
def budget_remove(person: Person, category: Category) -> None:
    """Remove a budget."""
    if not remove_budget(get_settings().warehouse, person, category):
        _fail(AppDataError(f"{person} has no budget for {category}"))
    typer.echo(f"Removed {person}'s budget for {category}.")


@budget_app.command("list")
def budget_list(
    person: Annotated[str | None, typer.Option("--person", help="Only this person.")] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List live budgets."""
    rows = budgets(get_settings().warehouse, person)
    if json_output:
        typer.echo(json.dumps(rows, default=str))
        return
    for row in rows:
        limit = format_inr(int(str(row["monthly_limit_paise"])))
        carry = " (rollover)" if row["rollover"] else ""
        typer.echo(f"{row['person_ref']}  {row['category']:<28} {limit:>14} a month{carry}")
    if not rows:
        typer.echo("No budgets yet: hisaab budget set --person P000001 --category food_dining ...")


def recategorize(
    transaction_id: Annotated[str, typer.Argument(help="transaction_id from marts.fct_ledger.")],
    category: Annotated[str, typer.Argument(help="The right category (food_dining:delivery).")],
) -> None:
    """Correct a transaction's category; it also becomes the person's rule for that merchant."""
    try:
        person = correct_category(get_settings().warehouse, transaction_id, category)
    except AppDataError as error:
        _fail(error)
    typer.echo(
        f"Recorded {category} for {person}'s transaction {transaction_id};"
        " `hisaab pipeline run` applies it."
    )


def _month(text: str) -> date:
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except ValueError:
        raise AppDataError(f"{text!r} is not a month (YYYY-MM)") from None


def _month_end(text: str) -> date:
    first = _month(text)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _fail(error: Exception) -> None:
    typer.echo(f"error: {error}", err=True)
    raise typer.Exit(2)


app_group = typer.Typer(help="The app's people: enrol the generated population.")


@app_group.command("enrol")
def enrol(
    landing: Annotated[
        Path | None,
        typer.Option(
            "--landing", help="A generated landing folder (default $HISAAB_HOME/landing)."
        ),
    ] = None,
) -> None:
    """Enrol every generated person (synthetic phone +9190000NNNNN for PNNNNNN); idempotent."""
    from api.people.enrol import enrol_population
    from hisaab.crypto import field_cipher
    from payments.db import app_engine, database_url

    settings = get_settings()
    folder = landing or settings.landing_dir
    try:
        result = enrol_population(
            app_engine(database_url(settings)), field_cipher(settings), folder
        )
    except FileNotFoundError:
        _fail(AppDataError(f"no _truth/people.csv in {folder}: run `hisaab generate` first"))
    typer.echo(
        f"Enrolled {result.created} people ({result.existing} already enrolled);"
        " P000001 signs in as +91 90000 00001."
    )


def serve_api(
    port: Annotated[
        int | None, typer.Option(help="Port on 127.0.0.1 (default HISAAB_API_PORT, 8000).")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
) -> None:
    """The Hisaab API (FastAPI) on 127.0.0.1; OpenAPI at /openapi.json."""
    import uvicorn

    uvicorn.run(
        "api.main:app",
        factory=True,
        host="127.0.0.1",
        port=port or get_settings().api_port,
        workers=workers,
        log_level="info",
        access_log=False,  # api.middleware.RequestLog writes one masked JSON line per request
        proxy_headers=True,
    )
