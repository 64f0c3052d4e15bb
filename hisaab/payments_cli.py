"""``hisaab payments`` and ``hisaab serve``: run the payments layer's processes from one CLI."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from hisaab.settings import get_settings

payments_app = typer.Typer(
    help="UPI payments: simulate, relay events to Kafka.", no_args_is_help=True
)
serve_app = typer.Typer(help="Run a Hisaab service in the foreground.", no_args_is_help=True)


@payments_app.command("simulate")
def simulate_command(
    count: Annotated[int, typer.Option(min=1, max=100_000, help="Payments to make.")] = 200,
    people: Annotated[int, typer.Option(min=1, help="Spread over P000001..P<people>.")] = 20,
    seed: Annotated[int, typer.Option(help="Same seed, same payments and faults.")] = 42,
    json_output: Annotated[bool, typer.Option("--json", help="One JSON object.")] = False,
) -> None:
    """Pay through the sandbox switch (started for the run) into the app database."""
    from hisaab.secrets import secret
    from payments.db import app_engine
    from payments.simulate import simulate
    from payments.wiring import WEBHOOK_SECRET

    settings = get_settings()
    workdir = settings.resolved_home / "sandbox" / "gateway"
    report = simulate(
        app_engine(), secret(WEBHOOK_SECRET), workdir, count=count, people=people, seed=seed
    )
    if json_output:
        typer.echo(json.dumps({**report.__dict__}, default=dict))
        return
    statuses = ", ".join(f"{name} {n}" for name, n in report.statuses.most_common())
    codes = ", ".join(f"{code} {n}" for code, n in report.codes.most_common())
    callbacks = ", ".join(f"{name} {n}" for name, n in report.callbacks.most_common())
    typer.echo(f"{report.count} payments in {report.seconds:.1f} s: {statuses}")
    typer.echo(f"  decline codes: {codes or 'none'}")
    typer.echo(f"  callbacks: {callbacks or 'none'}")
    typer.echo(
        "Next: 'hisaab pipeline run' loads the events into marts.fct_payment_reconciliation."
    )


@payments_app.command("relay", context_settings={"allow_extra_args": True})
def relay_command(ctx: typer.Context) -> None:
    """Publish the outbox to Kafka (production); arguments as `python -m payments.relay --help`."""
    from payments.relay import main

    raise typer.Exit(main(ctx.args))


@payments_app.command("expire")
def expire_command() -> None:
    """Expire intents whose time ran out (a schedule runs this; late successes still land)."""
    from payments.wiring import payment_service

    expired = payment_service().expire_overdue()
    typer.echo(f"expired {len(expired)} payment intents")


@serve_app.command("sandbox")
def serve_sandbox(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8710,
    seed: Annotated[int, typer.Option(help="Seed of the fault draws.")] = 7,
) -> None:
    """The sandbox UPI switch (faults included) that the embedded profile pays through."""
    from hisaab.secrets import secret_path
    from payments.wiring import WEBHOOK_SECRET
    from sandbox.gateway.__main__ import main

    path = secret_path(WEBHOOK_SECRET)
    main(["--port", str(port), "--seed", str(seed), "--secret-file", str(path)])


@serve_app.command("payments")
def serve_payments(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1.")] = 8711,
) -> None:
    """The gateway callback endpoint alone (the API will serve it too)."""
    import uvicorn

    uvicorn.run("payments.receiver:app", host="127.0.0.1", port=port, log_level="info")
