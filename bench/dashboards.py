"""Dashboard render and query times on a warehouse of 10 million transactions (prints figures).

    uv run python bench/dashboards.py [--users 300] [--transactions 10000000]

1. A base home (cached in bench/out): ``--users`` people over 12 months generated, sandbox UPI
   payments and budgets added, then the real ``bank_sync`` and ``ml_refresh`` jobs. Each step is
   timed: it is what a full build costs at this size.
2. A scaled snapshot: the base's published marts and model outputs with every person-level row
   copied under new pseudonymous ids until the ledger holds ``--transactions`` rows (dimensions
   such as categories and merchants are shared, as they would be). The dashboards only read the
   snapshot, so this measures them at 10M rows without a 10M dbt build and model training (the
   README gives dbt about 105 s per million transactions here; ``bench/ml.py --people 10000``
   times the model refresh on copies made the same way, `bench.scaled`).
3. For each page: the time of its queries (called directly, no cache), then its render through
   ``AppTest`` from the entrypoint with an empty cache (what the first analyst waits for) and
   with a warm one. Target: every page under 2 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

# This file is named like the app package: keep its folder off the path so that `import
# dashboards` finds the package, not this script.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
OUT = Path(__file__).resolve().parent / "out"
ROOT = Path(__file__).resolve().parents[1]
SEED = 20260101


def _hisaab(home: Path, *args: str) -> float:
    """One CLI step against ``home``, niced (other work shares the machine); its seconds."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("HISAAB_")}
    env |= {"HISAAB_HOME": str(home), "DAGSTER_HOME": str(home / "dagster")}
    hisaab = str(Path(sys.executable).with_name("hisaab"))
    began = time.perf_counter()
    subprocess.run(["nice", "-n", "19", hisaab, *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    seconds = time.perf_counter() - began
    print(f"  {' '.join(args[:2]):<28} {seconds:8.1f} s")
    return seconds


def base_home(users: int) -> Path:
    """Generated, synced and modelled once; reused while ``built`` exists."""
    home = OUT / f"dashboards-base-{users}u-{SEED}"
    if (home / "built").exists():
        print(f"reusing {home}")
        return home
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    print(f"building the base home: {users} people x 12 months")
    _hisaab(home, "generate", "--users", str(users), "--months", "12", "--seed", str(SEED),
            "--out", str(home / "landing"))  # fmt: skip
    _hisaab(home, "payments", "simulate", "--count", "500", "--people", str(min(users, 200)))
    _budgets(home, users)
    _hisaab(home, "pipeline", "run")
    _hisaab(home, "ml", "run")
    (home / "built").touch()
    return home


def _budgets(home: Path, users: int) -> None:
    from hisaab.app_data import set_budget
    from hisaab.settings import WarehouseLocation

    location = WarehouseLocation("duckdb", path=home / "warehouse.duckdb")
    for number in range(1, users // 3 + 1):
        for category, limit_paise in (("groceries:quick_commerce", 300_000),
                                      ("food_dining:delivery", 150_000)):  # fmt: skip
            set_budget(
                location, f"P{number:06d}", category, limit_paise, starts_on=date(2025, 4, 1)
            )


def scaled_home(base: Path, home: Path, transactions: int) -> Path:
    """``base``'s snapshot with person-level rows copied until the ledger has ``transactions``."""
    import duckdb

    from bench.scaled import copy_tables
    from hisaab.serving import current_snapshot
    from hisaab.settings import Settings

    target = home / "published" / "warehouse-bench.duckdb"
    if (home / "built").exists():
        print(f"reusing {home}")
        return home
    shutil.rmtree(home, ignore_errors=True)
    target.parent.mkdir(parents=True)
    shutil.copytree(base / "dagster", home / "dagster")
    source = current_snapshot(Settings(home=base))
    began = time.perf_counter()
    with duckdb.connect(str(target)) as connection:
        connection.execute(f"attach '{source}' as base (read_only)")
        rows = connection.execute("select count(*) from base.marts.fct_ledger").fetchone()
        copies = -(-transactions // int(rows[0])) if rows else 1
        copy_tables(connection, copies)
    (home / "published" / "current.duckdb").symlink_to(target.name)
    (home / "built").touch()
    print(f"scaled snapshot: {copies} copies of each person in {time.perf_counter() - began:.0f} s")
    return home


def _page_queries() -> dict[str, list[object]]:
    """What each page reads (as it calls it), to time the queries apart from the drawing."""
    from dashboards.data import (
        anomalies,
        budgets,
        models,
        overview,
        payments,
        recurring,
        runs,
        spending,
    )

    return {
        "overview": [overview.key_figures, overview.monthly_volume, overview.source_coverage,
                     overview.category_sources, runs.source_freshness],
        "spending": [spending.by_category_month, spending.payment_modes, spending.top_merchants,
                     spending.festival_effect],
        "budgets": [budgets.adherence, budgets.blown_categories, budgets.alerts_sent],
        "recurring": [recurring.by_kind, recurring.price_rises, recurring.missed_payments],
        "anomalies": [anomalies.queue_summary, anomalies.review_queue],
        "models": [models.registry_metrics, models.confidence_histogram, models.forecast_backtests],
        "payments": [payments.key_figures, payments.by_day, payments.decline_reasons,
                     payments.reconciliation],
        "quality": [runs.check_history],
    }  # fmt: skip


def _query_seconds(functions: list[object]) -> float:
    from dashboards.data import runs
    from dashboards.data.source import tables
    from dashboards.filters import Filters
    from hisaab.serving import PublishedMarts

    marts = PublishedMarts()
    present, home, began = tables(marts), runs.dagster_home(), time.perf_counter()
    for function in functions:
        module = getattr(function, "__module__", "")
        if module.endswith("runs"):
            function(home)  # type: ignore[operator]
        elif getattr(function, "__name__", "") == "registry_metrics":
            function(marts, present)  # type: ignore[operator]
        else:
            function(marts, Filters(), present)  # type: ignore[operator]
    return time.perf_counter() - began


def time_pages() -> list[tuple[str, float, float, float]]:
    """Per page: queries alone, render with an empty cache, render with a warm one."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(ROOT / "dashboards" / "app.py"), default_timeout=900)
    app.run()  # the first run pays for imports: not a page's cost
    results = []
    for page, functions in _page_queries().items():
        queries = _query_seconds(functions)
        st.cache_data.clear()
        app.switch_page(f"views/{page}.py")
        cold = _timed_run(app)
        warm = _timed_run(app)
        if app.exception:
            print(f"  {page}: {app.exception[0].value}")
        results.append((page, queries, cold, warm))
    return results


def _timed_run(app: object) -> float:
    began = time.perf_counter()
    app.run()  # type: ignore[attr-defined]
    return time.perf_counter() - began


def print_table(results: list[tuple[str, float, float, float]]) -> None:
    from hisaab.serving import PublishedMarts

    rows = PublishedMarts().scalar("select count(*) from marts.fct_ledger")
    print(f"\npages on {rows:,} ledger rows (seconds; target: render under 2 s)")
    print(f"  {'page':<10} {'queries':>8} {'render (cold)':>14} {'render (warm)':>14}  ok")
    for page, queries, cold, warm in results:
        mark = "yes" if cold < 2 else "NO"
        print(f"  {page:<10} {queries:8.2f} {cold:14.2f} {warm:14.2f}  {mark}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=300)
    parser.add_argument("--transactions", type=int, default=10_000_000)
    args = parser.parse_args()
    base = base_home(args.users)
    home = scaled_home(base, OUT / f"dashboards-{args.transactions:_}tx", args.transactions)
    os.environ |= {"HISAAB_HOME": str(home), "DAGSTER_HOME": str(home / "dagster")}
    os.environ.pop("HISAAB_WAREHOUSE_URL", None)
    print_table(time_pages())


if __name__ == "__main__":
    main()
