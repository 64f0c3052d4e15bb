"""How good a set of scores is on the judged transactions, and the rules-only baseline.

PR-AUC (average precision) is the headline: anomalies are about 0.5% of rows, where ROC-AUC
flatters any score and PR-AUC rewards ranking the suspicious rows first. Precision and recall
are those of the rows actually flagged. The rules' flags are binary, so their PR-AUC is their
one precision-recall point: the bar the model must clear with the same rows and labels.
"""

from __future__ import annotations

import math

import numpy as np
from sklearn.metrics import average_precision_score

PR_AUC_FLOOR = 0.80
# Below this many suspicious (or expected) judgements a PR-AUC is noise: report, do not judge.
MIN_EVAL_POSITIVES = 10


def enough_labels(labels: np.ndarray) -> bool:
    """Whether ``labels`` (1 suspicious, 0 expected, -1 unjudged) can judge a score."""
    positives, negatives = int((labels == 1).sum()), int((labels == 0).sum())
    return positives >= MIN_EVAL_POSITIVES and negatives >= MIN_EVAL_POSITIVES


def score_metrics(labels: np.ndarray, scores: np.ndarray, flagged: np.ndarray) -> dict[str, float]:
    """PR-AUC of ``scores`` and precision/recall of ``flagged`` over the judged rows."""
    judged = labels >= 0
    truth, scores, flagged = labels[judged] == 1, scores[judged], flagged[judged]
    hits = int((truth & flagged).sum())
    return {
        "pr_auc": float(average_precision_score(truth, scores)),
        "precision": hits / int(flagged.sum()) if flagged.any() else 0.0,
        "recall": hits / int(truth.sum()),
        "flagged": float(flagged.sum()),
        "positives": float(truth.sum()),
        "judged_rows": float(judged.sum()),
    }


def rules_only_metrics(labels: np.ndarray, rule_scores: np.ndarray) -> dict[str, float]:
    """The baseline: a row is suspicious exactly when a rule of fct_anomalies flagged it."""
    fired = rule_scores > 0
    return score_metrics(labels, fired.astype(float), fired)


def meets_targets(metrics: dict[str, float], baseline_metrics: dict[str, float]) -> bool:
    """PR-AUC at least ``PR_AUC_FLOOR`` and above the rules-only baseline's."""
    pr_auc = metrics.get("pr_auc")
    if pr_auc is None:
        return False
    return pr_auc >= PR_AUC_FLOOR and pr_auc > baseline_metrics.get("pr_auc", 0.0)


def same_metrics(first: dict[str, float], second: dict[str, float]) -> bool:
    """Two trainings agree: the same metrics, equal to 9 significant digits (the last bits of
    a float may differ between BLAS builds; a real change of data or seed moves far more)."""
    if first.keys() != second.keys():
        return False
    return all(math.isclose(first[name], second[name], rel_tol=1e-9) for name in first)
