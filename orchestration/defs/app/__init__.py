"""What people set in the app (profiles, budgets, category corrections) reaches the warehouse.

The app database is the API's; the bank sync copies its rows into ``raw.app_*`` before dbt runs
(`ingestion.app_sync`), so budgets and corrections made since the last sync are in the marts.
"""

from __future__ import annotations

from collections.abc import Iterator

import dagster as dg
from sqlalchemy import Engine

from ingestion.app_sync import SOURCES, sync_app_tables
from orchestration.resources import WarehouseResource

_DESCRIPTIONS = {
    "app_people": "People's profiles for grouping (city, tier, age band); no identifiers.",
    "app_budgets": "Budgets people keep in the app, per category or group.",
    "app_category_corrections": "Transactions people re-filed under another category.",
}


class AppDatabaseResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The app database: ``$HISAAB_HOME/app.db`` (embedded) or ``HISAAB_DATABASE_URL``."""

    url: str | None = None

    def engine(self) -> Engine:
        from payments.db import app_engine

        return app_engine(self.url)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            dg.AssetKey(["raw", raw_table]),
            group_name="raw",
            kinds={"python"},
            description=_DESCRIPTIONS[raw_table],
            # A person who asked to be forgotten is erased before their profile could be copied.
            deps=[dg.AssetKey(["privacy", "pending_erasures"])],
        )
        for raw_table in SOURCES
    ],
)
def raw_app_tables(
    app_database: AppDatabaseResource, warehouse: WarehouseResource
) -> Iterator[dg.MaterializeResult]:  # type: ignore[type-arg]
    counts = sync_app_tables(app_database.engine(), warehouse.location)
    for raw_table, rows in counts.items():
        yield dg.MaterializeResult(
            asset_key=["raw", raw_table], metadata={"rows_copied": dg.MetadataValue.int(rows)}
        )


defs = dg.Definitions(assets=[raw_app_tables], resources={"app_database": AppDatabaseResource()})
