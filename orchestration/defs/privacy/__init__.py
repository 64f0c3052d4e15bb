"""Erasures a bank sync must finish: requests the API could not complete while it held the
warehouse (`hisaab.privacy.erasure`). They run first, before anything is copied or rebuilt."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from hisaab.privacy.erasure import complete_pending
from hisaab.serving import published_dir
from orchestration.defs.app import AppDatabaseResource
from orchestration.resources import WarehouseResource

PENDING_ERASURES = dg.AssetKey(["privacy", "pending_erasures"])


@dg.asset(
    key=PENDING_ERASURES,
    group_name="privacy",
    description="People who asked to be forgotten while a sync held the warehouse, erased now.",
)
def pending_erasures(
    app_database: AppDatabaseResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    folder = Path(warehouse.home) / "published" if warehouse.home else published_dir()
    completed = complete_pending(app_database.engine(), warehouse.location, folder)
    return dg.MaterializeResult(metadata={"erasures_completed": len(completed)})


defs = dg.Definitions(assets=[pending_erasures])
