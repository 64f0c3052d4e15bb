"""SMS and narration parse throughput against one precompiled regex pass (prints, asserts nothing).

    uv run python bench/parse.py [--messages 500000] [--repeat 3]

The inputs are the hand-labelled corpora in tests/fixtures/parsing/ (every issuer and grammar, the
non-transaction SMS included), repeated to ``--messages`` rows so each bank's share stays as in the
corpus. Two baselines over the same texts:

- ``re pass``: one precompiled Python regex (an amount, or a narration's leading rail and
  reference) searched in every text: the least a parser must do to look at each message once. The
  ratio parse / ``re pass`` is the figure the target is set on (within 5x).
- ``polars pass``: the same regex as one vectorized ``str.extract`` over the column, the
  least a vectorized parser can do; shown for scale.

Each timing is the best of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import polars as pl

from ingestion.narration import parse_narrations
from ingestion.sms.classify import classify

CORPORA = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "parsing"
SMS_BASELINE = re.compile(r"(?:Rs\.?|INR|₹)\s?(\d[\d,]*(?:\.\d{1,2})?)")
NARRATION_BASELINE = re.compile(r"^(?:[A-Z ]+-)?(UPI|NEFT|IMPS|RTGS|ACH|POS)[-/ ]([A-Z0-9]+)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=500_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    sms = _sms_frame(args.messages)
    bodies = sms["body"].to_list()
    print(f"SMS: {sms.height:,} messages from {CORPORA / 'sms_corpus.jsonl'}")
    parsed = _best(args.repeat, lambda: classify(sms))
    re_pass = _best(args.repeat, lambda: [SMS_BASELINE.search(body) for body in bodies])
    polars_pass = _best(
        args.repeat, lambda: sms.select(pl.col("body").str.extract(SMS_BASELINE.pattern, 1))
    )
    _report(sms.height, parsed, re_pass, polars_pass)

    narrations = _narration_series(args.messages)
    texts = narrations.to_list()
    print(f"\nNarrations: {narrations.len():,} from {CORPORA / 'narration_corpus.jsonl'}")
    parsed = _best(args.repeat, lambda: parse_narrations(narrations))
    re_pass = _best(
        args.repeat, lambda: [NARRATION_BASELINE.search(text.upper()) for text in texts]
    )
    polars_pass = _best(
        args.repeat,
        lambda: narrations.str.to_uppercase().str.extract(NARRATION_BASELINE.pattern, 1),
    )
    _report(narrations.len(), parsed, re_pass, polars_pass)


def _sms_frame(rows: int) -> pl.DataFrame:
    lines = (CORPORA / "sms_corpus.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    corpus = pl.DataFrame(
        {
            "sender": [record.get("sender") or "" for record in records],
            "body": [record["body"] for record in records],
            "received_at": [
                datetime.fromisoformat(record["received_at"]).replace(tzinfo=None)
                if record.get("received_at")
                else datetime(2025, 4, 1)
                for record in records
            ],
        },
        schema={"sender": pl.String, "body": pl.String, "received_at": pl.Datetime("us")},
    )
    return _repeated(corpus, rows)


def _narration_series(rows: int) -> pl.Series:
    lines = (CORPORA / "narration_corpus.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["narration"] for line in lines if line.strip()]
    return _repeated(pl.DataFrame({"narration": texts}), rows)["narration"]


def _repeated(frame: pl.DataFrame, rows: int) -> pl.DataFrame:
    copies = -(-rows // frame.height)
    return pl.concat([frame] * copies).head(rows)


def _best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def _report(rows: int, parsed: float, re_pass: float, polars_pass: float) -> None:
    for label, seconds in (("parse", parsed), ("re pass", re_pass), ("polars pass", polars_pass)):
        print(f"  {label:<12} {seconds:>7.2f} s  {rows / seconds:>12,.0f} msgs/s")
    print(f"  ratio parse / re pass:     {parsed / re_pass:5.2f}  (target: at most 5)")
    print(f"  ratio parse / polars pass: {parsed / polars_pass:5.2f}")


if __name__ == "__main__":
    main()
