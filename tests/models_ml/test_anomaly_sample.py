"""Bounded training samples: the same rows for the same seed, every suspicious row kept, the
rest weighted back to the full data; and the detector trained on them still does its job."""

from __future__ import annotations

import numpy as np
import pytest

from models_ml.anomaly import sample
from models_ml.anomaly.sample import fit_sample
from models_ml.anomaly.train import train
from tests.models_ml.test_anomaly_model import synthetic


def test_under_the_cap_every_row_is_used_unweighted() -> None:
    labels = np.array([1, 0, -1, 0, 1])
    drawn = fit_sample(labels, seed=3, cap=5)
    assert drawn.forest_rows.tolist() == [0, 1, 2, 3, 4]
    assert drawn.judged_rows.tolist() == [0, 1, 3, 4]
    assert drawn.weights is None and drawn.rate == 1.0


def test_over_the_cap_a_seeded_uniform_sample_and_every_suspicious_row() -> None:
    labels = np.zeros(10_000, dtype=int)
    labels[1::7] = -1  # some nobody judged
    labels[::100] = 1  # 100 suspicious
    drawn = fit_sample(labels, seed=3, cap=1_000)
    assert drawn.forest_rows.size == 1_000 and drawn.rate == pytest.approx(0.1)
    assert np.array_equal(drawn.forest_rows, fit_sample(labels, seed=3, cap=1_000).forest_rows)
    assert not np.array_equal(drawn.forest_rows, fit_sample(labels, seed=4, cap=1_000).forest_rows)
    judged = labels[drawn.judged_rows]
    assert (judged >= 0).all() and (judged == 1).sum() == 100
    assert drawn.weights is not None
    assert (drawn.weights[judged == 1] == 1.0).all()
    assert drawn.weights[judged == 0] == pytest.approx(np.full((judged == 0).sum(), 10.0))
    # The weights stand for the full data: expected rows count about as many as there are.
    assert drawn.weights[judged == 0].sum() == pytest.approx((labels == 0).sum(), rel=0.1)
    assert np.isin(np.flatnonzero(labels == 0), drawn.forest_rows).sum() == (judged == 0).sum()


def test_a_capped_training_still_beats_the_rules_and_repeats(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame, labels = synthetic()
    monkeypatch.setattr(sample, "MAX_FIT_ROWS", 400)  # of 1,200 rows, folds of 960
    first, second = train(frame, labels, seed=7), train(frame, labels, seed=7)
    assert first.model.fitted["forest_rows"] == 400
    assert first.model.fitted["sampling_rate"] == pytest.approx(1 / 3)
    suspicious = int(labels["is_anomaly"].sum())
    assert first.model.fitted["classifier_rows"] > 400 * (1 - 0.04) + suspicious * 0.5
    assert first.metrics["judged_rows"] == frame.height  # every row scored, none sampled
    assert first.metrics["pr_auc"] > first.baseline_metrics["pr_auc"]
    assert first.metrics == second.metrics
