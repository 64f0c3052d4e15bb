"""Train the detector and measure it on people it never saw, against the rules alone.

Evaluation is out of fold by person: the people are split in ``FOLDS`` groups, and each group
is scored by a model (forest and classifier) fitted on the others only, so every judged row gets
a score from a model that never saw that person. Splitting by person, not by row, keeps a
person's habits from leaking into their own test rows. The model kept is then fitted on
everyone. Every fit draws a bounded seeded sample of its rows (`sample`); every judged row is
scored. Without enough labels to fit the classifier the model stays unsupervised and the
labels that exist only judge it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import polars as pl
from sklearn.model_selection import GroupKFold

from models_ml.anomaly.evaluate import enough_labels, rules_only_metrics, score_metrics
from models_ml.anomaly.features import FEATURES
from models_ml.anomaly.model import AnomalyModel, Assessment, fit_model
from models_ml.anomaly.rules import RULE_FEATURES
from models_ml.anomaly.sample import fit_sample
from models_ml.registry import data_hash

DEFAULT_SEED = 20251101
FOLDS = 5
# The classifier needs this many judgements of each kind to learn from (and FOLDS people).
MIN_FIT_POSITIVES = 30


@dataclass
class TrainingResult:
    model: AnomalyModel
    data_hash: str
    window: tuple[date, date]
    evaluated: bool
    note: str
    metrics: dict[str, float] = field(default_factory=dict)
    baseline_metrics: dict[str, float] = field(default_factory=dict)


def label_vector(frame: pl.DataFrame, labels: pl.DataFrame) -> np.ndarray:
    """Per row of ``frame``: 1 suspicious, 0 expected, -1 nobody judged it (``labels`` has
    ``transaction_id`` and boolean ``is_anomaly``)."""
    judged = frame.select("transaction_id").join(
        labels.select("transaction_id", "is_anomaly"), on="transaction_id", how="left"
    )
    return judged["is_anomaly"].cast(pl.Int64).fill_null(-1).to_numpy()


def train(frame: pl.DataFrame, labels: pl.DataFrame, seed: int = DEFAULT_SEED) -> TrainingResult:
    """Fit, evaluate (when the labels allow) and return the model with its metrics."""
    y = label_vector(frame, labels)
    result = TrainingResult(
        model=fit_model(frame, y if _can_fit(frame, y) else None, seed),
        data_hash=_training_hash(frame, y),
        window=(frame["business_date"].min(), frame["business_date"].max()),  # type: ignore[arg-type]
        evaluated=enough_labels(y),
        note="",
    )
    result.metrics = _fingerprint(result.model, frame, y, seed)
    if not result.evaluated:
        positives, negatives = int((y == 1).sum()), int((y == 0).sum())
        result.note = f"not enough labels to evaluate: {positives} suspicious, {negatives} expected"
        return result
    held_out = _held_out(frame, y, seed, result.model)
    result.metrics.update(score_metrics(y, held_out.scores, held_out.flagged))
    # The forest alone, on the same held-out rows: what the supervised layer adds is reported.
    result.metrics["isolation_pr_auc"] = score_metrics(y, held_out.isolation, held_out.flagged)[
        "pr_auc"
    ]
    result.baseline_metrics = rules_only_metrics(y, frame["rule_score"].to_numpy())
    result.note = "out of fold by person" if result.model.supervised else "unsupervised on labels"
    return result


def _fingerprint(
    model: AnomalyModel, frame: pl.DataFrame, y: np.ndarray, seed: int
) -> dict[str, float]:
    """What the fitted model does to the rows its forest was fitted on, labels or not: equal
    on a rerun with the same data and seed (the reproducibility check compares them)."""
    fitted = frame[fit_sample(y, seed).forest_rows]
    assessment = model.assess(fitted)
    return {
        "mean_score": float(assessment.scores.mean()),
        "flagged_share": float(assessment.flagged.mean()),
    }


def _can_fit(frame: pl.DataFrame, y: np.ndarray) -> bool:
    people = frame.filter(pl.Series(y >= 0))["person_ref"].n_unique()
    counts = int((y == 1).sum()), int((y == 0).sum())
    return min(counts) >= MIN_FIT_POSITIVES and people >= FOLDS


def _held_out(frame: pl.DataFrame, y: np.ndarray, seed: int, model: AnomalyModel) -> Assessment:
    """Scores, flags and forest percentiles of every judged row from a model that did not see
    its person (a model that saw no labels at all scores its own rows: nothing leaks). Rows
    nobody judged count in no metric and are not scored here."""
    scores, isolation = np.zeros(frame.height), np.zeros(frame.height)
    flagged = np.zeros(frame.height, dtype=bool)
    judged = y >= 0
    folds: list[tuple[np.ndarray | None, np.ndarray]] = [(None, np.arange(frame.height))]
    if model.supervised:
        folds = _person_folds(frame)
    for fit_rows, test_rows in folds:
        fold_model = model if fit_rows is None else fit_model(frame, y, seed, fit_rows)
        rows = test_rows[judged[test_rows]]
        assessment = fold_model.assess(frame[rows])
        scores[rows], flagged[rows] = assessment.scores, assessment.flagged
        isolation[rows] = assessment.isolation
    return Assessment(scores, flagged, isolation)


def _person_folds(frame: pl.DataFrame) -> list[tuple[np.ndarray | None, np.ndarray]]:
    people = frame["person_ref"].to_numpy()
    return list(GroupKFold(n_splits=FOLDS).split(people, groups=people))


def _training_hash(frame: pl.DataFrame, y: np.ndarray) -> str:
    columns = ["transaction_id", *FEATURES, *RULE_FEATURES]
    return data_hash(frame.select(columns).with_columns(pl.Series("label", y)))
