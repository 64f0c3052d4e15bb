"""The anomaly detector in Dagster: train and judge it, then score the ledger with it.

``ml/anomaly_model`` trains on the marts, evaluates on people the model never saw against the
rules-only baseline, and registers the model; its blocking checks stop the scoring when the
model is under its floor, no better than the rules, or not reproducible. Labels come from the
``anomaly_labels`` resource: the generator's truth in the sandbox, analysts' verdicts in
production; with too few of them the quality checks warn instead of passing silently.
``ml/transaction_anomalies`` and ``ml/anomaly_review_queue`` are the newest usable model's scores.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import polars as pl

from hisaab.settings import WarehouseLocation, get_settings
from models_ml.anomaly.evaluate import PR_AUC_FLOOR, same_metrics
from models_ml.anomaly.features import load_frame
from models_ml.anomaly.labels import (
    ensure_feedback_table,
    feedback_labels,
    sync_verdicts,
    truth_labels,
)
from models_ml.anomaly.predict import publish, score_transactions, usable_record
from models_ml.anomaly.sample import MAX_FIT_ROWS
from models_ml.anomaly.train import DEFAULT_SEED, FOLDS, TrainingResult, train
from models_ml.registry import ModelRecord
from orchestration.defs.ml.common import ML_TAGS, blocking_check, model_registry
from orchestration.resources import WarehouseResource

MODEL_NAME = "anomaly_detector"
ANOMALY_MODEL = dg.AssetKey(["ml", "anomaly_model"])
TRANSACTION_ANOMALIES = dg.AssetKey(["ml", "transaction_anomalies"])
ANOMALY_REVIEW_QUEUE = dg.AssetKey(["ml", "anomaly_review_queue"])
PR_AUC_FLOOR_CHECK = "anomaly_pr_auc_floor"
BEATS_RULES_CHECK = "anomaly_beats_rules_only"
REPRODUCIBLE_CHECK = "anomaly_metrics_reproducible"
SCORES_COVER_LEDGER_CHECK = "anomaly_scores_cover_ledger"
KINDS = {"python", "scikit-learn"}
MARTS = [
    dg.AssetKey(["marts", name])
    for name in ("fct_ledger", "fct_anomalies", "fct_account_balances_daily", "dim_categories")
]


class AnomalyLabels(dg.ConfigurableResource, ABC):  # type: ignore[type-arg]
    """Transactions someone judged: ``transaction_id``, ``is_anomaly`` (suspicious or not)."""

    @abstractmethod
    def labels(self, location: WarehouseLocation) -> pl.DataFrame: ...


class AnalystFeedbackLabels(AnomalyLabels):
    """Production: the latest verdict per transaction in ``ml.anomaly_feedback``."""

    def labels(self, location: WarehouseLocation) -> pl.DataFrame:
        sync_verdicts(location)
        return feedback_labels(location)


class SandboxTruthLabels(AnomalyLabels):
    """Sandbox: the generator's truth in the landing folder (default ``$HISAAB_HOME/landing``);
    a landing folder of real files has none, and the analysts' verdicts are used instead."""

    landing: str | None = None

    def labels(self, location: WarehouseLocation) -> pl.DataFrame:
        folder = Path(self.landing) if self.landing else get_settings().landing_dir
        if not (folder / "_truth" / "transactions.csv").exists():
            sync_verdicts(location)
            return feedback_labels(location)
        return truth_labels(folder, location)


def anomaly_labels() -> AnomalyLabels:
    if get_settings().profile == "production":
        return AnalystFeedbackLabels()
    return SandboxTruthLabels()


@dg.asset(
    key=ANOMALY_MODEL,
    deps=MARTS,
    group_name="ml",
    kinds=KINDS,
    tags=ML_TAGS,
    description="IsolationForest + logistic layer over per-person features and the rule flags.",
    check_specs=[
        blocking_check(
            PR_AUC_FLOOR_CHECK, f"held-out PR-AUC at least {PR_AUC_FLOOR}", ANOMALY_MODEL
        ),
        blocking_check(
            BEATS_RULES_CHECK, "held-out PR-AUC above the rules-only one", ANOMALY_MODEL
        ),
        blocking_check(REPRODUCIBLE_CHECK, "same data and seed, same metrics", ANOMALY_MODEL),
    ],
)
def anomaly_model(
    warehouse: WarehouseResource, anomaly_labels: AnomalyLabels
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    location, registry = warehouse.location, model_registry(warehouse)
    ensure_feedback_table(location)
    frame, labels = load_frame(location), anomaly_labels.labels(location)
    result = train(frame, labels, DEFAULT_SEED)
    # Features and model again from the warehouse: any nondeterminism on the way shows.
    again = train(load_frame(location), labels, DEFAULT_SEED)
    record = registry.register(
        MODEL_NAME, result.model, window=result.window, features=result.model.inputs,
        metrics=result.metrics, baseline_metrics=result.baseline_metrics,
        data_hash=result.data_hash, seed=DEFAULT_SEED,
    )  # fmt: skip
    return dg.MaterializeResult(
        metadata=_model_metadata(record, result, frame.height, type(anomaly_labels).__name__),
        check_results=[*_quality_checks(result), _reproducible_check(result, again)],
    )


def _quality_checks(result: TrainingResult) -> list[dg.AssetCheckResult]:
    if not result.evaluated:
        return [
            dg.AssetCheckResult(
                check_name=name,
                passed=False,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"skipped": dg.MetadataValue.text(result.note)},
            )
            for name in (PR_AUC_FLOOR_CHECK, BEATS_RULES_CHECK)
        ]
    pr_auc, baseline = result.metrics["pr_auc"], result.baseline_metrics["pr_auc"]
    compared = {"pr_auc": pr_auc, "rules_only_pr_auc": baseline, "floor": PR_AUC_FLOOR}
    return [
        dg.AssetCheckResult(
            check_name=PR_AUC_FLOOR_CHECK, passed=pr_auc >= PR_AUC_FLOOR, metadata=compared
        ),
        dg.AssetCheckResult(
            check_name=BEATS_RULES_CHECK, passed=pr_auc > baseline, metadata=compared
        ),
    ]


