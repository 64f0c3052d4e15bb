"""The ML benchmark's inputs: a scratch home, the generator's truth, copied people.

``--people`` copies the people of a built warehouse (`bench.scaled`) until there are that
many, and their truth with them, so that the ``ml_refresh`` job can be timed at 10,000 people
without an hour of generation and dbt. The copies are not new people: they have their
original's habits, payees and amounts. Timings and memory are what they measure; model quality
on copies is flattered (a person's copies land on both sides of every held-out split).
"""

from __future__ import annotations

import os
import resource
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from hisaab.settings import WarehouseLocation, get_settings
from models_ml.store import read_frame

TRUTH_FILE = "truth.parquet"


def truth_labels(scratch: Path) -> Any:
    """The generator's truth for the warehouse's rows, written before the job (`write_truth`):
    the sandbox's labels without timing their lookup, which production does not do."""
    from orchestration.defs.ml.anomaly import AnomalyLabels

    class TruthFile(AnomalyLabels):
        path: str

        def labels(self, location: WarehouseLocation) -> pl.DataFrame:
            return pl.read_parquet(self.path)

    return TruthFile(path=str(scratch / TRUTH_FILE))


def write_truth(landing: Path, location: WarehouseLocation, copies: int, out: Path) -> None:
    """``transaction_id``, ``is_anomaly`` of every row to ``out``, the copies' under their
    copied ids."""
    from bench.scaled import id_suffix
    from models_ml.anomaly.labels import truth_labels as read_truth

    truth = read_truth(landing, location)
    suffixed = [truth.with_columns(pl.col("transaction_id") + id_suffix(copy))
                for copy in range(copies)]  # fmt: skip
    pl.concat(suffixed).write_parquet(out)


def scale(base: Path, landing: Path, target: Path, people: int) -> None:
    """The marts of ``base`` with its people copied up to ``people``, and their truth."""
    from bench.scaled import scale_warehouse

    began = time.perf_counter()
    # Reading the truth opens the file for writing; dbt's views name the catalog `warehouse`.
    original = target.parent / "base" / "warehouse.duckdb"
    original.parent.mkdir()
    shutil.copyfile(base, original)
    copies = scale_warehouse(original, target, people, {"marts"})
    location = WarehouseLocation("duckdb", path=original)
    write_truth(landing, location, copies, target.with_name(TRUTH_FILE))
    shutil.rmtree(original.parent)
    sql = "select count(distinct person_ref), count(*) from marts.fct_ledger"
    people_now, rows = read_frame(WarehouseLocation("duckdb", path=target), sql).row(0)
    print(
        f"people: {people_now:,} ({rows:,} ledger rows), {copies} copies of each person of "
        f"{base}: copies, not new people (same habits, payees and amounts); "
        f"{time.perf_counter() - began:.0f} s to copy"
    )


def scratch_home(scratch: Path) -> None:
    """Models, app database and alerts in ``scratch``, with the home's app database copied
    (mandates the forecasts read): a benchmark never sends from the real home."""
    home = get_settings().resolved_home
    if (home / "app.db").exists():
        shutil.copyfile(home / "app.db", scratch / "app.db")
    os.environ["HISAAB_HOME"] = str(scratch)
    get_settings.cache_clear()


class CpuClock:
    """The process's CPU seconds (its threads, and its child processes once they end), sampled
    twice a second: on a shared machine a step's wall time says as much about the neighbours
    as about the step, its CPU time does not."""

    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> CpuClock:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            used = [
                resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
            ]
            self.samples.append((time.time(), sum(u.ru_utime + u.ru_stime for u in used)))
            if self._stop.wait(0.5):
                return

    def between(self, start: float, end: float) -> float:
        """CPU seconds used from ``start`` to ``end`` (epoch seconds)."""
        times, seconds = zip(*self.samples, strict=True)
        return float(np.interp(end, times, seconds) - np.interp(start, times, seconds))
