"""Ingestion throughput against a bare read of the same files (prints figures, asserts nothing).

    uv run python bench/ingest.py [--transactions 1000000] [--landing DIR] [--keep]

Without ``--landing`` a synthetic population of about ``--transactions`` true transactions is
generated with `sandbox.generate` into ``bench/out/`` (reused when the parameters match). The bare
read is the least work that gets every row into memory: ``polars.read_csv`` of each statement from
its header row with every column as text, ``polars.read_ndjson`` of each SMS export and ``json``
of each AA bundle. The ratio ingest / bare read is the figure to watch (target: at most 3).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths
from ingestion.detect import discover
from ingestion.statements.banks import find_header

OUT = Path(__file__).resolve().parent / "out"
MONTHS = 12
SEED = 42


@dataclass(frozen=True)
class Timing:
    label: str
    rows: int
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        speed = f"{self.rows_per_second:>12,.0f} rows/s"
        return f"{self.label:<10} {self.rows:>10,} rows  {self.seconds:>8.2f} s  {speed}"


def landing_for(transactions: int) -> Path:
    """A generated landing folder of about ``transactions`` true events (cached in bench/out)."""
    from sandbox.generate import generate_population, users_for_transactions

    users = users_for_transactions(transactions, months=MONTHS, seed=SEED)
    folder = OUT / f"landing-{users}u-{MONTHS}m-{SEED}"
    manifest = folder / "_truth" / "manifest.json"
    if manifest.exists():
        print(f"reusing {folder}")
        return folder
    print(f"generating {users} users x {MONTHS} months (~{transactions:,} transactions)...")
    summary = generate_population(folder, users=users, months=MONTHS, seed=SEED)
    print(f"  {summary.transactions:,} transactions, {summary.source_rows:,} source rows, "
          f"{summary.files:,} files in {summary.seconds:.1f} s")  # fmt: skip
    return folder


def bare_read(landing: Path) -> Timing:
    """Read every row of every landing file with no parsing beyond what the formats force."""
    files = discover([landing], person_ref="bench").files
    skips = {f.path: _header_line(f.path) for f in files if f.source == "statement"}
    began, rows = time.perf_counter(), 0
    for file in files:
        if file.source == "statement":
            frame = pl.read_csv(file.path, skip_rows=skips[file.path], infer_schema=False,
                                truncate_ragged_lines=True)  # fmt: skip
            rows += frame.height
        elif file.source == "sms":
            rows += _read_sms(file.path)
        elif file.source == "aa":
            bundle = json.loads(file.path.read_bytes())
            rows += sum(
                len(entry["Account"]["Transactions"]["Transaction"])
                for fi in bundle["FI"] for entry in fi["data"]
            )  # fmt: skip
    return Timing("bare read", rows, time.perf_counter() - began)


def _read_sms(path: Path) -> int:
    try:
        return pl.read_ndjson(path).height
    except pl.exceptions.ComputeError:  # a broken line (the fixtures have one): line by line
        lines = path.read_bytes().splitlines()
        return sum(1 for line in lines if line.strip() and _parses(line))


def _parses(line: bytes) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True


def _header_line(path: Path) -> int:
    """Lines before the header row (found outside the timed section: generous to the bare read)."""
    data = path.read_bytes()
    header = find_header(data)
    return data.count(b"\n", 0, header.start) if header else 0


def ingest(landing: Path, warehouse: Path) -> Timing:
    warehouse.unlink(missing_ok=True)
    location = WarehouseLocation("duckdb", path=warehouse)
    began = time.perf_counter()
    report = ingest_paths([landing], location)
    seconds = time.perf_counter() - began
    total = report.total
    for name, counts in report.sources.items():
        print(f"  {name:<10} loaded {counts.loaded:>9,}  duplicate {counts.duplicate:>7,}  "
              f"quarantined {counts.quarantined:>6,}  files {counts.files:>6,}")  # fmt: skip
    return Timing("ingest", total.loaded + total.duplicate + total.quarantined, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transactions", type=int, default=1_000_000)
    parser.add_argument("--landing", type=Path, help="ingest this folder instead of generating")
    parser.add_argument("--keep", action="store_true", help="keep the benchmark warehouse")
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs of each (noise)")
    args = parser.parse_args()
    landing = args.landing.resolve() if args.landing else landing_for(args.transactions)
    scratch = Path(tempfile.mkdtemp(prefix="hisaab-bench-"))
    try:
        bare = min((bare_read(landing) for _ in range(args.repeat)), key=lambda t: t.seconds)
        print(bare.line())
        runs = [ingest(landing, scratch / "warehouse.duckdb") for _ in range(args.repeat)]
        loaded = min(runs, key=lambda t: t.seconds)
        print(loaded.line())
        ratio = loaded.seconds / bare.seconds if bare.seconds else float("inf")
        print(f"ratio ingest / bare read: {ratio:.2f} (target <= 3)")
        if args.keep:
            print(f"warehouse kept at {scratch / 'warehouse.duckdb'}")
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
