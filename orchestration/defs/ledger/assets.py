"""dbt models as Dagster assets: staging → intermediate → marts, fed by the raw assets."""

from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from orchestration.defs.ledger.project import PRODUCTION_BUILD, dbt_cli, hisaab_dbt_project
from orchestration.resources import WarehouseResource


class HisaabDbtTranslator(DagsterDbtTranslator):
    """Asset keys are ``[schema, name]``, so dbt sources meet the raw assets at ``raw/<table>``."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return dg.AssetKey(["raw", dbt_resource_props["name"]])
        return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "seeds"
        return str(dbt_resource_props["fqn"][1]) if len(dbt_resource_props["fqn"]) > 2 else None


_project = hisaab_dbt_project()


@dbt_assets(
    manifest=_project.manifest_path,
    project=_project,
    dagster_dbt_translator=HisaabDbtTranslator(),
)
def hisaab_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
) -> Iterator[Any]:
    warehouse.export_dbt_env()
    yield from dbt.cli(list(PRODUCTION_BUILD), context=context).stream()


defs = dg.Definitions(
    assets=[hisaab_dbt_models],
    resources={"dbt": dbt_cli(_project)},
)
