"""The detector: an IsolationForest over the features, and a supervised layer when labels exist.

The IsolationForest needs no labels: it says how unlike the rest of the ledger a row is, as a
percentile of the rows it was fitted on. Unusual is not the same as suspicious (a first rent
payment is unusual), so when judged transactions exist a logistic regression learns, from the
features, the rule flags and that percentile, which unusual rows people call suspicious. It is
linear on purpose: each feature's share of a score can be read off and worded as the reason.
Without enough labels the score is the larger of the rule severity and the percentile.

Fitting and scoring run with one BLAS/OpenMP thread: threaded reductions sum in varying order,
and the same data and seed must give the same metrics to the last digit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from models_ml.anomaly.features import FEATURES
from models_ml.anomaly.rules import RULE_FEATURES

ISOLATION = "isolation_score"
SUPERVISED_INPUTS = [*FEATURES, *RULE_FEATURES, ISOLATION]
FLAG_THRESHOLD = 0.5  # a calibrated probability: flag what is more likely suspicious than not
# Unsupervised: flag the most isolated 0.5% of rows (about the share of truly odd events).
ISOLATION_FLAG_PERCENTILE = 0.995
ISOLATION_TREES = 100
_PERCENTILES = np.linspace(0.0, 1.0, 1001)


@dataclass
class AnomalyModel:
    isolation: IsolationForest
    isolation_quantiles: np.ndarray  # outlyingness of the fitted rows at each of _PERCENTILES
    classifier: Pipeline | None  # None: not enough labels, unsupervised scoring

    @property
    def supervised(self) -> bool:
        return self.classifier is not None

    @property
    def inputs(self) -> list[str]:
        """What the score is computed from (the registry records it)."""
        return SUPERVISED_INPUTS if self.supervised else [*FEATURES, ISOLATION, "rule_score"]

    def isolation_percentile(self, frame: pl.DataFrame) -> np.ndarray:
        """Share of the fitted rows less isolated than each row (0..1)."""
        outlyingness = -self.isolation.score_samples(frame.select(FEATURES).to_numpy())
        return np.asarray(np.interp(outlyingness, self.isolation_quantiles, _PERCENTILES))

    def score(self, frame: pl.DataFrame) -> np.ndarray:
        """Suspicion in 0..1 for each row of a features frame (with ``RULE_FEATURES``)."""
        percentile = self.isolation_percentile(frame)
        if self.classifier is None:
            return np.asarray(np.maximum(frame["rule_score"].to_numpy(), percentile))
        with threadpool_limits(1):
            return np.asarray(self.classifier.predict_proba(_inputs(frame, percentile))[:, 1])

    def flags(self, frame: pl.DataFrame, scores: np.ndarray) -> np.ndarray:
        """Rows to put in front of a person: over the threshold, or (unsupervised) any rule."""
        if self.classifier is None:
            fired = frame["rule_score"].to_numpy() > 0
            return fired | (self.isolation_percentile(frame) >= ISOLATION_FLAG_PERCENTILE)
        return scores >= FLAG_THRESHOLD

    def contributions(self, frame: pl.DataFrame) -> dict[str, np.ndarray] | None:
        """Each supervised input's additive share of each row's log-odds (None unsupervised)."""
        if self.classifier is None:
            return None
        scaler, regression = self.classifier[0], self.classifier[-1]
        standard = scaler.transform(_inputs(frame, self.isolation_percentile(frame)))
        shares = standard * regression.coef_[0]
        return {name: shares[:, index] for index, name in enumerate(SUPERVISED_INPUTS)}


def fit_model(frame: pl.DataFrame, labels: np.ndarray | None, seed: int) -> AnomalyModel:
    """Fit the forest on every row of ``frame``; the classifier on the rows ``labels`` marks
    (1 suspicious, 0 expected, -1 unjudged) when given."""
    with threadpool_limits(1):
        isolation = IsolationForest(n_estimators=ISOLATION_TREES, random_state=seed, n_jobs=1)
        isolation.fit(frame.select(FEATURES).to_numpy())
        outlyingness = -isolation.score_samples(frame.select(FEATURES).to_numpy())
        model = AnomalyModel(isolation, np.quantile(outlyingness, _PERCENTILES), None)
        if labels is not None:
            judged = labels >= 0
            inputs = _inputs(frame, model.isolation_percentile(frame))[judged]
            model.classifier = _classifier(seed).fit(inputs, labels[judged])
    return model


def _classifier(seed: int) -> Pipeline:
    regression = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
    return make_pipeline(StandardScaler(), regression)


def _inputs(frame: pl.DataFrame, percentile: np.ndarray) -> np.ndarray:
    features = frame.select([*FEATURES, *RULE_FEATURES]).to_numpy()
    return np.column_stack([features, percentile])
