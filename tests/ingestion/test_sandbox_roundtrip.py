"""The sandbox generator and ingestion agree on the landing contract: nothing lost or invented.

Generated files must load with nothing quarantined, and what loads must reconcile with ``_truth``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from hisaab.settings import WarehouseLocation
from ingestion import ingest_paths

generate = pytest.importorskip("sandbox.generate")


@pytest.mark.slow
def test_generated_population_loads_and_reconciles(tmp_path: Path) -> None:
    landing = tmp_path / "landing"
    summary = generate.generate_population(landing, users=8, months=2, seed=11)
    location = WarehouseLocation("duckdb", path=tmp_path / "warehouse.duckdb")
    report = ingest_paths([landing], location)
    counts = {name: (c.loaded, c.quarantined) for name, c in report.sources.items()}
    assert counts == {
        "statement": (summary.statement_lines, 0),
        "sms": (summary.sms_messages, 0),
        "aa": (summary.aa_transactions, 0),
    }
    import duckdb

    with duckdb.connect(str(location.path), read_only=True) as connection:
        sms_alerts = connection.execute(
            "select count(*) from raw.sms_messages where is_transaction"
        ).fetchone()
        unrecognised = connection.execute(
            "select count(*) from raw.sms_messages where reason = 'unrecognised'"
        ).fetchone()
        statement_paise = connection.execute(
            "select direction, sum(amount_paise) from raw.statement_lines group by 1 order by 1"
        ).fetchall()
    assert sms_alerts == (summary.sms_alerts,)
    assert unrecognised == (0,)
    assert statement_paise == _truth_paise(landing / "_truth" / "transactions.csv")


def _truth_paise(path: Path) -> list[tuple[str, int]]:
    totals: dict[str, int] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["in_statement"] == "true":
                direction = row["direction"]
                totals[direction] = totals.get(direction, 0) + int(row["amount_paise"])
    return sorted(totals.items())
