"""Cut each statement file down to its transaction table and read all tables of a bank at once.

The header row is found by comparing the first lines with each bank's header, the footer by the
bank's footer markers; everything between is CSV that polars reads. Bodies of many files are
joined and read in one call (thousands of small files would otherwise each pay polars' per-call
overhead); file and line numbers are restored from the line counts, which match row counts unless
a quoted cell spans lines — then files are read one by one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from ingestion.lineage import FileLineage
from ingestion.statements.banks import FORMATS, StatementFormat, find_header


@dataclass(frozen=True)
class StatementTable:
    """The transaction table of one file: its CSV body and where it starts."""

    lineage: FileLineage
    format: StatementFormat
    account_number: str
    first_line_no: int  # 1-based line of the first row after the header
    body: bytes

    def line(self, line_no: int) -> str:
        """The raw text of a line of the table (for quarantine rows)."""
        lines = self.body.split(b"\n")
        return lines[line_no - self.first_line_no].rstrip(b"\r").decode("utf-8", "replace")


def locate_table(
    lineage: FileLineage, data: bytes, formats: tuple[StatementFormat, ...] = FORMATS
) -> StatementTable | str:
    """The file's table, or why it has none (the whole file is then quarantined)."""
    header = find_header(data, formats)
    if header is None:
        return "no known statement header row near the top (see docs/landing-formats.md)"
    fmt = header.format
    account = fmt.account_number
    if account is None:
        preamble = data[: header.start].decode("utf-8", "replace")
        found = fmt.account_regex.search(preamble)
        if found is None:
            return f"no account number in the {fmt.bank.upper()} preamble ({fmt.account_pattern})"
        account = found["account"]
    body = data[header.end : fmt.footer_start(data, header.end)]
    first_line_no = data.count(b"\n", 0, header.end) + 1
    return StatementTable(lineage, fmt, account, first_line_no, body)


def read_tables(fmt: StatementFormat, tables: Sequence[StatementTable]) -> pl.DataFrame:
    """All rows of all tables as strings, with ``file_id`` and 1-based ``line_no``."""
    bodies = [_terminated(table.body) for table in tables]
    counts = np.array([body.count(b"\n") for body in bodies], dtype=np.int64)
    rows = _read_csv(fmt, b"".join(bodies))
    if rows is None or rows.height != int(counts.sum()):
        return pl.concat([_read_one(fmt, table) for table in tables])
    file_ids = np.array([table.lineage.file_id for table in tables], dtype=np.int64)
    first_lines = np.array([table.first_line_no for table in tables], dtype=np.int64)
    starts = np.cumsum(counts) - counts
    offsets = np.arange(rows.height, dtype=np.int64) - np.repeat(starts, counts)
    return rows.with_columns(
        file_id=pl.Series(np.repeat(file_ids, counts)),
        line_no=pl.Series(offsets + np.repeat(first_lines, counts)),
    )


def _read_one(fmt: StatementFormat, table: StatementTable) -> pl.DataFrame:
    """One file on its own: by polars when every line is one row, else line by line."""
    body = _terminated(table.body)
    rows = _read_csv(fmt, body)
    if rows is not None and rows.height == body.count(b"\n"):
        rows = rows.with_columns(line_offset=pl.int_range(pl.len(), dtype=pl.Int64))
    else:
        rows = _read_lines(fmt, body)
    return rows.with_columns(
        file_id=pl.lit(table.lineage.file_id, pl.Int64),
        line_no=pl.col("line_offset") + table.first_line_no,
    ).drop("line_offset")


def _read_csv(fmt: StatementFormat, body: bytes) -> pl.DataFrame | None:
    """Every row as strings, or None when polars cannot read the body (a stray quote)."""
    schema = {name: pl.String for name in fmt.frame_columns}
    if not body.strip():
        return pl.DataFrame(schema=schema)
    try:
        return pl.read_csv(
            io.BytesIO(body),
            has_header=False,
            schema=schema,
            truncate_ragged_lines=True,
            encoding="utf8-lossy",
        )
    except pl.exceptions.PolarsError:
        return None


def _read_lines(fmt: StatementFormat, body: bytes) -> pl.DataFrame:
    """Rows split line by line, so a garbage line, a stray quote or a line cut off mid-cell spoils
    only itself (the parser then quarantines it), never the lines after it.

    A line with an open quote is joined to the next ones only when that closes the quote within
    `MAX_CELL_LINES` lines and gives a row of the header's width: a narration a bank wrapped
    inside quotes. Blank lines become empty rows, which the parser skips. ``line_offset`` is the
    row's first line, counted from the table's first line.
    """
    names = fmt.frame_columns
    width = len(names)
    lines = [
        raw.rstrip(b"\r").decode("utf-8", "replace").replace("\x00", "")
        for raw in body.split(b"\n")[:-1]
    ]
    records: list[list[str | None]] = []
    offsets: list[int] = []
    at = 0
    while at < len(lines):
        cells, used = _split(lines, at, width)
        records.append([v if v != "" else None for v in cells[:width]])
        records[-1] += [None] * (width - len(records[-1]))
        offsets.append(at)
        at += used
    columns = list(zip(*records, strict=True)) if records else [() for _ in names]
    frame = pl.DataFrame(
        dict(zip(names, columns, strict=True)), schema=dict.fromkeys(names, pl.String)
    )
    return frame.with_columns(line_offset=pl.Series(offsets, dtype=pl.Int64))


MAX_CELL_LINES = 4


def _split(lines: Sequence[str], at: int, width: int) -> tuple[list[str], int]:
    """The cells of the row starting at line ``at`` and how many lines it spans."""
    text = lines[at]
    if text.count('"') % 2:
        for span in range(2, min(MAX_CELL_LINES, len(lines) - at) + 1):
            joined = "\n".join(lines[at : at + span])
            if joined.count('"') % 2 == 0:
                cells = next(csv.reader([joined]), [])
                if len(cells) == width:
                    return cells, span
                break
    return next(csv.reader([text]), []), 1


def _terminated(body: bytes) -> bytes:
    return body if not body or body.endswith(b"\n") else body + b"\n"
