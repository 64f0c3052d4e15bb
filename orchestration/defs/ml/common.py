"""What every model asset shares: the job tag, blocking checks and where models are stored."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from hisaab.settings import get_settings
from models_ml.registry import ModelRegistry
from orchestration.defs.ml.jobs import ML_TAG
from orchestration.resources import WarehouseResource

ML_TAGS = ML_TAG


def blocking_check(name: str, description: str, asset: dg.AssetKey) -> dg.AssetCheckSpec:
    """A model under its floor or behind its baseline stops the run before it publishes."""
    return dg.AssetCheckSpec(name, asset=asset, description=description, blocking=True)


def model_registry(warehouse: WarehouseResource) -> ModelRegistry:
    """Models live in ``<home>/models``, the warehouse resource's home when it names one."""
    home = Path(warehouse.home) if warehouse.home else get_settings().resolved_home
    return ModelRegistry(home / "models", warehouse.location)