def _reproducible_check(result: TrainingResult, again: TrainingResult) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        check_name=REPRODUCIBLE_CHECK,
        passed=again.data_hash == result.data_hash and same_metrics(result.metrics, again.metrics),
        metadata={"retrained_metrics": dg.MetadataValue.json(again.metrics)},
    )


def _model_metadata(
    record: ModelRecord, result: TrainingResult, rows: int, labels: str
) -> dict[str, dg.MetadataValue]:  # type: ignore[type-arg]
    """Metrics next to the rules-only baseline's (``baseline_*``), as the registry has them."""
    baseline = {f"baseline_{name}": value for name, value in result.baseline_metrics.items()}
    numbers = {
        name: dg.MetadataValue.float(value)
        for name, value in {**result.metrics, **baseline}.items()
    }
    texts = {
        "model_version": record.version, "labels": labels, "evaluation": result.note,
        "data_hash": result.data_hash, "scale": _scale(result, rows),
    }  # fmt: skip
    return {
        **numbers,
        **{name: dg.MetadataValue.text(value) for name, value in texts.items()},
        "training_rows": dg.MetadataValue.int(rows),
        **{name: dg.MetadataValue.float(value) for name, value in result.model.fitted.items()},
    }


def _scale(result: TrainingResult, rows: int) -> str:
    """How the size was handled, in words: the samples each fit drew, what was not sampled."""
    fitted = result.model.fitted
    return (
        f"each fit ({FOLDS} person folds, then the final model) on a seeded sample of at most "
        f"{MAX_FIT_ROWS:,} rows: the final one {fitted['forest_rows']:,.0f} of {rows:,} rows "
        f"(rate {fitted['sampling_rate']:.3f}) for the forest, {fitted['classifier_rows']:,.0f} "
        f"for the classifier (every suspicious judgement kept, the rest weighted 1/rate); "
        f"every judged row scored out of fold; the reproducibility check retrains in full"
    )


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            TRANSACTION_ANOMALIES,
            deps=[ANOMALY_MODEL, *MARTS],
            group_name="ml",
            kinds=KINDS,
            tags=ML_TAGS,
            description="Every ledger transaction's anomaly score; flagged ones with a reason.",
        ),
        dg.AssetSpec(
            ANOMALY_REVIEW_QUEUE,
            deps=[TRANSACTION_ANOMALIES],
            group_name="ml",
            kinds=KINDS,
            tags=ML_TAGS,
            description="Flagged transactions, most suspicious first.",
        ),
    ],
    check_specs=[
        blocking_check(
            SCORES_COVER_LEDGER_CHECK, "one score in 0..1 per ledger row", TRANSACTION_ANOMALIES
        )
    ],
)
def transaction_anomalies(warehouse: WarehouseResource):  # type: ignore[no-untyped-def]
    location, registry = warehouse.location, model_registry(warehouse)
    record = usable_record(registry.records(), MODEL_NAME)
    if record is None:
        raise dg.Failure(
            f"no usable {MODEL_NAME} model: materialize {ANOMALY_MODEL.to_user_string()}"
        )
    frame = load_frame(location)
    scored_at = datetime.now(UTC).replace(microsecond=0)
    scored = score_transactions(registry.load(record), frame, record.version, scored_at)
    queue = publish(location, scored)
    yield dg.MaterializeResult(
        asset_key=TRANSACTION_ANOMALIES,
        metadata={"model_version": record.version, "rows": scored.height,
                  "flagged": int(scored["is_flagged"].sum())},
    )  # fmt: skip
    yield dg.MaterializeResult(asset_key=ANOMALY_REVIEW_QUEUE, metadata={"rows": queue.height})
    covered = scored["transaction_id"].n_unique() == frame.height == scored.height
    in_range = bool(scored["score"].is_between(0.0, 1.0).all())
    yield dg.AssetCheckResult(
        asset_key=TRANSACTION_ANOMALIES, check_name=SCORES_COVER_LEDGER_CHECK,
        passed=covered and in_range, metadata={"rows": scored.height, "ledger_rows": frame.height},
    )  # fmt: skip


defs = dg.Definitions(
    assets=[anomaly_model, transaction_anomalies],
    resources={"anomaly_labels": anomaly_labels()},
)
