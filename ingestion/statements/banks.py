"""How each bank lays out its statement CSV, as data: header row, date formats, preamble and footer.

Supporting another bank, or another export layout of one, is adding a `StatementFormat` to
`FORMATS` (or, without a code change, writing a mapping file: `ingestion.statements.mapping`);
detection, reading and parsing are driven entirely by these rows. Spreadsheets and PDFs are first
converted to the same CSV text (`ingestion.statements.convert`), so they use these rows too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

# What the parser needs from a statement row, whatever the bank calls the column. A table has
# either ``debit`` and ``credit`` columns, or one ``amount`` column whose direction comes from a
# ``dr_cr`` column (``DR``/``CR``), a ``Dr``/``Cr`` suffix on the amount, or else its sign.
ROLES = (
    "txn_date", "value_date", "narration", "ref_no", "debit", "credit", "amount", "dr_cr",
    "balance", "balance_dr_cr",
)  # fmt: skip
AMOUNT_ROLES = ("debit", "credit", "amount", "balance")
DATE_ROLES = ("txn_date", "value_date")

HEAD_BYTES = 64 * 1024  # the header row must appear within the first 64 KiB of the file
HEAD_LINES = 200  # ... and within its first 200 lines


@dataclass(frozen=True)
class StatementFormat:
    bank: str
    # (header cell as the bank prints it, role or None when the column is not needed)
    columns: tuple[tuple[str, str | None], ...]
    date_formats: tuple[str, ...]
    account_pattern: str  # over the preamble text; group "account"
    footer_markers: tuple[str, ...]  # how the first line after the table starts
    # (role, pattern) of rows inside the table that are not transactions: skipped, not quarantined
    skip_rows: tuple[tuple[str, str], ...] = (("narration", r"(?i)^(?:opening|closing) balance\b"),)
    account_number: str | None = None  # fixed by a mapping file instead of read from the preamble

    @property
    def frame_columns(self) -> list[str]:
        """Names of the CSV columns when read: ``raw_<role>``, or ``unused_<i>``."""
        return [
            f"raw_{role}" if role else f"unused_{i}" for i, (_, role) in enumerate(self.columns)
        ]

    def header_of(self, role: str) -> str:
        """The bank's name for the column (the role's own name when the table has none)."""
        return next((cell for cell, r in self.columns if r == role), role)

    def has(self, role: str) -> bool:
        return any(r == role for _, r in self.columns)

    @cached_property
    def account_regex(self) -> re.Pattern[str]:
        return re.compile(self.account_pattern, re.M)

    def footer_start(self, data: bytes, start: int) -> int:
        """Offset of the first footer line at or after ``start`` (``len(data)`` when none)."""
        hits = [
            data.find(b"\n" + quote + marker.encode(), max(start - 1, 0))
            for marker in self.footer_markers
            for quote in (b"", b'"')
        ]
        found = [hit + 1 for hit in hits if hit >= 0]
        return min(found) if found else len(data)

    def in_order(self, cells: Sequence[str]) -> StatementFormat:
        """This format with its columns in the order of ``cells`` (the same header, rearranged)."""
        pending: dict[str, list[tuple[str, str | None]]] = {}
        for column in self.columns:
            pending.setdefault(column[0], []).append(column)
        return replace(self, columns=tuple(pending[cell].pop(0) for cell in cells))

    @property
    def header(self) -> list[str]:
        return [cell for cell, _ in self.columns]


HDFC = StatementFormat(
    bank="hdfc",
    columns=(
        ("Date", "txn_date"),
        ("Narration", "narration"),
        ("Chq./Ref.No.", "ref_no"),
        ("Value Dt", "value_date"),
        ("Withdrawal Amt.", "debit"),
        ("Deposit Amt.", "credit"),
        ("Closing Balance", "balance"),
    ),
    date_formats=("%d/%m/%y", "%d/%m/%Y"),
    account_pattern=r"^\s*Account No\s*:[\s,]*[\"'_]?(?P<account>\d{6,20})",
    footer_markers=("STATEMENT SUMMARY", "Generated On:"),
)

SBI = StatementFormat(
    bank="sbi",
    columns=(
        ("Txn Date", "txn_date"),
        ("Value Date", "value_date"),
        ("Description", "narration"),
        ("Ref No./Cheque No.", "ref_no"),
        ("Debit", "debit"),
        ("Credit", "credit"),
        ("Balance", "balance"),
    ),
    date_formats=("%d %b %Y", "%d-%b-%Y", "%d/%m/%Y"),
    account_pattern=r"^\s*Account Number\s*:[\s,]*[\"'_]?(?P<account>\d{6,20})",
    footer_markers=("**This is a computer generated statement",),
)

ICICI = StatementFormat(
    bank="icici",
    columns=(
        ("S No.", None),
        ("Value Date", "value_date"),
        ("Transaction Date", "txn_date"),
        ("Cheque Number", "ref_no"),
        ("Transaction Remarks", "narration"),
        ("Withdrawal Amount (INR )", "debit"),
        ("Deposit Amount (INR )", "credit"),
        ("Balance (INR )", "balance"),
    ),
    date_formats=("%d/%m/%Y", "%d/%m/%y"),
    account_pattern=r"Transactions List - .*? - (?P<account>\d{6,20})",
    footer_markers=("Legends Used in Account Statement",),
)

AXIS = StatementFormat(
    bank="axis",
    columns=(
        ("Tran Date", "txn_date"),
        ("CHQNO", "ref_no"),
        ("PARTICULARS", "narration"),
        ("DR", "debit"),
        ("CR", "credit"),
        ("BAL", "balance"),
        ("SOL", None),
    ),
    date_formats=("%d-%m-%Y", "%d-%m-%y"),
    account_pattern=r"Statement of Account No\s*-\s*(?P<account>\d{6,20})",
    footer_markers=("Unless the constituent notifies the bank",),
)

# Kotak's net-banking CSV: one amount column with its own Dr / Cr column, and the balance's Dr / Cr
# in a second column of the same name. Newer exports print the transaction date with a time.
KOTAK = StatementFormat(
    bank="kotak",
    columns=(
        ("Sl. No.", None),
        ("Transaction Date", "txn_date"),
        ("Value Date", "value_date"),
        ("Description", "narration"),
        ("Chq / Ref No.", "ref_no"),
        ("Amount", "amount"),
        ("Dr / Cr", "dr_cr"),
        ("Balance", "balance"),
        ("Dr / Cr", "balance_dr_cr"),
    ),
    date_formats=("%d-%m-%Y", "%d-%m-%Y %H:%M:%S", "%d/%m/%Y", "%d-%b-%y", "%d-%b-%Y"),
    account_pattern=r"Account No\.?\s*:?[\s,]*[\"'_]?(?P<account>\d{6,20})",
    footer_markers=("Statement Summary", "End of Statement"),
)

FORMATS: tuple[StatementFormat, ...] = (HDFC, SBI, ICICI, AXIS, KOTAK)
BY_BANK: dict[str, StatementFormat] = {fmt.bank: fmt for fmt in FORMATS}


@dataclass(frozen=True)
class HeaderRow:
    """Where a statement's header row is: the bank's format and the byte span of the line."""

    format: StatementFormat
    start: int
    end: int  # just past the line's newline: where the first transaction row starts


@dataclass(frozen=True)
class HeaderIndex:
    """The header rows of some formats, for finding one among a file's first lines."""

    by_header: dict[tuple[str, ...], StatementFormat]
    by_cells: dict[tuple[str, ...], StatementFormat]  # the same headers, cells sorted
    first_cells: tuple[bytes, ...]

    def match(self, cells: Sequence[str]) -> StatementFormat | None:
        """The format whose header is ``cells`` (trimmed, trailing empty cells ignored).

        A file whose columns were rearranged (a spreadsheet user moving one) still matches: the
        format comes back with its columns in the file's order.
        """
        trimmed = [cell.strip().strip('"').strip() for cell in cells]
        while trimmed and not trimmed[-1]:
            trimmed.pop()
        exact = self.by_header.get(tuple(trimmed))
        if exact is not None:
            return exact
        moved = self.by_cells.get(tuple(sorted(trimmed)))
        return moved.in_order(trimmed) if moved is not None else None


