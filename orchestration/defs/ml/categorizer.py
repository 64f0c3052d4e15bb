"""The categorizer in Dagster: train and judge it, then place the rows the rules left.

``ml/categorizer_model`` trains on ``marts.fct_ledger`` (rows the rules and people placed),
judges the recipe on held-out people against the payee-lookup and rules-only baselines, and
registers the model. Its blocking checks stop the predictions when the model is under its
floor, no better than the baselines, or not reproducible. ``ml/transaction_categories``
places the uncategorized rows with the newest model that met its targets, queues the unsure
ones (``ml/category_review_queue``) and refreshes the ``ml/ledger_categorized`` view.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import dagster as dg
import polars as pl

from ingestion.warehouse import open_warehouse
from models_ml.categorizer.evaluate import (
    MACRO_F1_FLOOR,
    beats_rules_only,
    meets_floor,
    same_metrics,
    spend_shares,
)
from models_ml.categorizer.features import (
    FEATURE_COLUMNS,
    MAX_TRAINING_ROWS,
    USER_WEIGHT,
    load_ledger,
    with_features,
)
from models_ml.categorizer.predict import (
    predict_unplaced,
    review_queue,
    transaction_categories,
    usable_record,
)
from models_ml.categorizer.publish import publish
from models_ml.categorizer.train import DEFAULT_SEED, TrainingRun, evaluate_recipe, train
from models_ml.registry import ModelRecord
from orchestration.defs.ml.common import ML_TAGS, blocking_check, model_registry
from orchestration.resources import WarehouseResource

MODEL_NAME = "categorizer"
CATEGORIZER_MODEL = dg.AssetKey(["ml", "categorizer_model"])
TRANSACTION_CATEGORIES = dg.AssetKey(["ml", "transaction_categories"])
CATEGORY_REVIEW_QUEUE = dg.AssetKey(["ml", "category_review_queue"])
LEDGER_CATEGORIZED = dg.AssetKey(["ml", "ledger_categorized"])
MACRO_F1_FLOOR_CHECK = "categorizer_macro_f1_floor"
BEATS_RULES_CHECK = "categorizer_beats_rules_only"
REPRODUCIBLE_CHECK = "categorizer_metrics_reproducible"
ONE_ROW_PER_LEDGER_ROW_CHECK = "ledger_categorized_one_row_per_ledger_row"
FCT_LEDGER = dg.AssetKey(["marts", "fct_ledger"])
KINDS = {"python", "scikit-learn"}
MetadataDict = dict[str, dg.MetadataValue]  # type: ignore[type-arg]


@dg.asset(
    key=CATEGORIZER_MODEL,
    deps=[FCT_LEDGER],
    group_name="ml",
    kinds=KINDS,
    tags=ML_TAGS,
    description="TF-IDF + logistic regression placing ledger rows, judged on held-out people.",
    check_specs=[
        blocking_check(MACRO_F1_FLOOR_CHECK, f"held-out macro-F1 at least {MACRO_F1_FLOOR}",
               CATEGORIZER_MODEL),
        blocking_check(BEATS_RULES_CHECK, "macro-F1 above the payee lookup's and more spend "
               "categorized than by the rules alone", CATEGORIZER_MODEL),
        blocking_check(REPRODUCIBLE_CHECK, "same data and seed, same metrics", CATEGORIZER_MODEL),
    ],
)  # fmt: skip
def categorizer_model(warehouse: WarehouseResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
    ledger = load_ledger(warehouse.location)
    run = train(ledger, DEFAULT_SEED)
    # The recipe again from a fresh read of the warehouse: any nondeterminism on the way shows.
    again = evaluate_recipe(with_features(load_ledger(warehouse.location)), DEFAULT_SEED)
    evaluation = run.evaluation
    record = model_registry(warehouse).register(
        MODEL_NAME, run.categorizer, window=run.window, features=FEATURE_COLUMNS,
        metrics=evaluation.metrics, baseline_metrics=evaluation.baseline_metrics,
        data_hash=run.data_hash, seed=DEFAULT_SEED,
    )  # fmt: skip
    reproducible = same_metrics(evaluation.metrics, again.metrics) and same_metrics(
        evaluation.baseline_metrics, again.baseline_metrics
    )
    return dg.MaterializeResult(
        metadata=_model_metadata(record, run),
        check_results=[
            *_quality_checks(run),
            dg.AssetCheckResult(
                check_name=REPRODUCIBLE_CHECK, passed=reproducible,
                metadata={"retrained_metrics": dg.MetadataValue.json(again.metrics)},
            ),
        ],
    )  # fmt: skip


def _quality_checks(run: TrainingRun) -> list[dg.AssetCheckResult]:
    metrics, baseline = run.evaluation.metrics, run.evaluation.baseline_metrics
    compared: MetadataDict = {
        "macro_f1": dg.MetadataValue.float(metrics["macro_f1"]),
        "payee_lookup_macro_f1": dg.MetadataValue.float(baseline["macro_f1"]),
        "floor": dg.MetadataValue.float(MACRO_F1_FLOOR),
        "spend_share_categorized": dg.MetadataValue.float(metrics["spend_share_categorized"]),
        "rules_only_spend_share": dg.MetadataValue.float(baseline["spend_share_categorized"]),
    }
    return [
        dg.AssetCheckResult(
            check_name=MACRO_F1_FLOOR_CHECK, passed=meets_floor(metrics), metadata=compared
        ),
        dg.AssetCheckResult(
            check_name=BEATS_RULES_CHECK,
            passed=beats_rules_only(metrics, baseline),
            metadata=compared,
        ),
    ]


def _model_metadata(record: ModelRecord, run: TrainingRun) -> MetadataDict:
    """Metrics next to the baselines' (``baseline_*``), as the registry has them."""
    evaluation = run.evaluation
    baseline = {f"baseline_{name}": value for name, value in evaluation.baseline_metrics.items()}
    numbers = {**evaluation.metrics, **baseline}
    metadata: MetadataDict = {
        name: dg.MetadataValue.float(value) for name, value in numbers.items()
    }
    metadata["model_version"] = dg.MetadataValue.text(record.version)
    metadata["data_hash"] = dg.MetadataValue.text(run.data_hash)
    metadata["categories"] = dg.MetadataValue.int(len(run.categorizer.categories))
    metadata.update({name: dg.MetadataValue.float(value) for name, value in run.scale.items()})
    metadata["scale"] = dg.MetadataValue.text(
        f"{run.scale['labelled_rows']:,.0f} labelled rows collapsed to "
        f"{run.scale['distinct_rows']:,.0f} distinct ones; each fit on at most about "
        f"{MAX_TRAINING_ROWS:,} (the final one {run.scale['fitted_rows']:,.0f}: rows seen "
        f"{USER_WEIGHT:.0f}+ times and every correction kept, rarer ones a seeded sample "
        f"weighted back); every uncategorized row predicted"
    )
    return metadata


