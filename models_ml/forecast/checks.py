"""The promises the forecast assets' checks keep: better than 1.0 MASE on the median series,
better than the seasonal naive, and the same metrics again from the same data and seed."""

from __future__ import annotations

import json
import math

from models_ml.registry import ModelRecord

MASE_CEILING = 1.0


def mase_below_ceiling(metrics: dict[str, float]) -> bool:
    value = metrics.get("median_mase", math.nan)
    return not math.isnan(value) and value < MASE_CEILING


def beats_baseline(metrics: dict[str, float], baseline: dict[str, float]) -> bool:
    model, naive = metrics.get("median_mase", math.nan), baseline.get("median_mase", math.nan)
    return not (math.isnan(model) or math.isnan(naive)) and model < naive


def reproducible(
    records: list[ModelRecord], name: str, data_hash: str, metrics: dict[str, float]
) -> tuple[bool, str]:
    """Compare with the latest earlier training of ``name`` on the same data (same hash):
    its metrics must be equal. Nothing to compare with is a pass, said so."""
    same_data = [r for r in records if r.name == name and r.data_hash == data_hash]
    if not same_data:
        return True, "first training on this data"
    previous = max(same_data, key=lambda record: record.trained_at)
    if json.loads(previous.metrics) == metrics:
        return True, f"same metrics as {previous.version}"
    return False, f"metrics differ from {previous.version}: {previous.metrics}"


def usable(records: list[ModelRecord], name: str) -> ModelRecord | None:
    """The newest ``name`` whose metrics pass the quality checks (a failed model is in the
    registry for the record, but nothing downstream should use it)."""
    passing = [
        record
        for record in records
        if record.name == name
        and mase_below_ceiling(json.loads(record.metrics))
        and beats_baseline(json.loads(record.metrics), json.loads(record.baseline_metrics))
    ]
    return max(passing, key=lambda record: record.trained_at) if passing else None
