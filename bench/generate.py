"""Benchmark of the synthetic population generator: rows per second, generation included writing.

    uv run python bench/generate.py [--transactions 1000000] [--months 12] [--keep DIR]

Picks the number of users that lands near the requested count of true transactions (from a small
pilot), generates into a temporary folder and prints the figures. Set POLARS_MAX_THREADS=1 to
measure one core.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from sandbox.generate import GenerationSummary, generate_population, users_for_transactions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--keep", type=Path, help="write here and keep the output")
    args = parser.parse_args()
    users = users_for_transactions(args.transactions, months=args.months, seed=args.seed)
    if args.keep:
        summary = generate_population(args.keep, users=users, months=args.months, seed=args.seed)
    else:
        with tempfile.TemporaryDirectory(prefix="hisaab-bench-") as folder:
            summary = generate_population(
                Path(folder), users=users, months=args.months, seed=args.seed
            )
    report(summary, args.months)


def report(summary: GenerationSummary, months: int) -> None:
    seconds = summary.seconds
    threads = os.environ.get("POLARS_MAX_THREADS", "all")
    print(f"users={summary.people} months={months} polars_threads={threads}")
    events, rows = summary.transactions, summary.source_rows
    print(
        f"true transactions {events:>12,}  {events / seconds:>10,.0f} /s  "
        f"{events / seconds * 60:>12,.0f} /min"
    )
    print(
        f"source rows       {rows:>12,}  {rows / seconds:>10,.0f} /s  "
        f"(statement {summary.statement_lines:,}, SMS {summary.sms_messages:,}, "
        f"AA {summary.aa_transactions:,})"
    )
    print(f"files             {summary.files:>12,}")
    print(f"seconds           {seconds:>12.2f}")


if __name__ == "__main__":
    main()
