"""The detector: an IsolationForest over the features, and a supervised layer when labels exist.

The IsolationForest needs no labels: it says how unlike the rest of the ledger a row is, as a
percentile of the rows it was fitted on. Unusual is not the same as suspicious (a first rent
payment is unusual), so when judged transactions exist a logistic regression learns, from the
features, the rule flags and that percentile, which unusual rows people call suspicious. It is
linear on purpose: each feature's share of a score can be read off and worded as the reason.
Without enough labels the score is the larger of the rule severity and the percentile.

Each fit draws a bounded, seeded sample of its rows (`sample`), so fitting costs the same
whatever the ledger's size; scoring walks the forest once per row (`AnomalyModel.assess`).
Fitting and scoring run with one BLAS/OpenMP thread: threaded reductions sum in varying order,
and the same data and seed must give the same metrics to the last digit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl
from sklearn.ensemble import IsolationForest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from models_ml.anomaly.features import FEATURES
from models_ml.anomaly.rules import RULE_FEATURES
from models_ml.anomaly.sample import fit_sample

ISOLATION = "isolation_score"
SUPERVISED_INPUTS = [*FEATURES, *RULE_FEATURES, ISOLATION]
FLAG_THRESHOLD = 0.5  # a calibrated probability: flag what is more likely suspicious than not
# Unsupervised: flag the most isolated 0.5% of rows (about the share of truly odd events).
ISOLATION_FLAG_PERCENTILE = 0.995
ISOLATION_TREES = 100
_PERCENTILES = np.linspace(0.0, 1.0, 1001)


@dataclass(frozen=True)
class Assessment:
    """A model's verdict on some rows: scores, flags and the forest percentiles behind them."""

    scores: np.ndarray
    flagged: np.ndarray
    isolation: np.ndarray


@dataclass
class AnomalyModel:
    isolation: IsolationForest
    isolation_quantiles: np.ndarray  # outlyingness of the fitted rows at each of _PERCENTILES
    classifier: Pipeline | None  # None: not enough labels, unsupervised scoring
    fitted: dict[str, float] = field(default_factory=dict)  # sample sizes (`sample.FitSample`)

    @property
    def supervised(self) -> bool:
        return self.classifier is not None

    @property
    def inputs(self) -> list[str]:
        """What the score is computed from (the registry records it)."""
        return SUPERVISED_INPUTS if self.supervised else [*FEATURES, ISOLATION, "rule_score"]

    def isolation_percentile(self, frame: pl.DataFrame) -> np.ndarray:
        """Share of the fitted rows less isolated than each row (0..1)."""
        with threadpool_limits(1):
            outlyingness = -self.isolation.score_samples(frame.select(FEATURES).to_numpy())
        return np.asarray(np.interp(outlyingness, self.isolation_quantiles, _PERCENTILES))

    def assess(self, frame: pl.DataFrame) -> Assessment:
        """Scores and flags of every row of a features frame, the forest walked once (the
        costliest part of scoring: every row, every tree)."""
        percentile = self.isolation_percentile(frame)
        scores = self._score(frame, percentile)
        return Assessment(scores, self._flags(frame, scores, percentile), percentile)

    def score(self, frame: pl.DataFrame) -> np.ndarray:
        """Suspicion in 0..1 for each row of a features frame (with ``RULE_FEATURES``)."""
        return self._score(frame, self.isolation_percentile(frame))

    def flags(self, frame: pl.DataFrame, scores: np.ndarray) -> np.ndarray:
        """Rows to put in front of a person: over the threshold, or (unsupervised) any rule."""
        if self.classifier is not None:
            return scores >= FLAG_THRESHOLD
        return self._flags(frame, scores, self.isolation_percentile(frame))

    def _score(self, frame: pl.DataFrame, percentile: np.ndarray) -> np.ndarray:
        if self.classifier is None:
            return np.asarray(np.maximum(frame["rule_score"].to_numpy(), percentile))
        with threadpool_limits(1):
            return np.asarray(self.classifier.predict_proba(_inputs(frame, percentile))[:, 1])

    def _flags(self, frame: pl.DataFrame, scores: np.ndarray, percentile: np.ndarray) -> np.ndarray:
        if self.classifier is not None:
            return scores >= FLAG_THRESHOLD
        return (frame["rule_score"].to_numpy() > 0) | (percentile >= ISOLATION_FLAG_PERCENTILE)

    def contributions(self, frame: pl.DataFrame) -> dict[str, np.ndarray] | None:
        """Each supervised input's additive share of each row's log-odds (None unsupervised)."""
        if self.classifier is None:
            return None
        scaler, regression = self.classifier[0], self.classifier[-1]
        standard = scaler.transform(_inputs(frame, self.isolation_percentile(frame)))
        shares = standard * regression.coef_[0]
        return {name: shares[:, index] for index, name in enumerate(SUPERVISED_INPUTS)}


def fit_model(
    frame: pl.DataFrame, labels: np.ndarray | None, seed: int, rows: np.ndarray | None = None
) -> AnomalyModel:
    """Fit on ``rows`` of ``frame`` (default all), bounded by a seeded sample of them
    (`sample.fit_sample`): the forest on the uniform part, the classifier on the judged rows
    ``labels`` marks (1 suspicious, 0 expected, -1 unjudged) when given."""
    candidates = np.arange(frame.height) if rows is None else rows
    marks = np.full(candidates.size, -1) if labels is None else labels[candidates]
    sample = fit_sample(marks, seed)
    with threadpool_limits(1):
        features = frame[candidates[sample.forest_rows]].select(FEATURES).to_numpy()
        isolation = IsolationForest(n_estimators=ISOLATION_TREES, random_state=seed, n_jobs=1)
        outlyingness = -isolation.fit(features).score_samples(features)
        quantiles = np.quantile(outlyingness, _PERCENTILES)
        model = AnomalyModel(isolation, quantiles, None, sample.describe(""))
        if labels is not None:
            judged = frame[candidates[sample.judged_rows]]
            inputs = _inputs(judged, model.isolation_percentile(judged))
            weights = {} if sample.weights is None else {"sample_weight": sample.weights}
            model.classifier = _classifier(seed).fit(
                inputs, marks[sample.judged_rows], **_each_step(weights)
            )
    return model


def _each_step(fit_params: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Weights go to the scaler and the regression alike: both estimate the full data's."""
    return {
        f"{step}__{name}": value
        for step in ("standardscaler", "logisticregression")
        for name, value in fit_params.items()
    }


def _classifier(seed: int) -> Pipeline:
    regression = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
    return make_pipeline(StandardScaler(), regression)


def _inputs(frame: pl.DataFrame, percentile: np.ndarray) -> np.ndarray:
    features = frame.select([*FEATURES, *RULE_FEATURES]).to_numpy()
    return np.column_stack([features, percentile])
