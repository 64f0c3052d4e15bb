"""Classify and parse bank SMS bodies, vectorized: every template runs over a whole column at once.

This is the only implementation; `ingestion.sms.parse.parse_sms` runs it on a one-row frame, so a
single message and a million-line export are parsed identically.
"""

from __future__ import annotations

import polars as pl

from ingestion.amounts import ist_date, paise, parse_date
from ingestion.sms.patterns import (
    DESCRIPTIONS,
    DIRECTION_WORDS,
    GROUPS,
    NOT_TRANSACTIONS,
    SENDER_BANKS,
    TEMPLATES,
    UNRECOGNISED,
    UPI_APP,
    SmsTemplate,
)

PARSED_SCHEMA: dict[str, pl.DataType] = {
    "bank": pl.String(),
    "is_transaction": pl.Boolean(),
    "reason": pl.String(),
    "direction": pl.String(),
    "amount_paise": pl.Int64(),
    "account_mask": pl.String(),
    "counterparty": pl.String(),
    "vpa": pl.String(),
    "channel": pl.String(),
    "reference": pl.String(),
    "txn_date": pl.Date(),
    "balance_paise": pl.Int64(),
}
_SENDER = r"^(?:[A-Za-z]{2}-)?(?P<header>[A-Za-z0-9]{6})(?:-[A-Za-z])?$"
_VPA = r"^[\w.\-]+@[\w.\-]+$"


def classify(messages: pl.DataFrame) -> pl.DataFrame:
    """Add `PARSED_SCHEMA` columns to a frame with ``sender``, ``body`` and ``received_at``.

    ``received_at`` is naive UTC; its Asia/Kolkata date stands in when a template prints no date.
    Rows whose sender header is unknown (or missing) are tried against every bank's templates.
    Row order is kept.
    """
    frame = messages.with_row_index("sms_row").with_columns(bank=sender_bank(pl.col("sender")))
    parts: list[pl.DataFrame] = []
    for (bank,), rows in frame.partition_by("bank", as_dict=True).items():
        matched = rows.with_columns(template_id=_first_template(bank))
        known = matched.filter(pl.col("template_id").is_not_null())
        for (template_id,), part in known.partition_by("template_id", as_dict=True).items():
            parts.append(_extract(part, TEMPLATES[int(template_id)]))
        parts.append(_not_transactions(matched.filter(pl.col("template_id").is_null())))
    parsed = _describe(_with_all_columns(pl.concat(parts, how="diagonal_relaxed")))
    parsed = parsed.with_columns(bank=pl.col("bank").replace(UPI_APP, None))
    columns = [pl.col(name).cast(dtype) for name, dtype in PARSED_SCHEMA.items()]
    parsed = parsed.sort("sms_row").select(*messages.columns, *columns)
    return _demote_unreadable(parsed)


def sender_bank(sender: pl.Expr) -> pl.Expr:
    """``VM-HDFCBK`` / ``JD-ICICIT-S`` → the bank of the 6-character header, else null."""
    header = sender.str.strip_chars().str.extract(_SENDER, 1).str.to_uppercase()
    return header.replace_strict(SENDER_BANKS, default=None, return_dtype=pl.String)


def _first_template(bank: object) -> pl.Expr:
    """Index of the first of the bank's templates the body matches (templates run per bank, so a
    message pays only for its own bank's); a null bank (unknown sender) tries them all."""
    hits = [
        pl.when(pl.col("body").str.contains(t.regex)).then(pl.lit(i))
        for i, t in enumerate(TEMPLATES)
        if bank is None or t.bank == bank
    ]
    return pl.coalesce(hits) if hits else pl.lit(None, pl.Int64)


