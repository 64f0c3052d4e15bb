"""Publishing for readers: after the ledger or the models change, the API and dashboards see it.

Each job ends by publishing a read-only snapshot of the marts and model outputs
(`hisaab.serving`), so readers never touch the warehouse file the pipeline writes.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from hisaab.serving import SERVED_SCHEMAS, publish, published_dir
from orchestration.defs.ledger.assets import hisaab_dbt_models
from orchestration.defs.ml.jobs import ML_TAG
from orchestration.resources import WarehouseResource

LEDGER_SNAPSHOT = dg.AssetKey(["serving", "ledger_snapshot"])
MODELS_SNAPSHOT = dg.AssetKey(["serving", "models_snapshot"])
_MARTS = sorted(key for key in hisaab_dbt_models.keys if key.path[0] == "marts")
_MODEL_OUTPUTS = [
    dg.AssetKey(["ml", name])
    for name in (
        "ledger_categorized",
        "category_review_queue",
        "transaction_anomalies",
        "anomaly_review_queue",
        "spend_forecasts",
        "balance_forecasts",
        "budget_alerts",
    )
]


def _publish(warehouse: WarehouseResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
    folder = Path(warehouse.home) / "published" if warehouse.home else published_dir()
    snapshot = publish(warehouse.location, folder)
    if snapshot is None:
        return dg.MaterializeResult(
            metadata={"how": "PostgreSQL: readers query the warehouse directly (MVCC)"}
        )
    return dg.MaterializeResult(
        metadata={
            "snapshot": dg.MetadataValue.path(str(snapshot)),
            "schemas": ", ".join(SERVED_SCHEMAS),
            "size_mib": round(snapshot.stat().st_size / 2**20, 1),
        }
    )


@dg.asset(
    key=LEDGER_SNAPSHOT,
    deps=_MARTS,
    group_name="serving",
    description="The marts and model outputs as the API and dashboards read them, after a sync.",
)
def ledger_snapshot(warehouse: WarehouseResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
    return _publish(warehouse)


@dg.asset(
    key=MODELS_SNAPSHOT,
    deps=_MODEL_OUTPUTS,
    tags=ML_TAG,
    group_name="serving",
    description="The same snapshot, published again once the models have refreshed.",
)
def models_snapshot(warehouse: WarehouseResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
    return _publish(warehouse)


defs = dg.Definitions(assets=[ledger_snapshot, models_snapshot])
