"""What the ML pieces cost and how good they are, on a built warehouse (prints, asserts nothing).

    uv run python bench/ml.py [--warehouse PATH] [--landing PATH] [--piece assets]
                              [--people 10000] [--sample 200]

``--warehouse`` is a DuckDB file with the marts built (default: ``$HISAAB_HOME``'s), its
generator's truth in ``--landing`` (default: ``$HISAAB_HOME/landing``); it is copied first,
since reading opens it for writing. ``--people N`` copies its people under new ids until there
are at least N (`bench.ml_scaled`; it says so: copies, not new people). One function per piece.

assets: the whole ``ml_refresh`` job (train, evaluate, check and predict every model) on the
copied warehouse, in a scratch home, with each step's wall time, the process's peak memory and
how each model handled the size: the cost of the daily model refresh for that population
(``make demo``'s 300 people, or 10,000 with ``--people 10000``). The anomaly labels are the
generator's truth, looked up before the job (production reads analysts' verdicts instead).

forecast: the pooled Prophet (one fit per category group and origin, ``models_ml.forecast``)
against one Prophet per series on a seeded sample of ``--sample`` person x category-group
series, both on the same three rolling origins, side by side: Prophet fits, wall seconds,
seconds per series, and the median MASE on the sample (the seasonal naive's for reference).
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from bench.ml_scaled import (
    TRUTH_FILE,
    CpuClock,
    scale,
    scratch_home,
    truth_labels,
    write_truth,
)
from hisaab.settings import WarehouseLocation, get_settings
from models_ml.forecast.calendar import month_end
from models_ml.forecast.history import SpendHistory, read_spend_history
from models_ml.forecast.panel import Panel, build_panel
from models_ml.forecast.prophet_model import GroupJob, run_jobs
from models_ml.forecast.spend import Cut, plan_cuts
from models_ml.forecast.train import SEED, train_spend
from models_ml.store import read_frame


def forecast(location: WarehouseLocation, sample: int) -> None:
    history = read_spend_history(location)
    started = time.perf_counter()
    run = train_spend(history)
    pooled_seconds = time.perf_counter() - started
    panel = build_panel(history)
    cuts = [cut for cut in plan_cuts(panel, history.as_of) if cut.is_backtest]
    rows = _sample(run.backtests, sample)
    started = time.perf_counter()
    own = _per_series_errors(history, panel, cuts, rows)
    own_seconds = time.perf_counter() - started
    pooled = _median_mase(run.backtests, rows, "prophet")
    naive = _median_mase(run.backtests, rows, "seasonal_naive")
    series = panel.series.height
    print(f"forecast: {series} series, {len(cuts)} origins, sample of {rows.height} series")
    print(f"{'approach':<28}{'fits':>7}{'seconds':>10}{'s/series':>10}{'median MASE':>13}")
    fits = int(str(run.forecaster.method["prophet_fits"]))
    _line("pooled per group (all)", fits, pooled_seconds, series, pooled)
    _line("Prophet per series (sample)", rows.height * len(cuts), own_seconds, rows.height, own)
    print(f"{'seasonal naive (sample)':<28}{'':>37}{naive:>13.3f}")
    ratio = (own_seconds / rows.height) / (pooled_seconds / series)
    print(f"cost per series, per-series Prophet over pooled: {ratio:.0f}x")


def _line(name: str, fits: int, seconds: float, series: int, mase: float) -> None:
    print(f"{name:<28}{fits:>7}{seconds:>10.1f}{seconds / series:>10.3f}{mase:>13.3f}")


def _sample(backtests: pl.DataFrame, size: int) -> pl.DataFrame:
    """Series that have a MASE scale at every origin, a seeded sample of them."""
    scored = backtests.filter(pl.col("model") == "prophet").group_by("person_ref", "category_group")
    eligible = scored.agg(pl.col("mase").is_not_null().all().alias("ok")).filter("ok")
    eligible = eligible.sort("person_ref", "category_group")
    return eligible.sample(min(size, eligible.height), seed=SEED).drop("ok")


def _median_mase(backtests: pl.DataFrame, rows: pl.DataFrame, model: str) -> float:
    chosen = backtests.filter(pl.col("model") == model).join(
        rows, on=["person_ref", "category_group"]
    )
    per_series = chosen.group_by("person_ref", "category_group").agg(pl.col("mase").mean())
    return float(per_series["mase"].median())  # type: ignore[arg-type]


def _per_series_errors(
    history: SpendHistory, panel: Panel, cuts: list[Cut], rows: pl.DataFrame
) -> float:
    """Median MASE of one Prophet per series (its own non-recurring days, the same recurring
    part and configuration as the pooled model), fitted in the process pool."""
    keys = list(rows.iter_rows())
    index = {key: i for i, key in enumerate(panel.series.iter_rows())}
    jobs = [_own_job(history, person, group, cut) for person, group in keys for cut in cuts]
    fits = iter(run_jobs(jobs))
    mase = []
    for person, group in keys:
        row = index[(person, group)]
        errors = []
        for cut in cuts:
            other = next(fits).months.get(cut.periods[0], 0.0) * 100.0
            forecast = panel.recurring_level(cut.target)[row] + other
            errors.append(
                abs(forecast - panel.spend[row, cut.target]) / panel.mase_scale(cut.target)[row]
            )
        mase.append(np.mean(errors))
    return float(np.median(mase))


def _own_job(history: SpendHistory, person: str, group: str, cut: Cut) -> GroupJob:
    first = history.spans.filter(pl.col("person_ref") == person)["first_day"].item()
    days = np.arange(np.datetime64(first), np.datetime64(cut.cut), dtype="datetime64[D]")
    rows = history.daily.filter(
        (pl.col("person_ref") == person) & (pl.col("category_group") == group)
        & ~pl.col("is_recurring") & pl.col("business_date").is_between(first, cut.cut, "left")
    )  # fmt: skip
    values = np.zeros(len(days))
    offsets = (rows["business_date"].to_numpy().astype("datetime64[D]") - days[0]).astype(int)
    np.add.at(values, offsets, rows["outflow_paise"].to_numpy() / 100.0)
    return GroupJob(f"{person}:{group}", cut.cut, first, values, month_end(cut.periods[-1]), SEED)


def assets(location: WarehouseLocation, _sample: int) -> None:
    """Run the job in process, models and app database in a scratch home; print step times."""
    import dagster as dg

    from orchestration.definitions import defs
    from orchestration.defs.ml.jobs import ML_JOB
    from orchestration.resources import WarehouseResource

    assert location.path is not None
    people = read_frame(location, "select count(distinct person_ref) from marts.fct_ledger")
    rows = read_frame(location, "select count(*) from marts.fct_ledger")
    print(f"assets: ml_refresh on {people.item():,} people, {rows.item():,} ledger rows")
    job, folder = defs.resolve_job_def(ML_JOB), location.path.parent
    warehouse = WarehouseResource(url=f"duckdb://{location.path}", home=str(location.path.parent))
    started = time.time()
    with dg.DagsterInstance.ephemeral() as instance, CpuClock() as cpu:
        result = job.execute_in_process(
            instance=instance,
            resources={"warehouse": warehouse, "anomaly_labels": truth_labels(folder)},
            raise_on_error=False,
        )
        entries = instance.all_logs(result.run_id)
    ended = time.time()
    print(f"  {'step':<40}{'wall s':>9}{'CPU s':>9}")
    for step, (start, end) in _step_times(entries).items():
        print(f"  {step:<40}{end - start:>9.1f}{cpu.between(start, end):>9.1f}")
    state = "succeeded" if result.success else "FAILED"
    whole = f"{ended - started:>9.1f}{cpu.between(started, ended):>9.1f}"
    print(f"  {'whole job (' + state + ')':<40}{whole}, peak memory {_peak_gib():.1f} GiB")
    _print_scale(result)


def _peak_gib() -> float:
    """This process's peak resident memory (the job runs in it; Prophet's workers apart)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def _print_scale(result: Any) -> None:
    """How each model handled the size, from its materialization metadata."""
    for event in result.get_asset_materialization_events():
        scale = event.materialization.metadata.get("scale")
        if scale is not None:
            print(f"  {event.asset_key.to_user_string()}: {scale.value}")


