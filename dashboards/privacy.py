"""Nothing on a page names a person's phone, VPA or account number.

Pages show aggregates, and the few free-text columns (anomaly reasons, payee names) pass through
``mask_identifiers`` before they are drawn or exported: a reason written by a model or a rule
could quote a VPA or a long number, and a slip there would show it to every analyst.
"""

from __future__ import annotations

import re

import polars as pl

# handle@psp; a run of nine or more digits (account numbers, phone numbers with or without +91).
VPA = re.compile(r"[\w.\-]+@[A-Za-z][\w]*")
LONG_NUMBER = re.compile(r"\+?\d[\d ]{7,}\d")
# Columns no page may hold, whatever a query returns.
FORBIDDEN_COLUMNS = frozenset(
    {
        "vpa",
        "phone",
        "account_number",
        "account_key",
        "payer_vpa",
        "payee_vpa",
        "narration",
        "reference",
    }
)


def mask_identifiers(text: str) -> str:
    """``"paid ravi@okaxis from 9876543210"`` → ``"paid [VPA] from [number]"``."""
    return LONG_NUMBER.sub("[number]", VPA.sub("[VPA]", text))


def masked(frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """``frame`` with free-text ``columns`` masked and any identifying column dropped."""
    present = [name for name in columns if name in frame.columns]
    cleaned = frame.drop([name for name in frame.columns if name in FORBIDDEN_COLUMNS])
    return cleaned.with_columns(
        pl.col(name).map_elements(mask_identifiers, return_dtype=pl.String) for name in present
    )
