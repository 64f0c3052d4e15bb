"""How each bank lays out its statement CSV, as data: header row, date formats, preamble and footer.

Supporting another bank, or another export layout of one, is adding a `StatementFormat` to
`FORMATS`; detection, reading and parsing are driven entirely by this table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

# What the parser needs from a statement row, whatever the bank calls the column.
ROLES = ("txn_date", "value_date", "narration", "ref_no", "debit", "credit", "balance")

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

    @property
    def frame_columns(self) -> list[str]:
        """Names of the CSV columns when read: ``raw_<role>``, or a placeholder when unused."""
        return [
            f"raw_{role}" if role else f"unused_{i}" for i, (_, role) in enumerate(self.columns)
        ]

    def header_of(self, role: str) -> str:
        return next(cell for cell, r in self.columns if r == role)

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
    account_pattern=r"^\s*Account No\s*:\s*,\s*[\"'_]?(?P<account>\d{6,20})",
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
    account_pattern=r"^\s*Account Number\s*:\s*,\s*[\"'_]?(?P<account>\d{6,20})",
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

FORMATS: tuple[StatementFormat, ...] = (HDFC, SBI, ICICI, AXIS)
BY_BANK: dict[str, StatementFormat] = {fmt.bank: fmt for fmt in FORMATS}


_BY_HEADER: dict[tuple[bytes, ...], StatementFormat] = {
    tuple(cell.encode() for cell in fmt.header): fmt for fmt in FORMATS
}

_FIRST_CELLS = tuple({cells[0] for cells in _BY_HEADER})


@dataclass(frozen=True)
class HeaderRow:
    """Where a statement's header row is: the bank's format and the byte span of the line."""

    format: StatementFormat
    start: int
    end: int  # just past the line's newline: where the first transaction row starts


def find_header(data: bytes) -> HeaderRow | None:
    """The first line, among the first `HEAD_LINES`, that is a known bank's header row.

    Cells are compared after trimming spaces and quotes, and trailing empty cells are ignored,
    because spreadsheet round-trips add all three.
    """
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    for _ in range(HEAD_LINES):
        newline = data.find(b"\n", start, start + HEAD_BYTES)
        end = len(data) if newline < 0 else newline + 1
        line = data[start:end]
        fmt = _BY_HEADER.get(_cells(line)) if _may_be_header(line) else None
        if fmt is not None:
            return HeaderRow(fmt, start, end)
        if newline < 0:
            return None
        start = end
    return None


def _may_be_header(line: bytes) -> bool:
    """A cheap test that skips splitting preamble lines (most of the lines tried)."""
    return any(first in line for first in _FIRST_CELLS)


def _cells(line: bytes) -> tuple[bytes, ...]:
    if b"," not in line:
        return ()
    cells = [cell.strip().strip(b'"').strip() for cell in line.split(b",")]
    while cells and not cells[-1]:
        cells.pop()
    return tuple(cells)