def _step_times(entries: Sequence[Any]) -> dict[str, tuple[float, float]]:
    """Each step's start and its success or failure (epoch seconds), from the event log."""
    starts: dict[str, float] = {}
    times: dict[str, tuple[float, float]] = {}
    for entry in entries:
        event = entry.dagster_event
        if event is None or entry.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[entry.step_key] = entry.timestamp
        elif event.event_type_value in {"STEP_SUCCESS", "STEP_FAILURE"}:
            times[entry.step_key] = (starts.get(entry.step_key, entry.timestamp), entry.timestamp)
    return times


PIECES: dict[str, Callable[[WarehouseLocation, int], None]] = {
    "forecast": forecast,
    "assets": assets,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=get_settings().warehouse.path)
    parser.add_argument("--landing", type=Path, default=get_settings().landing_dir)
    parser.add_argument("--piece", choices=sorted(PIECES), action="append")
    parser.add_argument("--sample", type=int, default=200)
    parser.add_argument("--people", type=int, help="copy the warehouse's people up to this many")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        copied = Path(folder) / "warehouse.duckdb"
        if args.people:
            # In a child process, so that the job's peak memory is not the copying's.
            scaling = multiprocessing.get_context("spawn").Process(
                target=scale, args=(args.warehouse, args.landing, copied, args.people)
            )
            scaling.start()
            scaling.join()
        else:
            shutil.copyfile(args.warehouse, copied)
            write_truth(
                args.landing,
                WarehouseLocation("duckdb", path=copied),
                1,
                copied.with_name(TRUTH_FILE),
            )
        scratch_home(Path(folder))
        for piece in args.piece or sorted(PIECES):
            PIECES[piece](WarehouseLocation("duckdb", path=copied), args.sample)


if __name__ == "__main__":
    main()
