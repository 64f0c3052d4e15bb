"""Read statement narrations, vectorized: each grammar runs only over the lines that can match it.

This is the single implementation of narration parsing (statements and AA carry the same text);
`parse_narration` runs it on a one-row Series, so one line and a million are read identically.

Cost matters because every statement and AA line passes through here. Lines are first sorted into
grammars by their fixed prefix (one anchored pass over a literal alternation); each grammar's regex
then runs on its own rows only, and the few lines left over get the keyword pass. Work per line
stays near a few regex passes however many grammars the table holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import cast

import polars as pl

from ingestion.narration.patterns import (
    GRAMMARS,
    GROUPS,
    KEYWORDS,
    KIND_IS_P2M,
    LOOSE_IFSC,
    LOOSE_VPA,
    MERCHANT_NAME,
    REVERSAL,
    REVERSAL_PREFIX,
    Grammar,
)
from ingestion.narration.psp import MERCHANT_VPA, PERSONAL_VPA, PSP_HANDLES

NARRATION_SCHEMA: dict[str, pl.DataType] = {
    "channel": pl.String(),
    "counterparty": pl.String(),
    "vpa": pl.String(),
    "ifsc": pl.String(),
    "reference": pl.String(),
    "psp": pl.String(),
    "is_p2m": pl.Boolean(),
    "is_reversal": pl.Boolean(),
}
C = pl.col
_ROW, _TEXT, _GRAMMAR = "_row", "_text", "_grammar"
_NO_GRAMMAR = -1


@dataclass(frozen=True)
class ParsedNarration:
    """What a narration says; fields as in `NARRATION_SCHEMA` (None where it says nothing)."""

    channel: str | None
    counterparty: str | None
    vpa: str | None
    ifsc: str | None
    reference: str | None
    psp: str | None
    is_p2m: bool | None
    is_reversal: bool


def parse_narration(text: str) -> ParsedNarration:
    """Parse one narration.

    >>> parse_narration("UPI/P2M/509220634538/AVENUE SUPERMARTS LTD/DMart/HDFC BANK").reference
    '509220634538'
    """
    row = parse_narrations(pl.Series("narration", [text], dtype=pl.String)).row(0, named=True)
    return ParsedNarration(**row)


def parse_narrations(narrations: pl.Series) -> pl.DataFrame:
    """One row per narration, in order, with `NARRATION_SCHEMA` columns (null in, nulls out)."""
    text = pl.Series(_TEXT, narrations, dtype=pl.String).str.strip_chars().str.to_uppercase()
    frame = pl.DataFrame([text]).with_row_index(_ROW)
    frame = frame.with_columns(
        is_reversal=C(_TEXT).str.contains(REVERSAL).fill_null(False),
        _text=C(_TEXT).str.replace(REVERSAL_PREFIX, ""),
    ).with_columns(_grammar=_grammar_by_prefix())
    parts, unread = _read_grammars(frame)
    parts.append(_read_keywords(unread))
    parsed = pl.concat(parts, how="diagonal_relaxed").sort(_ROW)
    return _finish(parsed)


def _grammar_by_prefix() -> pl.Expr:
    """The prefix group each line starts with, by one anchored pass over all prefixes.

    Longer prefixes are tried first, so ``UPI/DR/`` wins over ``UPI/``. Grammars sharing their
    prefixes share a group, keyed by the first member's index.
    """
    owner: dict[str, int] = {}
    for first, members in _prefix_groups().items():
        for prefix in members[0].prefixes:
            owner.setdefault(prefix, first)
    alternation = "|".join(re.escape(p) for p in sorted(owner, key=len, reverse=True))
    head = C(_TEXT).str.extract(f"^({alternation})", 1)
    group = head.replace_strict(owner, default=_NO_GRAMMAR, return_dtype=pl.Int32)
    return group.fill_null(_NO_GRAMMAR)


def _prefix_groups() -> dict[int, list[Grammar]]:
    """Grammar index of each group's first member → the grammars tried, in order, on its lines."""
    groups: dict[tuple[str, ...], int] = {}
    members: dict[int, list[Grammar]] = {}
    for index, grammar in enumerate(GRAMMARS):
        first = groups.setdefault(grammar.prefixes, index)
        members.setdefault(first, []).append(grammar)
    return members


