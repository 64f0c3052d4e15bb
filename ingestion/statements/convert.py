"""Statement files that are not CSV (XLS, XLSX, text PDFs) → the CSV text the CSV path reads.

There is one parsing path: a spreadsheet's first sheet or a PDF's table becomes CSV bytes laid out
as the bank's CSV export (preamble, header row, rows, footer), and `locate_table` takes it from
there. The container is told by its magic bytes, never by the file name.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

import fastexcel

from ingestion.statements.banks import (
    AMOUNT_ROLES,
    DATE_ROLES,
    HEAD_LINES,
    StatementFormat,
    header_index,
)
from ingestion.statements.options import StatementOptions
from ingestion.statements.pdf import pdf_to_csv

Container = Literal["csv", "xls", "xlsx", "pdf"]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (BIFF inside an OLE2 compound file)
_ZIP = b"PK\x03\x04"  # .xlsx is a zip holding xl/workbook.xml
_EXCEL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?)?$")
_EXCEL_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
_CENT = Decimal("0.01")


def container_of(head: bytes) -> Container:
    """What the first bytes of a file say it is; anything else is read as CSV text."""
    if head[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(_OLE2):
        return "xls"
    if head.startswith(_ZIP) and b"xl/" in head:
        return "xlsx"
    return "csv"


def to_csv(data: bytes, options: StatementOptions) -> bytes | str:
    """CSV bytes of a statement file, or why it cannot be read (the file is then quarantined)."""
    container = container_of(data[: 64 * 1024])
    if container == "csv":
        return data
    if container == "pdf":
        return pdf_to_csv(data, options.pdf_passwords, options.formats)
    try:
        rows = first_sheet(data)
    except fastexcel.FastExcelError as error:
        summary = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"unreadable {container.upper()} file: {summary}"
    return sheet_to_csv(rows, options.formats)


def first_sheet(data: bytes) -> list[tuple[str | None, ...]]:
    """Every cell of the first sheet as text: calamine renders dates as ISO and numbers plainly."""
    reader = fastexcel.read_excel(data)
    if not reader.sheet_names:
        return []
    sheet = reader.load_sheet(0, header_row=None, dtypes="string")
    return sheet.to_polars().rows()


def sheet_to_csv(
    rows: Sequence[Sequence[str | None]], formats: tuple[StatementFormat, ...]
) -> bytes | str:
    """Rows of a sheet as the bank's CSV: the table's columns start where its header row does,
    Excel dates are printed in the bank's date format and numbers as ``1234.50``."""
    cells = [[_flat(cell) for cell in row] for row in rows]
    found = _find_header(cells, formats)
    if found is None:
        return "no known statement header row in the first sheet (see docs/landing-formats.md)"
    at, offset, fmt = found
    roles = [role for _, role in fmt.columns]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for number, row in enumerate(cells):
        if number >= at and not any(row[:offset]):
            row = row[offset:]
            if number > at:
                printed = [_as_printed(c, r, fmt) for c, r in zip(row, roles, strict=False)]
                row = printed + row[len(roles) :]
        writer.writerow(row)
    return out.getvalue().encode()


def _find_header(
    cells: Sequence[Sequence[str]], formats: tuple[StatementFormat, ...]
) -> tuple[int, int, StatementFormat] | None:
    index = header_index(formats)
    for number, row in enumerate(cells[:HEAD_LINES]):
        offset = next((i for i, cell in enumerate(row) if cell.strip()), len(row))
        fmt = index.match(row[offset:])
        if fmt is not None:
            return number, offset, fmt
    return None


def _flat(cell: str | None) -> str:
    """A cell as one line of text: a line break inside it (wrapped narrations) becomes a space."""
    return "" if cell is None else _LINE_BREAKS.sub(" ", cell)


def _as_printed(cell: str, role: str | None, fmt: StatementFormat) -> str:
    """An Excel date cell in the bank's first date format, an Excel number with two decimals.

    The number is rounded from its shortest text (``1234.5``, ``0.30000000000000004``) as a
    decimal, so no float arithmetic touches the amount.
    """
    text = cell.strip()
    if role in DATE_ROLES and _EXCEL_DATE.match(text):
        return datetime.fromisoformat(text).strftime(fmt.date_formats[0])
    if role in AMOUNT_ROLES and _EXCEL_NUMBER.match(text):
        return f"{Decimal(text).quantize(_CENT, rounding=ROUND_HALF_UP):f}"
    return cell