def _extract(part: pl.DataFrame, template: SmsTemplate) -> pl.DataFrame:
    groups = part.select(pl.col("body").str.extract_groups(template.regex)).to_series()
    fields = groups.struct.unnest()
    missing = [pl.lit(None, pl.String).alias(g) for g in GROUPS if g not in fields.columns]
    fields = fields.with_columns(missing).select(GROUPS)
    part = part.with_columns(fields.get_columns())
    word = pl.col("direction").str.to_lowercase()
    direction = word.replace_strict(DIRECTION_WORDS, default=None, return_dtype=pl.String)
    mask = pl.col("account").str.to_uppercase().str.replace_all(r"[*.]", "X")
    return part.with_columns(
        bank=pl.lit(template.bank),
        is_transaction=pl.lit(True),
        direction=pl.lit(template.direction) if template.direction else direction,
        channel=pl.lit(template.channel, pl.String),
        amount_paise=paise(pl.col("amount")),
        balance_paise=paise(pl.col("balance")),
        account_mask=mask,
        txn_date=pl.coalesce(
            parse_date(pl.col("date"), template.date_formats), ist_date(pl.col("received_at"))
        ),
    )


def _describe(parsed: pl.DataFrame) -> pl.DataFrame:
    """Channel, counterparty and reference from the ``desc`` group of "other" templates; a
    description no pattern knows is itself the counterparty."""
    desc = pl.col("desc")
    matches = [
        pl.when(desc.str.contains(rx)).then(pl.lit(i)) for i, (_, rx) in enumerate(DESCRIPTIONS)
    ]
    parsed = parsed.with_columns(desc_id=pl.coalesce(matches))
    channels = [
        pl.when(pl.col("desc_id") == i).then(pl.lit(c, pl.String))
        for i, (c, _) in enumerate(DESCRIPTIONS)
    ]
    unknown_desc = pl.when(pl.col("desc_id").is_null()).then(desc)
    parsed = parsed.with_columns(
        channel=pl.coalesce(pl.col("channel"), *channels),
        counterparty=pl.coalesce(pl.col("counterparty"), _described("counterparty"), unknown_desc),
        reference=pl.coalesce(pl.col("reference"), _described("reference")),
    )
    return _vpa_counterparty(parsed)


def _vpa_counterparty(parsed: pl.DataFrame) -> pl.DataFrame:
    """A counterparty printed as a VPA is the VPA; blank counterparties are null."""
    name = pl.col("counterparty").str.strip_chars()
    is_vpa = name.str.contains(_VPA).fill_null(False)
    return parsed.with_columns(
        vpa=pl.coalesce(pl.col("vpa"), pl.when(is_vpa).then(name)),
        counterparty=pl.when(~is_vpa & (name != "")).then(name),
    )


def _described(group: str) -> pl.Expr:
    """The ``group`` captured by whichever description pattern matched (null if it has none)."""
    picks = [
        pl.when(pl.col("desc_id") == i).then(
            pl.col("desc").str.extract_groups(rx).struct.field(group)
        )
        for i, (_, rx) in enumerate(DESCRIPTIONS)
        if f"(?P<{group}>" in rx
    ]
    return pl.coalesce(picks)


def _with_all_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Columns a template would have produced, as nulls, when no message matched any."""
    wanted = {**PARSED_SCHEMA, **{group: pl.String() for group in GROUPS}}
    missing = [
        pl.lit(None, dtype).alias(name)
        for name, dtype in wanted.items()
        if name not in frame.columns
    ]
    return frame.with_columns(missing)


def _not_transactions(frame: pl.DataFrame) -> pl.DataFrame:
    reasons = [
        pl.when(pl.col("body").str.contains(rx)).then(pl.lit(r)) for r, rx in NOT_TRANSACTIONS
    ]
    return frame.with_columns(
        is_transaction=pl.lit(False), reason=pl.coalesce(*reasons, pl.lit(UNRECOGNISED))
    )


def _demote_unreadable(parsed: pl.DataFrame) -> pl.DataFrame:
    """A template match without a readable amount is not a transaction we can use."""
    unreadable = pl.col("is_transaction") & pl.col("amount_paise").is_null()
    return parsed.with_columns(
        is_transaction=pl.col("is_transaction") & ~unreadable,
        reason=pl.when(unreadable).then(pl.lit(UNRECOGNISED)).otherwise(pl.col("reason")),
    )
