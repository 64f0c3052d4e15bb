"""``hisaab privacy``: erasure by hand, for operators answering a request outside the app."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from hisaab.settings import get_settings

privacy_app = typer.Typer(help="Erase a person (DPDP Act), or finish erasures left pending.")


@privacy_app.command("erase")
def erase(
    person: Annotated[str, typer.Option("--person", help="The person_ref, e.g. P000012.")],
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Forget one person: app database, landing files, warehouse and published snapshots."""
    from api import tables as _api_tables  # noqa: F401  (registers people, devices… to erase)
    from hisaab.privacy.erasure import request_erasure
    from hisaab.serving import published_dir
    from payments.db import app_engine

    settings = get_settings()
    try:
        outcome = request_erasure(
            app_engine(),
            settings.warehouse,
            person_ref=person,
            person_id=_person_id(person),
            landing=settings.landing_dir,
            published=published_dir(settings),
        )
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    summary = {
        "request_id": outcome.request_id,
        "status": "complete" if outcome.complete else "pending",
        "app_rows": outcome.app_rows,
        "landing_files": outcome.landing_files,
        "warehouse_rows": outcome.warehouse_rows,
    }
    if as_json:
        typer.echo(json.dumps(summary))
        return
    rows = sum((outcome.warehouse_rows or {}).values())
    typer.echo(
        f"{person}: {summary['status']}; {sum(outcome.app_rows.values())} app rows,"
        f" {outcome.landing_files} landing files, {rows} warehouse rows erased"
    )


@privacy_app.command("erase-pending")
def erase_pending() -> None:
    """Finish erasures the API could not complete while a bank sync held the warehouse."""
    from hisaab.privacy.erasure import complete_pending
    from hisaab.serving import published_dir
    from payments.db import app_engine

    settings = get_settings()
    done = complete_pending(app_engine(), settings.warehouse, published_dir(settings))
    typer.echo(f"{len(done)} pending erasure(s) completed")


def _person_id(person_ref: str) -> str | None:
    from sqlalchemy import select

    from api.tables import people
    from payments.db import app_engine

    with app_engine().connect() as conn:
        row = conn.execute(select(people.c.person_id).where(people.c.person_ref == person_ref))
        found = row.first()
    return str(found[0]) if found else None
