"""Pooling: one Prophet per category group on spend per person, scaled back to each person.

A person's twelve months of, say, entertainment are too few and too lumpy for a model of their
own; the group's daily spend across everyone is long, smooth and shows the weekly rhythm and
festival peaks. The group model fits the non-recurring spend per active person per day (so a
growing user base is not read as a trend); each person's forecast is that times their index:
their own spend over what the model says the average active person spent on the same days.
Against the model's fit rather than the raw average, so someone who joined in a month the mix
of people happened to spend little is not scaled against that month's dip.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import polars as pl

from models_ml.forecast.history import SpendHistory
from models_ml.forecast.prophet_model import GroupJob


def day_range(start: date, cut: date) -> np.ndarray:
    return np.arange(np.datetime64(start), np.datetime64(cut), dtype="datetime64[D]")


def active_people(history: SpendHistory, cut: date) -> np.ndarray:
    """How many people were in the population each day from the first day to ``cut``."""
    days = day_range(history.first_day, cut)
    first = history.spans["first_day"].to_numpy().astype("datetime64[D]")
    last = history.spans["last_day"].to_numpy().astype("datetime64[D]")
    inside = (days[:, None] >= first[None, :]) & (days[:, None] <= last[None, :])
    counts: np.ndarray = inside.sum(axis=1)
    return counts


def per_person_daily(history: SpendHistory, cut: date) -> dict[str, np.ndarray]:
    """Each group's non-recurring rupees per active person per day, before ``cut``."""
    days = day_range(history.first_day, cut)
    people = np.maximum(active_people(history, cut), 1)
    spent = history.daily.filter(
        ~pl.col("is_recurring") & pl.col("business_date").is_between(history.first_day, cut, "left")
    )
    series: dict[str, np.ndarray] = {}
    for group in history.groups:
        rows = spent.filter(pl.col("category_group") == group)
        totals = np.zeros(len(days))
        offsets = (rows["business_date"].to_numpy().astype("datetime64[D]") - days[0]).astype(int)
        np.add.at(totals, offsets, rows["outflow_paise"].to_numpy() / 100.0)
        series[group] = totals / people
    return series


def person_index(history: SpendHistory, fitted: dict[str, np.ndarray], cut: date) -> pl.DataFrame:
    """(person_ref, category_group, spend_index): a person's non-recurring spend before ``cut``
    over the group model's ``fitted`` per-person spend on the days they were active (0 when
    that is 0)."""
    own = (
        history.daily.filter(~pl.col("is_recurring") & (pl.col("business_date") < cut))
        .group_by("person_ref", "category_group")
        .agg((pl.col("outflow_paise").sum() / 100.0).alias("own_rupees"))
    )
    last_day = cut - timedelta(days=1)
    rows = []
    for person, first, last in history.spans.iter_rows():
        start = (first - history.first_day).days
        stop = (min(last, last_day) - history.first_day).days + 1
        for group, values in fitted.items():
            rows.append((person, group, float(values[start:stop].sum()) if stop > start else 0.0))
    average = pl.DataFrame(
        rows, schema=["person_ref", "category_group", "average_rupees"], orient="row"
    )
    return own.join(average, on=["person_ref", "category_group"], how="left").select(
        "person_ref",
        "category_group",
        pl.when(pl.col("average_rupees") > 0)
        .then(pl.col("own_rupees") / pl.col("average_rupees"))
        .otherwise(0.0)
        .alias("spend_index"),
    )


def group_jobs(
    history: SpendHistory, per_person: dict[str, np.ndarray], cut: date, until: date, seed: int
) -> list[GroupJob]:
    return [
        GroupJob(group, cut, history.first_day, per_person[group], until, seed)
        for group in history.groups
    ]
