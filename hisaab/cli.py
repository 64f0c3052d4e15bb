"""The ``hisaab`` command: one entry point for people, scripts and bug reports."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated

import typer

from dashboards.serve import serve_dashboards
from hisaab.app_cli import app_group, budget_app, recategorize, serve_api
from hisaab.parse_cli import parse_app
from hisaab.payments_cli import payments_app, serve_app
from hisaab.privacy_cli import privacy_app
from hisaab.settings import get_settings
from hisaab.upi_cli import upi_app
from ingestion.cli import ingest
from sandbox.cli import generate

if TYPE_CHECKING:
    from orchestration.run import RunOutcome

app = typer.Typer(
    help="Hisaab: one trustworthy ledger from Indian bank statements, SMS, AA and UPI.",
    no_args_is_help=True,
    add_completion=False,
)
app.command(help="Generate a synthetic Indian population's bank files (deterministic).")(generate)
app.command(help="Ingest statements, SMS exports and AA bundles into the raw warehouse.")(ingest)

app.add_typer(parse_app, name="parse")
app.add_typer(upi_app, name="upi")
app.add_typer(budget_app, name="budget")
app.add_typer(payments_app, name="payments")
app.add_typer(serve_app, name="serve")
serve_app.command("api")(serve_api)
serve_app.command("dashboards")(serve_dashboards)
app.add_typer(app_group, name="app")
app.add_typer(privacy_app, name="privacy")
app.command(help="Correct a transaction's category (it becomes the person's rule).")(recategorize)

pipeline_app = typer.Typer(help="Run the Dagster pipeline in this process.", no_args_is_help=True)
app.add_typer(pipeline_app, name="pipeline")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON object for machines.")]


@pipeline_app.command("run")
def pipeline_run(
    json_output: JsonFlag = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Stream every run event.")
    ] = False,
) -> None:
    """Ingest everything in $HISAAB_HOME/landing and rebuild the ledger (the bank_sync job)."""
    from orchestration.run import run_bank_sync

    if not json_output:
        typer.echo("Running bank_sync: ingest the landing folder, then dbt build …")
    _report(run_bank_sync(verbose=verbose), json_output)


def _report(outcome: RunOutcome, json_output: bool) -> None:
    if json_output:
        typer.echo(json.dumps(outcome.__dict__, default=list))
    else:
        state = "succeeded" if outcome.success else "FAILED"
        typer.echo(
            f"Run {outcome.run_id} {state}: {outcome.steps_succeeded} steps ok, "
            f"{outcome.steps_failed} failed."
        )
        if outcome.log_path:
            typer.echo(f"log: {outcome.log_path}")
        for check in outcome.failed_checks:
            typer.echo(f"  check did not pass: {check}")
    if not outcome.success:
        raise typer.Exit(1)


ml_app = typer.Typer(help="Train, evaluate and apply the models.", no_args_is_help=True)
app.add_typer(ml_app, name="ml")


@ml_app.command("run")
def ml_run(json_output: JsonFlag = False) -> None:
    """Train and evaluate every model, then predict (the ml_refresh job); needs a built ledger."""
    from orchestration.defs.ml.jobs import ML_JOB
    from orchestration.run import run_job

    outcome = run_job(ML_JOB)
    _report(outcome, json_output)


@app.command()
def summary(json_output: JsonFlag = False, top: int = 8) -> None:
    """Summarise the built ledger: people, accounts, rows per source, top spend categories."""
    from hisaab.summary import build_summary, render_summary
    from hisaab.warehouse import WarehouseNotBuilt

    try:
        result = build_summary(get_settings().warehouse, top=top)
    except WarehouseNotBuilt as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    typer.echo(json.dumps(result.as_dict()) if json_output else render_summary(result))


if __name__ == "__main__":
    app()
