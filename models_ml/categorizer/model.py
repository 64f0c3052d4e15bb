"""The categorizer itself: TF-IDF over the payment's words, one-hot context, a logistic regression.

Character n-grams (``char_wb``, 2-4) read names and VPAs the rules never listed (``jai ambe
sweets`` shares n-grams with ``om sweets``); word uni- and bigrams carry the notes the rules key
on (``rent``, ``self transfer``); the payee's own n-grams keep the name from drowning in the
bank's boilerplate. A multinomial logistic regression gives probabilities that are close to
calibrated (the evaluation measures how close), so a confidence threshold means what it says.

Fitting runs on one BLAS thread: on a shared 2-core machine more threads made the fit ten
times slower, and one thread always adds up in the same order (same data, same model).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from models_ml.categorizer.features import CATEGORICAL_COLUMNS, FEATURE_COLUMNS, LABEL, bounded

CANDIDATES = 3  # what the review queue offers a person to pick from
REGULARIZATION_C = 10.0
MAX_ITERATIONS = 1000


def _tfidf(analyzer: str, ngrams: tuple[int, int]) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer=analyzer, ngram_range=ngrams, min_df=2, sublinear_tf=True, dtype=np.float32
    )


def build_pipeline(seed: int) -> Pipeline:
    features = ColumnTransformer(
        [
            ("text_chars", _tfidf("char_wb", (2, 4)), "text"),
            ("text_words", _tfidf("word", (1, 2)), "text"),
            ("payee_chars", _tfidf("char_wb", (2, 4)), "payee"),
            ("context", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL_COLUMNS),
        ]
    )
    classifier = LogisticRegression(C=REGULARIZATION_C, max_iter=MAX_ITERATIONS, random_state=seed)
    return Pipeline([("features", features), ("classifier", classifier)])


def fit_pipeline(table: pl.DataFrame, seed: int) -> Pipeline:
    """Fit on a ``features.training_table`` (distinct rows with a ``weight``), at most about
    ``MAX_TRAINING_ROWS`` of them (`features.bounded`)."""
    pipeline, table = build_pipeline(seed), bounded(table, seed)
    with threadpool_limits(1):
        pipeline.fit(
            table.select(FEATURE_COLUMNS),
            table[LABEL].to_numpy(),
            classifier__sample_weight=table["weight"].to_numpy(),
        )
    return pipeline


@dataclass(frozen=True)
class Categorizer:
    """A fitted pipeline and the confidence at or above which its category is used."""

    pipeline: Pipeline
    threshold: float

    @property
    def categories(self) -> list[str]:
        return [str(name) for name in self.pipeline.classes_]

    def probabilities(self, rows: pl.DataFrame) -> np.ndarray:
        """One row of category probabilities per row of ``rows`` (with ``FEATURE_COLUMNS``),
        each distinct feature row computed once."""
        distinct = rows.select(FEATURE_COLUMNS).unique(maintain_order=True)
        with threadpool_limits(1):
            scores = self.pipeline.predict_proba(distinct)
        index = distinct.with_row_index("distinct_row")
        positions = rows.select(FEATURE_COLUMNS).join(
            index, on=FEATURE_COLUMNS, how="left", maintain_order="left", nulls_equal=True
        )
        return np.asarray(scores[positions["distinct_row"].to_numpy()])

    def predict(self, rows: pl.DataFrame) -> pl.DataFrame:
        """Per row: ``predicted_category``, ``confidence``, ``is_confident`` and the top
        ``CANDIDATES`` as ``candidate_<n>`` / ``candidate_<n>_confidence``."""
        candidates = top_candidates(self.probabilities(rows), self.categories)
        return candidates.with_columns(
            pl.col("candidate_1").alias("predicted_category"),
            pl.col("candidate_1_confidence").alias("confidence"),
            (pl.col("candidate_1_confidence") >= self.threshold).alias("is_confident"),
        )


def top_candidates(scores: np.ndarray, categories: list[str]) -> pl.DataFrame:
    """The ``CANDIDATES`` most probable categories of each row, best first (null where the
    model knows fewer categories)."""
    order = np.argsort(-scores, axis=1, kind="stable")
    rows, names = np.arange(scores.shape[0]), np.asarray(categories, dtype=object)
    columns: list[pl.Series] = []
    for rank in range(1, CANDIDATES + 1):
        name, confidence = f"candidate_{rank}", f"candidate_{rank}_confidence"
        if rank > order.shape[1]:
            columns += [
                pl.Series(name, [None] * len(rows), dtype=pl.String),
                pl.Series(confidence, [None] * len(rows), dtype=pl.Float64),
            ]
            continue
        picked = order[:, rank - 1]
        columns += [
            pl.Series(name, names[picked].tolist(), dtype=pl.String),
            pl.Series(confidence, scores[rows, picked].astype(np.float64), dtype=pl.Float64),
        ]
    return pl.DataFrame(columns)
