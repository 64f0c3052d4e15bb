"""How good the categorizer is, and what "better than the rules alone" means here.

The rows it is judged on are the held-out people's rows that the rules or a person placed:
their labels are hidden and the model's guess is scored against them (macro-F1 over
categories, so a rare category counts as much as groceries). On those rows the rules score
1.0 by construction (the labels *are* the rules), so the rules are beaten on two other fronts:

- a **payee lookup** baseline, fitted on the same training people: the category most often
  given to the same payee name in the same direction, else the commonest for the channel and
  direction. The model must have a higher macro-F1: learning has to beat memorizing.
- the **share of spend categorized** on the held-out people (debits that are not own-account
  transfers): rules only, against rules plus the model's *confident* guesses for the rows the
  rules left uncategorized. The model must raise it, unless the rules already place everything.

The confidence threshold comes from a third group of people (validation): the lowest one whose
confident guesses are at least ``TARGET_PRECISION`` right, and never under ``MIN_THRESHOLD``,
because the rows the rules miss are harder than the rows they place.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
from sklearn.metrics import f1_score

from models_ml.categorizer.features import LABEL, LABELLED_SOURCES, UNPLACED_SOURCE

MACRO_F1_FLOOR = 0.90
TARGET_PRECISION = 0.98
MIN_THRESHOLD = 0.80
THRESHOLD_STEPS = [round(step / 100, 2) for step in range(int(MIN_THRESHOLD * 100), 100)]
CALIBRATION_BINS = 10


def macro_f1(truth: np.ndarray, predicted: np.ndarray) -> float:
    """Over every category either side names: a category predicted but never true counts."""
    return float(f1_score(truth, predicted, average="macro", zero_division=0))


def choose_threshold(confidence: np.ndarray, correct: np.ndarray) -> float:
    """The lowest step at which the confident guesses reach ``TARGET_PRECISION`` (0.99, the
    strictest step, when none does)."""
    for threshold in THRESHOLD_STEPS:
        confident = confidence >= threshold
        if confident.any() and correct[confident].mean() >= TARGET_PRECISION:
            return threshold
    return THRESHOLD_STEPS[-1]


def calibration_error(confidence: np.ndarray, correct: np.ndarray) -> float:
    """Expected calibration error: how far the stated confidence is from the share right,
    averaged over ``CALIBRATION_BINS`` confidence bins weighted by their rows."""
    bins = np.minimum((confidence * CALIBRATION_BINS).astype(int), CALIBRATION_BINS - 1)
    error = 0.0
    for index in np.unique(bins):
        members = bins == index
        error += abs(confidence[members].mean() - correct[members].mean()) * members.mean()
    return float(error)


def _most_common(rows: pl.DataFrame, keys: list[str], name: str) -> pl.DataFrame:
    counts = rows.group_by([*keys, LABEL]).len()
    ranked = counts.sort([*keys, "len", LABEL], descending=[*([False] * len(keys)), True, False])
    return ranked.unique(keys, keep="first", maintain_order=True).select(
        *keys, pl.col(LABEL).alias(name)
    )


def payee_lookup(training: pl.DataFrame, judged: pl.DataFrame) -> np.ndarray:
    """The baseline's guess for each ``judged`` row, from the labelled ``training`` rows."""
    by_payee = _most_common(training.filter(pl.col("payee") != ""), ["payee", "direction"], "p")
    by_channel = _most_common(training, ["channel", "direction"], "c")
    commonest = _most_common(training.with_columns(pl.lit(0).alias("all")), ["all"], "a")
    guesses = (
        judged.join(by_payee, on=["payee", "direction"], how="left", maintain_order="left")
        .join(by_channel, on=["channel", "direction"], how="left", maintain_order="left")
        .select(pl.coalesce("p", "c", pl.lit(commonest["a"].item())))
    )
    return guesses.to_series().to_numpy()


def spend_shares(rows: pl.DataFrame) -> tuple[float, float]:
    """(rules only, rules + model) share of spend categorized; ``rows`` carry
    ``is_confident`` (the model's, for rows the rules left uncategorized)."""
    spend = rows.filter((pl.col("direction") == "debit") & ~pl.col("is_transfer"))
    placed = pl.col("category_source").is_in(LABELLED_SOURCES)
    guessed = (pl.col("category_source") == UNPLACED_SOURCE) & pl.col("is_confident")
    paise = pl.col("amount_paise")
    total, by_rules, by_model = spend.select(
        paise.sum().alias("total"),
        paise.filter(placed).sum().alias("by_rules"),
        paise.filter(guessed.fill_null(False)).sum().alias("by_model"),
    ).row(0)
    if not total:
        return 1.0, 1.0
    return int(by_rules) / int(total), (int(by_rules) + int(by_model)) / int(total)


def meets_targets(metrics: dict[str, float], baseline: dict[str, float]) -> bool:
    return meets_floor(metrics) and beats_rules_only(metrics, baseline)


def meets_floor(metrics: dict[str, float]) -> bool:
    return metrics["macro_f1"] >= MACRO_F1_FLOOR


def beats_rules_only(metrics: dict[str, float], baseline: dict[str, float]) -> bool:
    """Learned beats memorized, and more spend is categorized than by the rules alone."""
    more_spend = metrics["spend_share_categorized"] > baseline["spend_share_categorized"]
    return metrics["macro_f1"] > baseline["macro_f1"] and (
        more_spend or baseline["spend_share_categorized"] == 1.0
    )


def same_metrics(first: dict[str, float], second: dict[str, float]) -> bool:
    """Equal to 9 significant digits: the last bits may differ between BLAS builds."""
    if first.keys() != second.keys():
        return False
    return all(math.isclose(first[name], second[name], rel_tol=1e-9) for name in first)
