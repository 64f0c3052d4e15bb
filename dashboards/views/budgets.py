"""Budgets: adherence across people, the categories that break budgets, and alerts sent."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from dashboards import ui
from dashboards.data import budgets

filters, present = ui.filters(), ui.present()
st.title("Budgets")

adherence = ui.load(budgets.adherence, filters, present)
months = int(adherence["budget_months"].sum() or 0) if adherence.height else 0
within = int(adherence["within"].sum() or 0) if adherence.height else 0
exceeded = int(adherence["exceeded"].sum() or 0) if adherence.height else 0
alerts = ui.load(budgets.alerts_sent, filters, present)
first, second, third, fourth = st.columns(4)
first.metric("Budget-months", ui.count(months), help="One person's budget in one month")
second.metric("Kept within 80%", ui.percent(within / months if months else None))
third.metric("Exceeded", ui.percent(exceeded / months if months else None))
fourth.metric("Alerts sent", ui.count(int(alerts["alerts"].sum() or 0) if alerts.height else 0))

st.subheader("Adherence by month")
if adherence.is_empty():
    ui.empty(
        "No budgets for these filters: people set them in the app or with `hisaab budget set`."
    )
else:
    statuses = adherence.select("month_start", "within", "warning", "exceeded").unpivot(
        index="month_start",
        on=["within", "warning", "exceeded"],
        variable_name="status",
        value_name="budget_months",
    )
    st.altair_chart(
        alt.Chart(statuses)
        .mark_bar()
        .encode(
            x=alt.X("month_start:T", title="Month"),
            y=alt.Y(
                "budget_months:Q",
                stack="normalize",
                axis=alt.Axis(format="%", title="Budget-months"),
            ),
            color=alt.Color(
                "status:N",
                sort=["within", "warning", "exceeded"],
                scale=alt.Scale(range=["#2ca02c", "#ff7f0e", "#d62728"]),
            ),
            tooltip=["month_start:T", "status:N", "budget_months:Q"],
        ),
        width="stretch",
    )
ui.export(adherence, "budgets-adherence")

left, right = st.columns(2)
with left:
    st.subheader("Categories that blow budgets")
    blown = ui.load(budgets.blown_categories, filters, present)
    ui.table(blown.with_columns(pl.col("exceeded_share").round(3)))
    ui.export(blown, "budgets-categories")
with right:
    st.subheader("Alerts sent")
    if alerts.is_empty():
        ui.empty("No budget alerts sent for these filters.")
    else:
        st.altair_chart(
            alt.Chart(alerts)
            .mark_bar()
            .encode(
                x=alt.X("month_start:T", title="Budget month"),
                y=alt.Y("alerts:Q", title="Alerts"),
                color=alt.Color("kind:N", title="Alert"),
                tooltip=["month_start:T", "kind:N", "alerts:Q", "people:Q"],
            ),
            width="stretch",
        )
    ui.export(alerts, "budgets-alerts")
