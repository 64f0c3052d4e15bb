"""The quality domain's definitions: a great-expectations check on every suite's table that is an
asset today, so a mart's check appears with its dbt model and never as a stray asset of its own."""

import dagster as dg

from orchestration.defs.ingestion import assets as ingestion_assets
from orchestration.defs.ledger import assets as ledger_assets
from orchestration.defs.quality.checks import build_checks


def _defined_keys() -> set[dg.AssetKey]:
    assets = [*(ingestion_assets.defs.assets or []), *(ledger_assets.defs.assets or [])]
    return {key for asset in assets if isinstance(asset, dg.AssetsDefinition) for key in asset.keys}


defs = dg.Definitions(asset_checks=build_checks(_defined_keys()))
