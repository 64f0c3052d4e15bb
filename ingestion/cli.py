"""``hisaab ingest``: a Typer command body; the lead registers it on the ``hisaab`` app.

Exits 1 only when nothing at all could be read, so a landing folder with a few bad rows or files
still succeeds (the bad parts wait in ``raw.quarantine``); exits 2 when a mapping file is unusable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from hisaab.settings import get_settings
from ingestion.pipeline import ingest_paths
from ingestion.report import IngestReport
from ingestion.statements.mapping import MappingError
from ingestion.statements.options import MAPPINGS_FOLDER


def ingest(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Files or folders to ingest (folders recursively; names starting with _ or ."
            " are skipped)."
        ),
    ],
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            help="person_ref owning the files (default: the nearest person=<id> folder).",
        ),
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of a table.")
    ] = False,
    pdf_passwords: Annotated[
        list[str] | None,
        typer.Option(
            "--pdf-password",
            help="Password to try on encrypted PDF statements (repeatable; also"
            " HISAAB_PDF_PASSWORDS, comma-separated).",
        ),
    ] = None,
    mappings: Annotated[
        list[Path] | None,
        typer.Option(
            "--mapping",
            help="Column-mapping TOML for another bank's statements (repeatable; also"
            " $HISAAB_HOME/mappings/*.mapping.toml).",
        ),
    ] = None,
) -> None:
    """Load bank statements, SMS exports and AA bundles into the warehouse's raw schema."""
    settings = get_settings()
    try:
        report = ingest_paths(
            paths,
            settings.warehouse,
            person_ref=person,
            pdf_passwords=pdf_passwords or (),
            mappings=mappings or (),
            mapping_dir=settings.resolved_home / MAPPINGS_FOLDER,
        )
    except MappingError as error:
        typer.echo(f"error: {error}", err=True)
        raise typer.Exit(2) from None
    if json_output:
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(format_report(report))
    if report.nothing_readable:
        typer.echo(f"nothing could be read: {report.why_nothing_readable()}", err=True)
        raise typer.Exit(1)


def format_report(report: IngestReport) -> str:
    """A small table: loaded / duplicate / quarantined per source and in total."""
    rows = [f"{'source':<12}{'files':>7}{'loaded':>10}{'duplicate':>11}{'quarantined':>13}"]
    for name, counts in [*report.sources.items(), ("total", report.total)]:
        rows.append(
            f"{name:<12}{counts.files:>7}{counts.loaded:>10}{counts.duplicate:>11}"
            f"{counts.quarantined:>13}"
        )
    rows += [f"missing path: {path}" for path in report.missing_paths]
    rows += [f"quarantined file: {p.path}: {p.reason}" for p in report.file_problems]
    return "\n".join(rows)
