"""``hisaab generate``: write a synthetic population's bank files, SMS and AA bundles.

The lead registers ``generate`` on the ``hisaab`` Typer app; it is a plain function so it can
also be called directly.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from sandbox.generate import DEFAULT_START, GenerationSummary, generate_population


def generate(
    users: Annotated[int, typer.Option(min=1, help="How many people to simulate.")] = 300,
    months: Annotated[int, typer.Option(min=1, max=120, help="How many months of history.")] = 12,
    seed: Annotated[int, typer.Option(help="Random seed: same arguments, same bytes.")] = 42,
    out: Annotated[
        Path, typer.Option(help="Landing folder to write (person=… folders and _truth/).")
    ] = Path(".hisaab/landing"),
    start: Annotated[
        datetime,
        typer.Option(formats=["%Y-%m-%d"], help="First day of the period (YYYY-MM-DD)."),
    ] = datetime(DEFAULT_START.year, DEFAULT_START.month, DEFAULT_START.day),
) -> None:
    """Generate a synthetic Indian population's statements, SMS and Account Aggregator data."""
    summary = generate_population(out, users=users, months=months, seed=seed, start=start.date())
    typer.echo(describe(summary, start.date(), months))


def describe(summary: GenerationSummary, start: date, months: int) -> str:
    rate = summary.transactions / summary.seconds * 60 if summary.seconds else 0.0
    return "\n".join(
        [
            f"Generated {summary.people:,} people with {summary.accounts:,} accounts, "
            f"{months} months from {start.isoformat()}, in {summary.seconds:.1f} s "
            f"({rate:,.0f} transactions/min).",
            f"  true transactions  {summary.transactions:>12,}  ({summary.anomalies:,} anomalies)",
            f"  statement lines    {summary.statement_lines:>12,}",
            f"  SMS messages       {summary.sms_messages:>12,}  ({summary.sms_alerts:,} alerts)",
            f"  AA transactions    {summary.aa_transactions:>12,}  "
            f"({summary.aa_accounts:,} linked accounts)",
            f"  files              {summary.files:>12,}  in {summary.out}",
            f"Ground truth: {summary.out / '_truth'} (never ingested).",
        ]
    )