def _read_grammars(frame: pl.DataFrame) -> tuple[list[pl.DataFrame], pl.DataFrame]:
    """Each group's rows through its grammars; rows no grammar reads are returned as unread."""
    parts: list[pl.DataFrame] = []
    unread = [frame.filter(C(_GRAMMAR) == _NO_GRAMMAR)]
    members = _prefix_groups()
    for (first,), rows in (
        frame.filter(C(_GRAMMAR) != _NO_GRAMMAR).partition_by(_GRAMMAR, as_dict=True).items()
    ):
        for grammar in members[cast(int, first)]:
            read = _extract(rows, grammar)
            parts.append(read.filter(C("matched").is_not_null()))
            rows = rows.filter(read["matched"].is_null())
            if rows.is_empty():
                break
        unread.append(rows)
    return parts, pl.concat(unread)


def _extract(rows: pl.DataFrame, grammar: Grammar) -> pl.DataFrame:
    fields = rows[_TEXT].str.extract_groups(grammar.regex).struct.unnest()
    missing = [pl.lit(None, pl.String).alias(g) for g in GROUPS if g not in fields.columns]
    fields = fields.with_columns(missing).select(GROUPS)
    return rows.with_columns(fields.get_columns()).with_columns(
        channel=pl.coalesce(C("channel"), pl.lit(grammar.channel, pl.String)),
        grammar_p2m=pl.lit(grammar.is_p2m, pl.Boolean),
    )


def _read_keywords(rows: pl.DataFrame) -> pl.DataFrame:
    """Lines no grammar reads: a channel from keywords, and a VPA or IFSC printed anywhere."""
    text = C(_TEXT)
    channel = [pl.when(text.str.contains(rx)).then(pl.lit(name)) for name, rx in KEYWORDS]
    return rows.with_columns(
        channel=pl.coalesce(channel),
        vpa=text.str.extract(LOOSE_VPA, 1),
        ifsc=text.str.extract(LOOSE_IFSC, 1),
    )


def _finish(parsed: pl.DataFrame) -> pl.DataFrame:
    """Clean the captured parts and derive the PSP and whether the payee is a merchant."""
    wanted = {**dict.fromkeys(GROUPS, pl.String()), "grammar_p2m": pl.Boolean()}
    missing = [pl.lit(None, t).alias(n) for n, t in wanted.items() if n not in parsed.columns]
    vpa = C("vpa").str.to_lowercase()
    parsed = (
        parsed.with_columns(missing)
        .with_columns(
            counterparty=C("counterparty").str.strip_chars(" -").replace("", None),
            vpa=pl.when(vpa.str.contains("@", literal=True)).then(vpa.str.strip_chars(" -")),
        )
        .with_columns(psp=_psp(C("vpa")))
    )
    return parsed.with_columns(is_p2m=_is_p2m()).select(
        [C(name).cast(dtype) for name, dtype in NARRATION_SCHEMA.items()]
    )


def _psp(vpa: pl.Expr) -> pl.Expr:
    handle = vpa.str.split("@").list.last()
    return handle.replace_strict(PSP_HANDLES, default=None, return_dtype=pl.String)


def _is_p2m() -> pl.Expr:
    """What the line itself says, strongest first: the grammar, the VPA's shape, the payee's name.

    Nothing is guessed: a line that carries none of these signals stays null.
    """
    upi = C("channel") == "UPI"
    kind = C("kind").replace_strict(KIND_IS_P2M, default=None, return_dtype=pl.Boolean)
    return pl.coalesce(
        C("grammar_p2m"),
        kind,
        pl.when(C("vpa").str.contains(MERCHANT_VPA)).then(True),
        pl.when(upi & C("counterparty").str.contains(MERCHANT_NAME)).then(True),
        pl.when(C("vpa").str.contains(PERSONAL_VPA)).then(False),
    )