@lru_cache(maxsize=16)
def header_index(formats: tuple[StatementFormat, ...] = FORMATS) -> HeaderIndex:
    """Formats listed first win when two share a header row (a mapping file can override)."""
    by_header: dict[tuple[str, ...], StatementFormat] = {}
    by_cells: dict[tuple[str, ...], StatementFormat] = {}
    for fmt in formats:
        by_header.setdefault(tuple(fmt.header), fmt)
        by_cells.setdefault(tuple(sorted(fmt.header)), fmt)
    firsts = tuple({cells[0].encode() for cells in by_header})
    return HeaderIndex(by_header, by_cells, firsts)


def find_header(data: bytes, formats: tuple[StatementFormat, ...] = FORMATS) -> HeaderRow | None:
    """The first line, among the first `HEAD_LINES`, that is a known bank's header row.

    Cells are compared after trimming spaces and quotes, and trailing empty cells are ignored,
    because spreadsheet round-trips add all three.
    """
    index = header_index(formats)
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    for _ in range(HEAD_LINES):
        newline = data.find(b"\n", start, start + HEAD_BYTES)
        end = len(data) if newline < 0 else newline + 1
        line = data[start:end]
        # a cheap test first skips splitting preamble lines (most of the lines tried)
        if b"," in line and any(first in line for first in index.first_cells):
            fmt = index.match(line.decode("utf-8", "replace").rstrip("\r\n").split(","))
            if fmt is not None:
                return HeaderRow(fmt, start, end)
        if newline < 0:
            return None
        start = end
    return None
