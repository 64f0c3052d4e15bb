"""Bounded, seeded training samples: the detector's fit costs the same at 300 people or 10,000.

The forest needs few rows to learn what ordinary looks like (each tree sees 256 of them), and
the logistic layer has some thirty inputs: a few hundred thousand rows pin both down as well as
millions do. So each fit (each evaluation fold and the final model) draws at most
``MAX_FIT_ROWS`` rows uniformly with a fixed seed. The forest and the percentiles it reports
come from that uniform sample, so "the top 0.5%" still means of all rows. The classifier learns
from every suspicious judgement, which are rare and the point, plus the sampled rows' other
judgements, each weighted by the inverse of the sampling rate: the weighted loss is the full
data's, so its probabilities, and the 0.5 flag threshold, keep their meaning. Scoring is never
sampled: every row gets a score, a cost that grows with the ledger and no faster.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAX_FIT_ROWS = 200_000


@dataclass(frozen=True)
class FitSample:
    """Which rows one fit uses, as positions in the rows it was drawn from."""

    forest_rows: np.ndarray  # the uniform sample: the forest and its percentiles
    judged_rows: np.ndarray  # what the classifier learns from (in the original order)
    weights: np.ndarray | None  # per judged row; None when no row was left out
    rate: float  # share of the rows in the uniform sample

    def describe(self, prefix: str) -> dict[str, float]:
        """Sizes for the asset metadata: how the scale was handled."""
        return {
            f"{prefix}forest_rows": float(self.forest_rows.size),
            f"{prefix}classifier_rows": float(self.judged_rows.size),
            f"{prefix}sampling_rate": self.rate,
        }


def fit_sample(labels: np.ndarray, seed: int, cap: int | None = None) -> FitSample:
    """Draw from rows labelled 1 suspicious, 0 expected, -1 unjudged: a seeded uniform sample
    of at most ``cap`` (default ``MAX_FIT_ROWS``) rows, plus every suspicious row for the
    classifier."""
    size, cap = labels.size, MAX_FIT_ROWS if cap is None else cap
    if size <= cap:
        everyone = np.arange(size)
        return FitSample(everyone, np.flatnonzero(labels >= 0), None, 1.0)
    rate = cap / size
    chosen = np.zeros(size, dtype=bool)
    chosen[np.random.default_rng(seed).choice(size, size=cap, replace=False)] = True
    judged = (labels == 1) | (chosen & (labels == 0))
    weights = np.where(labels[judged] == 1, 1.0, 1.0 / rate)
    return FitSample(np.flatnonzero(chosen), np.flatnonzero(judged), weights, rate)
