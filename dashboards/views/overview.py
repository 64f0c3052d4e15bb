"""Overview: the ledger at a glance, where it comes from and how fresh each source is."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from dashboards import ui
from dashboards.data import overview, runs

filters, present = ui.filters(), ui.present()
st.title("Overview")

figures = ui.load(overview.key_figures, filters, present).row(0, named=True)
people, spend, income, share = st.columns(4)
people.metric("Active people", ui.count(figures["active_people"]))
people.metric("Transactions", ui.count(figures["transactions"]))
spend.metric("Money out", ui.rupees(figures["debit_paise"]), help="Debits, own transfers excluded")
income.metric(
    "Money in", ui.rupees(figures["credit_paise"]), help="Credits, own transfers excluded"
)
rows, total = figures["transactions"] or 0, figures["total_paise"] or 0
share.metric("Ledger categorized", ui.percent(figures["categorized"] / rows if rows else None))
share.metric("…of its value", ui.percent(figures["categorized_paise"] / total if total else None))

monthly = ui.load(overview.monthly_volume, filters, present)
st.subheader("Volume and value by month")
if monthly.is_empty():
    ui.empty("No transactions for these filters.")
else:
    chart = alt.Chart(ui.with_rupees(monthly)).encode(x=alt.X("month_start:T", title="Month"))
    bars = chart.mark_bar(opacity=0.6).encode(
        y=alt.Y("debit_rupees:Q", axis=ui.amount_axis("Money out (₹)")),
        tooltip=["month_start:T", "debit_inr:N", "transactions:Q", "active_people:Q"],
    )
    line = chart.mark_line(point=True, color="#d62728").encode(
        y=alt.Y("transactions:Q", title="Transactions")
    )
    st.altair_chart(alt.layer(bars, line).resolve_scale(y="independent"), width="stretch")
ui.export(monthly, "overview-monthly")

left, right = st.columns(2)
with left:
    st.subheader("Sources and freshness")
    freshness = ui.load_runs(runs.source_freshness)
    coverage = ui.load(overview.source_coverage, filters, present)
    st.dataframe(
        freshness.with_columns(pl.col("loaded_at").dt.convert_time_zone("Asia/Kolkata")),
        hide_index=True,
        width="stretch",
    )
    st.caption("Ledger rows each source saw (a row seen by several sources counts in each):")
    ui.table(coverage)
    ui.export(freshness.join(coverage, on="source", how="full", coalesce=True), "overview-sources")
with right:
    st.subheader("Who categorized the ledger")
    placed = ui.load(overview.category_sources, filters, present)
    st.altair_chart(
        alt.Chart(placed)
        .mark_arc(innerRadius=50)
        .encode(
            theta="transactions:Q",
            color=alt.Color("category_source:N", title="Placed by"),
            tooltip=["category_source:N", "transactions:Q"],
        ),
        width="stretch",
    )
    ui.export(placed, "overview-categorized")
