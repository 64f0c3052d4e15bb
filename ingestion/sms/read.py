"""Read SMS export files (JSON Lines) into one frame of sender / received_at / body per line.

The fast path hands all files to polars' NDJSON reader in one call. It cannot say which line is
broken and skips blank lines (which would shift line numbers), so a file that fails it, or has blank
lines, is read line by line with ``json`` instead; only such files pay for Python parsing.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

import numpy as np
import polars as pl

from ingestion.lineage import QuarantineRecord

FIELDS = ("sender", "received_at", "body")
SCHEMA: dict[str, pl.DataType] = {name: pl.String() for name in FIELDS}


def read_lines(
    files: Sequence[tuple[int, bytes]],
) -> tuple[pl.DataFrame, list[QuarantineRecord]]:
    """(file_id, bytes) pairs → rows with ``file_id``, 1-based ``line_no`` and the three fields
    (null when missing), plus quarantine records for lines that are not JSON objects."""
    simple = [_no_blank_lines(data) for _, data in files]
    frame = _read_fast(
        [(i, _terminated(d)) for (i, d), ok in zip(files, simple, strict=True) if ok]
    )
    if frame is not None:
        rest = [file for file, ok in zip(files, simple, strict=True) if not ok]
        done = [frame]
    else:
        rest, done = list(files), []
    quarantined: list[QuarantineRecord] = []
    for file_id, data in rest:
        one = _read_fast([(file_id, _terminated(data))]) if _no_blank_lines(data) else None
        done.append(one if one is not None else _read_slow(file_id, data, quarantined))
    return pl.concat(done, how="vertical_relaxed"), quarantined


def raw_line(data: bytes, line_no: int) -> str:
    return data.split(b"\n")[line_no - 1].rstrip(b"\r").decode("utf-8", "replace")


def _read_fast(files: Sequence[tuple[int, bytes]]) -> pl.DataFrame | None:
    """All files in one NDJSON read, or None when any line breaks it."""
    counts = np.array([data.count(b"\n") for _, data in files], dtype=np.int64)
    payload = b"".join(data for _, data in files)
    try:
        rows = pl.read_ndjson(io.BytesIO(payload), schema=SCHEMA) if payload else _empty()
    except (pl.exceptions.PolarsError, ValueError):
        return None
    if rows.height != int(counts.sum()):
        return None
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return rows.with_columns(
        file_id=pl.Series(np.repeat([file_id for file_id, _ in files], counts), dtype=pl.Int64),
        line_no=pl.Series(np.arange(rows.height, dtype=np.int64) - starts + 1),
    )


def _read_slow(file_id: int, data: bytes, quarantined: list[QuarantineRecord]) -> pl.DataFrame:
    records: list[tuple[object, ...]] = []
    for line_no, raw in enumerate(data.split(b"\n"), start=1):
        text = raw.decode("utf-8", "replace").strip()
        if not text:
            continue
        try:
            message = json.loads(text)
        except ValueError as error:
            quarantined.append((file_id, line_no, text, f"not valid JSON: {error}"))
            continue
        if not isinstance(message, dict):
            quarantined.append((file_id, line_no, text, "not a JSON object"))
            continue
        values = [value if isinstance(value, str) else None for value in map(message.get, FIELDS)]
        records.append((*values, file_id, line_no))
    schema = {**SCHEMA, "file_id": pl.Int64(), "line_no": pl.Int64()}
    return pl.DataFrame(records, schema=schema, orient="row")


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMA)


def _no_blank_lines(data: bytes) -> bool:
    return b"\n\n" not in data and b"\n\r\n" not in data and not data.startswith((b"\n", b"\r"))


def _terminated(data: bytes) -> bytes:
    return data if not data or data.endswith(b"\n") else data + b"\n"
