"""Columns ingestion derives from what a source printed, added just before rows are loaded.

Statement lines and AA transactions carry the bank's narration; `ingestion.narration` reads it once
here (rail, counterparty, VPA, IFSC, reference, PSP, P2M) so dbt staging, the CLI and the API all
see the same reading. Tables without a narration pass through unchanged.
"""

from __future__ import annotations

import polars as pl

from ingestion.narration import NARRATION_SCHEMA, parse_narrations

NARRATED_TABLES = ("statement_lines", "aa_transactions")
PREFIX = "narration_"


def with_derived_columns(table: str, rows: pl.DataFrame) -> pl.DataFrame:
    """``rows`` plus the ``narration_*`` columns when ``table`` stores a narration."""
    if table not in NARRATED_TABLES or rows.height == 0:
        return rows
    return rows.hstack(narration_fields(rows["narration"]).get_columns())


def narration_fields(narrations: pl.Series) -> pl.DataFrame:
    """The parsed narration as ``narration_<field>`` columns, one row per narration.

    Narrations repeat (interest, charges, the same biller every month), so each distinct text is
    parsed once and joined back.
    """
    texts = narrations.cast(pl.String).rename("narration")
    distinct = texts.unique().drop_nulls()
    parsed = parse_narrations(distinct).with_columns(narration=distinct)
    renamed = parsed.rename({name: PREFIX + name for name in NARRATION_SCHEMA})
    fields = texts.to_frame().join(renamed, on="narration", how="left", maintain_order="left")
    nulls = texts.is_null()
    return fields.drop("narration").with_columns(
        pl.when(nulls)
        .then(pl.lit(False))
        .otherwise(pl.col(f"{PREFIX}is_reversal").fill_null(False))
        .alias(f"{PREFIX}is_reversal")
    )
