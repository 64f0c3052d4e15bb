"""Statement files → one `SourceBatch` of ``raw.statement_lines`` rows and quarantine rows.

XLS, XLSX and PDF files are first converted to the bank's CSV text; then files are grouped by
format so each layout's rows are read and parsed as one frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import polars as pl
import polars.selectors as cs

from ingestion.landing import LandingFile
from ingestion.lineage import (
    KEY_SEPARATOR,
    FileLineage,
    QuarantineRecord,
    fingerprint,
    finish_quarantine,
    quarantine_rows,
    read_with_lineage,
    with_lineage,
)
from ingestion.load import SourceBatch
from ingestion.statements.banks import StatementFormat
from ingestion.statements.convert import to_csv
from ingestion.statements.options import StatementOptions
from ingestion.statements.parse import normalise
from ingestion.statements.read import StatementTable, locate_table, read_tables

# The natural key: the same transaction printed in two overlapping statements gets the same id.
NATURAL_KEY = (
    "person_ref",
    "bank",
    "account_number",
    "txn_date",
    "narration",
    "ref_no",
    "amount_paise",
    "direction",
    "balance_paise",
)  # plus the occurrence among identical rows of the same file


def read_statements(
    files: Sequence[LandingFile],
    ingested_at: datetime,
    options: StatementOptions = StatementOptions(),  # noqa: B008 - frozen, shared safely
) -> SourceBatch:
    lineages, problems, by_format = _locate_tables(files, options)
    lines, bad = [], [quarantine_rows(problems)]
    for fmt, tables in by_format.items():
        good, quarantined = parse_bank(fmt, tables)
        lines.append(good)
        bad.append(quarantined)
    rows = pl.concat(lines) if lines else None
    return SourceBatch(
        source="statement",
        files=lineages,
        tables={"statement_lines": finish_lines(rows, lineages, ingested_at)},
        quarantine=finish_quarantine(pl.concat(bad), lineages, "statement", ingested_at),
    )


def _locate_tables(
    files: Sequence[LandingFile], options: StatementOptions
) -> tuple[list[FileLineage], list[QuarantineRecord], dict[StatementFormat, list[StatementTable]]]:
    """Read every file and cut out its table, grouped by format; files without one are problems.

    Lineage (the file hash) is of the file as it landed, not of its CSV conversion.
    """
    lineages: list[FileLineage] = []
    problems: list[QuarantineRecord] = []
    by_format: dict[StatementFormat, list[StatementTable]] = {}
    for file_id, file in enumerate(files):
        lineage, data = read_with_lineage(file_id, file.path, file.person_ref)
        lineages.append(lineage)
        text = to_csv(data, options)
        located = text if isinstance(text, str) else locate_table(lineage, text, options.formats)
        if isinstance(located, str):
            problems.append((file_id, 0, None, located))
        else:
            by_format.setdefault(located.format, []).append(located)
    return lineages, problems, by_format


def parse_bank(
    fmt: StatementFormat, tables: Sequence[StatementTable]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Good lines (typed, with account numbers) and quarantine rows of one bank's files."""
    parsed = normalise(read_tables(fmt, tables), fmt)
    accounts = pl.DataFrame(
        {
            "file_id": [t.lineage.file_id for t in tables],
            "account_number": [t.account_number for t in tables],
        },
        schema={"file_id": pl.Int64, "account_number": pl.String},
    )
    good = parsed.filter(pl.col("reason").is_null()).join(accounts, on="file_id", how="left")
    good = good.with_columns(
        bank=pl.lit(fmt.bank), account_last4=pl.col("account_number").str.tail(4)
    )
    return good.drop(cs.starts_with("raw_", "unused_")), _bad_rows(parsed, tables)


def _bad_rows(parsed: pl.DataFrame, tables: Sequence[StatementTable]) -> pl.DataFrame:
    bad = parsed.filter(pl.col("reason").is_not_null()).select("file_id", "line_no", "reason")
    by_id = {t.lineage.file_id: t for t in tables}
    records = [
        (file_id, line_no, by_id[file_id].line(line_no), reason)
        for file_id, line_no, reason in bad.iter_rows()
    ]
    return quarantine_rows(records)


def finish_lines(
    rows: pl.DataFrame | None, files: Sequence[FileLineage], ingested_at: datetime
) -> pl.DataFrame:
    """Lineage, the occurrence index among identical rows of a file, and the row id."""
    if rows is None or rows.height == 0:
        return pl.DataFrame()
    rows = with_lineage(rows, files, ingested_at)
    row_key = pl.concat_str(
        [pl.col(c).cast(pl.String).fill_null("") for c in NATURAL_KEY], separator=KEY_SEPARATOR
    )
    rows = rows.with_columns(row_key=row_key)
    rows = rows.with_columns(occurrence=_occurrence(rows))
    return rows.with_columns(fingerprint(rows, ("row_key", "occurrence"), "source_row_id"))


def _occurrence(rows: pl.DataFrame) -> pl.Series:
    """0 for the first of identical rows of a file, 1 for the second, ...

    Almost every row is unique, so the window (a group-by on a long string key, the costliest step
    of statement parsing) runs only over the rows that have a twin; the rest are 0.
    """
    twins = rows.select(pl.struct("file_id", "row_key").is_duplicated()).to_series()
    occurrence = pl.zeros(rows.height, pl.Int64, eager=True).alias("occurrence")
    if not twins.any():
        return occurrence
    repeated = rows.with_row_index("row").filter(twins)
    counted = repeated.select("row", pl.int_range(pl.len()).over("file_id", "row_key"))
    return occurrence.scatter(counted["row"], counted.to_series(1))