def _spec(key: dg.AssetKey, deps: list[dg.AssetKey], description: str) -> dg.AssetSpec:
    return dg.AssetSpec(
        key, deps=deps, group_name="ml", kinds=KINDS, tags=ML_TAGS, description=description
    )


@dg.multi_asset(
    specs=[
        _spec(TRANSACTION_CATEGORIES, [CATEGORIZER_MODEL, FCT_LEDGER],
              "The model's category for each row the rules left uncategorized."),
        _spec(CATEGORY_REVIEW_QUEUE, [TRANSACTION_CATEGORIES],
              "Rows the model is unsure of, with its top 3 categories, biggest first."),
        _spec(LEDGER_CATEGORIZED, [FCT_LEDGER, TRANSACTION_CATEGORIES],
              "View: fct_ledger with the confident guesses filled in (category_source model)."),
    ],
    check_specs=[
        blocking_check(ONE_ROW_PER_LEDGER_ROW_CHECK, "the view has fct_ledger's rows, each once",
               LEDGER_CATEGORIZED),
    ],
)  # fmt: skip
def transaction_categories_assets(
    warehouse: WarehouseResource,
) -> Iterator[dg.MaterializeResult | dg.AssetCheckResult]:  # type: ignore[type-arg]
    location, registry = warehouse.location, model_registry(warehouse)
    record = usable_record(registry.records(), MODEL_NAME)
    if record is None:
        raise dg.Failure(
            f"no usable {MODEL_NAME} model: materialize {CATEGORIZER_MODEL.to_user_string()}"
        )
    ledger = load_ledger(location)
    predicted_at = datetime.now(UTC).replace(microsecond=0)
    predictions = predict_unplaced(registry.load(record), ledger, record.version, predicted_at)
    queue = review_queue(predictions)
    publish(location, transaction_categories(predictions), queue)
    yield dg.MaterializeResult(
        asset_key=TRANSACTION_CATEGORIES, metadata=_prediction_metadata(record, ledger, predictions)
    )
    yield dg.MaterializeResult(asset_key=CATEGORY_REVIEW_QUEUE, metadata={"rows": queue.height})
    yield dg.MaterializeResult(asset_key=LEDGER_CATEGORIZED)
    yield _one_row_per_ledger_row(warehouse)


def _prediction_metadata(
    record: ModelRecord, ledger: pl.DataFrame, predictions: pl.DataFrame
) -> MetadataDict:
    """The share of spend categorized before (rules and people) and after the model."""
    confident = predictions.select("transaction_id", "is_confident")
    rows = ledger.join(confident, on="transaction_id", how="left")
    before, after = spend_shares(rows)
    return {
        "model_version": dg.MetadataValue.text(record.version),
        "predicted_rows": dg.MetadataValue.int(predictions.height),
        "confident_rows": dg.MetadataValue.int(int(predictions["is_confident"].sum())),
        "review_queue_rows": dg.MetadataValue.int(int((~predictions["is_confident"]).sum())),
        "spend_share_categorized_before": dg.MetadataValue.float(before),
        "spend_share_categorized_after": dg.MetadataValue.float(after),
    }


def _one_row_per_ledger_row(warehouse: WarehouseResource) -> dg.AssetCheckResult:
    """A join that fanned out would count a payment twice in every total read off the view."""
    with open_warehouse(warehouse.location) as opened:
        [(ledger_rows,)] = opened.execute("select count(*) from marts.fct_ledger")
        [(view_rows, distinct)] = opened.execute(
            "select count(*), count(distinct transaction_id) from ml.ledger_categorized"
        )
    counts = [int(str(value)) for value in (ledger_rows, view_rows, distinct)]
    return dg.AssetCheckResult(
        asset_key=LEDGER_CATEGORIZED,
        check_name=ONE_ROW_PER_LEDGER_ROW_CHECK,
        passed=counts[0] == counts[1] == counts[2],
        metadata={"ledger_rows": counts[0], "view_rows": counts[1], "distinct_ids": counts[2]},
    )


defs = dg.Definitions(assets=[categorizer_model, transaction_categories_assets])
