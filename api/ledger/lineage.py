"""Where a ledger transaction came from: the statement lines, SMS and AA rows behind it.

Served from ``marts.fct_transaction_sources``. The source text is the bank's own wording and
may print a full account number; those are cut to their last four digits before it leaves the
API (the transaction's reference, which the person needs to quote to the bank, is kept).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

from hisaab.serving import PublishedMarts

_ACCOUNT_NUMBER = re.compile(r"(?<![A-Za-z0-9])\d{9,18}(?![A-Za-z0-9])")

_SQL = """
select source, source_row_id, match_method, file_hash, source_file, line_no, ingested_at,
    occurred_at, txn_date, amount_paise, direction, reference, source_text
from marts.fct_transaction_sources
where person_ref = :person_ref and transaction_id = :transaction_id
order by case source when 'statement' then 1 when 'aa' then 2 else 3 end, source_row_id
"""


def mask_account_numbers(text: str, keep: str | None = None) -> str:
    """Digit runs of account-number length keep their last four; ``keep`` (a reference) stays."""

    def masked(match: re.Match[str]) -> str:
        digits = match.group(0)
        return digits if digits == keep else "X" * (len(digits) - 4) + digits[-4:]

    return _ACCOUNT_NUMBER.sub(masked, text)


def source_rows(
    marts: PublishedMarts, person_ref: str, transaction_id: str
) -> list[dict[str, Any]]:
    """The transaction's source rows, the bank's record first, each with its masked text."""
    rows = marts.rows(_SQL, {"person_ref": person_ref, "transaction_id": transaction_id})
    for row in rows:
        text = row.pop("source_text")
        reference = row["reference"]
        row["raw_text"] = None if text is None else mask_account_numbers(str(text), reference)
        # The landing path says where the server keeps files; the person needs only its name.
        row["file_name"] = PurePosixPath(str(row.pop("source_file"))).name
    return rows
