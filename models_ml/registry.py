"""The model registry: every trained model, what it saw and how good it was.

Each ``register`` stores the fitted object under ``$HISAAB_HOME/models/<name>/<version>.joblib``
and appends a row to ``ml.model_registry``: version, training window, features, metrics next to
its baseline's, a hash of the training data, the seed. Prediction tables carry the version that
wrote each row, so any number in the app can be traced to the model and data behind it. The same
data and seed give the same hash and metrics (asset checks compare them), not the same version:
the version also names when it was trained.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import joblib
import polars as pl

from hisaab.settings import WarehouseLocation
from models_ml.store import read_frame, replace_table

REGISTRY_TABLE = "model_registry"


@dataclass(frozen=True)
class ModelRecord:
    name: str
    version: str
    trained_at: datetime
    window_start: date
    window_end: date
    features: str  # JSON list
    metrics: str  # JSON object
    baseline_metrics: str  # JSON object
    data_hash: str
    seed: int
    artifact_path: str

    def metric(self, name: str) -> float:
        return float(json.loads(self.metrics)[name])


def data_hash(frame: pl.DataFrame) -> str:
    """Order-independent hash of a training frame: same rows, same hash."""
    if frame.height == 0:
        return hashlib.sha256(b"").hexdigest()
    rows = frame.hash_rows(seed=0, seed_1=1, seed_2=2, seed_3=3).sort()
    digest = hashlib.sha256(rows.to_numpy().tobytes())
    digest.update(json.dumps(list(frame.schema.items()), default=str).encode())
    return digest.hexdigest()


class ModelRegistry:
    def __init__(self, root: Path, location: WarehouseLocation) -> None:
        self.root, self.location = root, location

    def register(
        self, name: str, model: Any, *, window: tuple[date, date], features: list[str],
        metrics: dict[str, float], baseline_metrics: dict[str, float], data_hash: str, seed: int,
    ) -> ModelRecord:  # fmt: skip
        trained_at = datetime.now(UTC).replace(microsecond=0)
        version = f"{name}-{trained_at:%Y%m%dT%H%M%SZ}-{data_hash[:8]}"
        path = self.root / name / f"{version}.joblib"
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(model, path)
        record = ModelRecord(
            name, version, trained_at, window[0], window[1], json.dumps(features),
            json.dumps(metrics, sort_keys=True), json.dumps(baseline_metrics, sort_keys=True),
            data_hash, seed, str(path),
        )  # fmt: skip
        self._append(record)
        return record

    def latest(self, name: str) -> ModelRecord | None:
        records = [record for record in self.records() if record.name == name]
        return max(records, key=lambda record: record.trained_at) if records else None

    def load(self, record: ModelRecord) -> Any:
        return joblib.load(record.artifact_path)

    def records(self) -> list[ModelRecord]:
        try:
            frame = read_frame(self.location, f"select * from ml.{REGISTRY_TABLE}")
        except Exception:
            return []
        return [_record(row) for row in frame.iter_rows(named=True)]

    def _append(self, record: ModelRecord) -> None:
        rows = [asdict(existing) for existing in self.records()] + [asdict(record)]
        frame = pl.DataFrame(rows).with_columns(pl.col("trained_at").dt.replace_time_zone(None))
        replace_table(self.location, REGISTRY_TABLE, frame)


def _record(row: dict[str, Any]) -> ModelRecord:
    """Warehouses store ``trained_at`` as UTC without a zone; the record carries it aware."""
    trained_at = row["trained_at"]
    if trained_at.tzinfo is None:
        row = {**row, "trained_at": trained_at.replace(tzinfo=UTC)}
    return ModelRecord(**row)
