"""Train the categorizer and measure it on people it never saw.

People, not rows, are split (by a seeded hash of ``person_ref``): 60% train the model, 20%
(validation) set its confidence threshold and 20% (test) judge it. A person's own payees and
habits would otherwise sit on both sides and flatter it. The model kept is the same recipe
fitted again on every labelled row, so that every correction anyone made teaches it; its
metrics are the recipe's on the test people.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl

from models_ml.categorizer.evaluate import (
    calibration_error,
    choose_threshold,
    macro_f1,
    payee_lookup,
    spend_shares,
)
from models_ml.categorizer.features import (
    LABEL,
    UNPLACED_SOURCE,
    bounded,
    labelled,
    training_table,
    with_features,
)
from models_ml.categorizer.model import Categorizer, fit_pipeline
from models_ml.registry import data_hash

DEFAULT_SEED = 20251101
TEST_SHARE = VALIDATION_SHARE = 0.2
MIN_PEOPLE = 3  # one each to train, set the threshold and judge


class NotEnoughPeople(ValueError):
    """Too few people with labelled rows to judge a model on people it never saw."""


@dataclass(frozen=True)
class Evaluation:
    categorizer: Categorizer  # fitted on the training people only
    metrics: dict[str, float]
    baseline_metrics: dict[str, float]
    test_rows: pl.DataFrame  # the test people's rows, features and the model's guesses


@dataclass(frozen=True)
class TrainingRun:
    categorizer: Categorizer  # the recipe fitted on every labelled row
    evaluation: Evaluation
    data_hash: str
    window: tuple[date, date]
    scale: dict[str, float] = field(default_factory=dict)  # rows learned from, and fitted on


def person_splits(people: list[str], seed: int) -> pl.DataFrame:
    """``person_ref`` → ``split`` (train / validation / test), a seeded shuffle by hash: the
    same people and seed always split alike, whatever order they come in."""
    ranked = sorted(set(people), key=lambda ref: hashlib.sha256(f"{seed}:{ref}".encode()).digest())
    if len(ranked) < MIN_PEOPLE:
        raise NotEnoughPeople(f"{len(ranked)} people with labelled rows, need {MIN_PEOPLE}")
    tests = max(1, round(len(ranked) * TEST_SHARE))
    validations = max(1, round(len(ranked) * VALIDATION_SHARE))
    splits = ["test"] * tests + ["validation"] * validations
    splits += ["train"] * (len(ranked) - len(splits))
    return pl.DataFrame({"person_ref": ranked, "split": splits})


def evaluate_recipe(rows: pl.DataFrame, seed: int) -> Evaluation:
    """Fit on the training people, set the threshold on validation, judge on test."""
    people = labelled(rows)["person_ref"].unique().to_list()
    split = rows.join(person_splits(people, seed), on="person_ref", how="left")
    train_rows = split.filter(pl.col("split") == "train")
    pipeline = fit_pipeline(training_table(train_rows), seed)
    validation = labelled(split.filter(pl.col("split") == "validation"))
    scores = Categorizer(pipeline, 1.0).predict(validation)
    threshold = choose_threshold(
        scores["confidence"].to_numpy(),
        (scores["predicted_category"] == validation[LABEL]).to_numpy(),
    )
    categorizer = Categorizer(pipeline, threshold)
    test_rows = split.filter(pl.col("split") == "test")
    test_rows = test_rows.hstack(categorizer.predict(test_rows))
    metrics, baseline = held_out_metrics(test_rows, labelled(train_rows), threshold)
    return Evaluation(categorizer, metrics, baseline, test_rows)


def held_out_metrics(
    test_rows: pl.DataFrame, training: pl.DataFrame, threshold: float
) -> tuple[dict[str, float], dict[str, float]]:
    """The model's metrics and the baselines' on the test people (``test_rows`` carry the
    model's ``predicted_category``, ``confidence`` and ``is_confident``)."""
    judged = labelled(test_rows)
    truth, confidence = judged[LABEL].to_numpy(), judged["confidence"].to_numpy()
    correct = judged["predicted_category"].to_numpy() == truth
    confident = judged["is_confident"].to_numpy()
    guesses = payee_lookup(training, judged)
    rules_share, model_share = spend_shares(test_rows)
    metrics = {
        "macro_f1": macro_f1(truth, judged["predicted_category"].to_numpy()),
        "accuracy": float(correct.mean()),
        "precision_at_threshold": float(correct[confident].mean()) if confident.any() else 0.0,
        "coverage_at_threshold": float(confident.mean()),
        "calibration_error": calibration_error(confidence, correct),
        "threshold": threshold,
        "spend_share_categorized": model_share,
        "test_people": float(test_rows["person_ref"].n_unique()),
        "test_rows": float(judged.height),
        "test_uncategorized_rows": float(
            test_rows.filter(pl.col("category_source") == UNPLACED_SOURCE).height
        ),
    }
    baseline = {
        "macro_f1": macro_f1(truth, guesses),
        "accuracy": float(np.mean(guesses == truth)),
        "spend_share_categorized": rules_share,
    }
    return metrics, baseline


def train(ledger: pl.DataFrame, seed: int = DEFAULT_SEED) -> TrainingRun:
    """Judge the recipe on held-out people, then fit it on every labelled row."""
    rows = with_features(ledger)
    evaluation = evaluate_recipe(rows, seed)
    table = training_table(rows)
    categorizer = Categorizer(fit_pipeline(table, seed), evaluation.categorizer.threshold)
    dates = labelled(rows)["business_date"]
    window: tuple[date, date] = (dates.min(), dates.max())  # type: ignore[assignment]
    scale = {
        "labelled_rows": float(dates.len()),
        "distinct_rows": float(table.height),
        "fitted_rows": float(bounded(table, seed).height),
    }
    return TrainingRun(categorizer, evaluation, data_hash(table), window, scale)
