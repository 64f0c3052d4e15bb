"""Models: categorizer accuracy and confidence, anomaly precision and recall, forecast backtests
against the seasonal naive, and every metric across versions (drift)."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from dashboards import ui
from dashboards.data import models

filters, present = ui.filters(), ui.present()
st.title("Models")
metrics = ui.load(models.registry_metrics, present)
if metrics.is_empty():
    ui.empty("No model trained yet: `hisaab ml run` trains, checks and applies them.")
    st.stop()
latest = metrics.sort("trained_at").group_by("model", "metric").last()


def _metric(model: str, metric: str) -> tuple[str, str | None]:
    row = latest.filter((pl.col("model") == model) & (pl.col("metric") == metric))
    if row.is_empty():
        return "–", None
    value, baseline = row["value"][0], row["baseline"][0]
    return f"{value:.3f}", (
        f"{value - baseline:+.3f} vs baseline" if baseline is not None else None
    )


columns = st.columns(5)
for column, (model, metric, label) in zip(
    columns,
    (
        ("categorizer", "accuracy", "Categorizer accuracy"),
        ("categorizer", "macro_f1", "Categorizer macro-F1"),
        ("anomaly_detector", "precision", "Anomaly precision"),
        ("anomaly_detector", "recall", "Anomaly recall"),
        ("spend_forecast", "median_mase", "Spend forecast MASE"),
    ),
    strict=True,
):
    value, delta = _metric(model, metric)
    column.metric(label, value, delta, delta_color="inverse" if "mase" in metric else "normal")

left, right = st.columns(2)
with left:
    st.subheader("Categorizer confidence")
    confidence = ui.load(models.confidence_histogram, filters, present)
    if not confidence.is_empty():
        st.altair_chart(
            alt.Chart(confidence)
            .mark_bar()
            .encode(
                x=alt.X("confidence_band:Q", title="Confidence", bin=alt.Bin(step=0.05)),
                y=alt.Y("sum(predictions):Q", title="Predictions"),
                color=alt.Color("is_confident:N", title="Applied"),
            ),
            width="stretch",
        )
    ui.export(confidence, "models-confidence")
with right:
    st.subheader("Forecast backtests")
    backtests = ui.load(models.forecast_backtests, filters, present)
    if not backtests.is_empty():
        st.altair_chart(
            alt.Chart(backtests)
            .mark_line(point=True)
            .encode(
                x=alt.X("origin:T", title="Backtest origin"),
                y=alt.Y("median_mase:Q", title="Median MASE (lower is better)"),
                color=alt.Color("model:N"),
                strokeDash=alt.StrokeDash("series_kind:N", title="Series"),
                tooltip=[
                    "series_kind:N",
                    "origin:T",
                    "model:N",
                    alt.Tooltip("median_mase:Q", format=".3f"),
                ],
            ),
            width="stretch",
        )
    ui.export(backtests, "models-backtests")

st.subheader("Metrics across versions (drift)")
st.altair_chart(
    alt.Chart(metrics)
    .mark_line(point=True)
    .encode(
        x=alt.X("trained_at:T", title="Trained"),
        y=alt.Y("value:Q", title=None),
        color=alt.Color("metric:N"),
        tooltip=["model:N", "version:N", "metric:N", "value:Q", "baseline:Q"],
    )
    .facet(facet=alt.Facet("model:N", title=None), columns=2)
    .resolve_scale(y="independent"),
)
ui.export(metrics, "models-metrics")
