"""Data quality: every asset check (dbt tests, great-expectations suites, quarantine rates and
model checks) as the orchestrator recorded it, run by run."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from dashboards import ui
from dashboards.data import runs

st.title("Data quality")
checks = ui.load_runs(runs.check_history)
if checks.is_empty():
    ui.empty("No check has run here yet: `hisaab pipeline run` runs them with the bank sync.")
    st.stop()
latest = checks.sort("evaluated_at").group_by("asset", "check_name").last()
failing = latest.filter(~pl.col("passed"))
first, second, third, fourth = st.columns(4)
first.metric("Checks", ui.count(latest.height))
second.metric("Passing now", ui.percent((latest.height - failing.height) / latest.height))
third.metric("Failing (errors)", ui.count(failing.filter(pl.col("severity") == "ERROR").height))
fourth.metric("Failing (warnings)", ui.count(failing.filter(pl.col("severity") == "WARN").height))

st.subheader("Check results over time")
over_time = runs.runs_over_time(checks).unpivot(
    index=["evaluated_at", "job", "run_id", "checks"],
    on=["failed_errors", "failed_warnings"],
    variable_name="outcome",
    value_name="failed",
)
st.altair_chart(
    alt.Chart(over_time)
    .mark_bar()
    .encode(
        x=alt.X("evaluated_at:T", title="Run"),
        y=alt.Y("failed:Q", title="Failed checks"),
        color=alt.Color("outcome:N", scale=alt.Scale(range=["#d62728", "#ff7f0e"])),
        tooltip=["evaluated_at:T", "job:N", "checks:Q", "outcome:N", "failed:Q"],
    ),
    width="stretch",
)
st.caption(f"{checks['run_id'].n_unique()} runs, {checks.height} check evaluations.")

st.subheader("Failing now")
if failing.is_empty():
    st.success("Every check passed on its latest run.")
else:
    st.dataframe(
        failing.select("asset", "check_name", "severity", "description", "evaluated_at"),
        hide_index=True,
        width="stretch",
    )
ui.export(latest, "quality-latest")
ui.export(checks, "quality-history", "Download every evaluation (CSV)")
