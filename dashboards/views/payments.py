"""Payments: success rate, decline reasons, latency and the breaks against the bank."""

from __future__ import annotations

import altair as alt
import streamlit as st

from dashboards import ui
from dashboards.data import payments

filters, present = ui.filters(), ui.present()
st.title("Payments")
figures = ui.load(payments.key_figures, filters, present).row(0, named=True)
settled = figures["settled"] or 0
first, second, third, fourth, fifth = st.columns(5)
first.metric("Payments", ui.count(figures["payments"]))
second.metric(
    "Success rate",
    ui.percent(figures["succeeded"] / settled if settled else None),
    help="Of the payments with a final status",
)
third.metric("Paid", ui.rupees(figures["success_paise"]))
latency = figures["median_latency_s"]
fourth.metric(
    "Median latency",
    "–" if latency is None else f"{latency:.1f} s",
    help=f"Creation to final status; 90th percentile {figures['p90_latency_s'] or 0:.1f} s",
)
fifth.metric("Reconciliation breaks", ui.count(figures["breaks"]))

daily = ui.load(payments.by_day, filters, present)
st.subheader("Payments by day and status")
if daily.is_empty():
    ui.empty("No payments for these filters: `hisaab payments simulate` makes some in the sandbox.")
else:
    st.altair_chart(
        alt.Chart(daily)
        .mark_bar()
        .encode(
            x=alt.X("created_date:T", title="Day"),
            y=alt.Y("payments:Q", title="Payments"),
            color=alt.Color("status:N"),
            tooltip=[
                "created_date:T",
                "status:N",
                "payments:Q",
                alt.Tooltip("median_latency_s:Q", format=".1f"),
            ],
        ),
        width="stretch",
    )
ui.export(daily, "payments-daily")

left, right = st.columns(2)
with left:
    st.subheader("Decline reasons")
    declines = ui.load(payments.decline_reasons, filters, present)
    ui.table(declines)
    ui.export(declines, "payments-declines")
with right:
    st.subheader("Reconciliation with the bank")
    reconciliation = ui.load(payments.reconciliation, filters, present)
    ui.table(reconciliation)
    ui.export(reconciliation, "payments-reconciliation")
