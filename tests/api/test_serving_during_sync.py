"""The API reads the published snapshot: a bank sync holding the warehouse never blocks it, and
the sync's publish never waits for the API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from hisaab.serving import publish
from hisaab.settings import WarehouseLocation
from tests.api.utils import V1, login

HOLD_THE_WAREHOUSE = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])  # read-write, as dbt holds it during a build
connection.execute("create or replace table marts.being_rebuilt as select 1 as n")
print("holding", flush=True)
sys.stdin.readline()
"""


def test_the_api_serves_while_a_sync_holds_the_warehouse(
    population_client: TestClient, hisaab_home: Path
) -> None:
    headers = login(population_client, "+919000000006")["headers"]
    warehouse = hisaab_home / "warehouse.duckdb"
    sync = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_WAREHOUSE, str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert sync.stdout is not None and sync.stdout.readline().strip() == "holding"
        listing = population_client.get(f"{V1}/transactions", headers=headers)
        assert listing.status_code == 200 and listing.json()["items"]
        assert population_client.get(f"{V1}/insights/monthly", headers=headers).status_code == 200
    finally:
        assert sync.stdin is not None
        sync.stdin.write("done\n")
        sync.stdin.close()
        sync.wait(timeout=30)
    # The sync publishes while the API still holds the previous snapshot open.
    publish(WarehouseLocation("duckdb", path=warehouse), hisaab_home / "published")
    after = population_client.get(f"{V1}/transactions", headers=headers)
    assert after.json()["items"] == listing.json()["items"]
