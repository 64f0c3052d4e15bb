"""Spending: by category over time, top merchants, festive seasons, and the rails money takes."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from dashboards import ui
from dashboards.data import spending

filters, present = ui.filters(), ui.present()
st.title("Spending")

by_month = ui.load(spending.by_category_month, filters, present)
modes = ui.load(spending.payment_modes, filters, present)
total = int(by_month["spend_paise"].sum() or 0) if by_month.height else 0
upi = modes.filter(pl.col("mode") == "UPI")
p2m = int(upi.filter(pl.col("upi_kind") == "P2M")["debit_paise"].sum() or 0)
upi_total = int(upi["debit_paise"].sum() or 0)
first, second, third = st.columns(3)
first.metric(
    "Spend", ui.rupees(total), help="Debits on spending categories, own transfers excluded"
)
second.metric(
    "UPI share of money out",
    ui.percent(upi_total / m if (m := int(modes["debit_paise"].sum() or 0)) else None),
)
third.metric("UPI to merchants (P2M)", ui.percent(p2m / upi_total if upi_total else None))

st.subheader("Spend by category and month")
if by_month.is_empty():
    ui.empty("No spending for these filters.")
else:
    st.altair_chart(
        alt.Chart(ui.with_rupees(by_month))
        .mark_bar()
        .encode(
            x=alt.X("month_start:T", title="Month"),
            y=alt.Y("sum(spend_rupees):Q", axis=ui.amount_axis("Spend (₹)")),
            color=alt.Color("category:N", title="Category"),
            tooltip=["month_start:T", "category:N", "spend_inr:N", "transactions:Q"],
        ),
        width="stretch",
    )
ui.export(by_month, "spending-by-category")

left, right = st.columns(2)
with left:
    st.subheader("Top merchants")
    merchants = ui.load(spending.top_merchants, filters, present)
    ui.table(merchants)
    ui.export(merchants, "spending-top-merchants")
with right:
    st.subheader("Festive seasons")
    st.caption("Average daily spend in the Diwali and Holi seasons against the other days.")
    festive = ui.load(spending.festival_effect, filters, present)
    if not festive.is_empty():
        st.altair_chart(
            alt.Chart(festive.head(12))
            .mark_bar()
            .encode(
                x=alt.X("lift:Q", title="Festive day ÷ other day"),
                y=alt.Y("category:N", sort="-x", title=None),
                tooltip=["category:N", alt.Tooltip("lift:Q", format=".2f")],
            ),
            width="stretch",
        )
    ui.export(festive, "spending-festive")

st.subheader("UPI, cards and cash; person-to-person and to merchants")
if not modes.is_empty():
    labelled = ui.with_rupees(
        modes.with_columns(
            rail=pl.when(pl.col("upi_kind").is_null())
            .then(pl.col("mode"))
            .otherwise(pl.concat_str(pl.col("mode"), pl.lit(" "), pl.col("upi_kind")))
        )
    )
    st.altair_chart(
        alt.Chart(labelled)
        .mark_area()
        .encode(
            x=alt.X("month_start:T", title="Month"),
            y=alt.Y(
                "sum(debit_rupees):Q",
                stack="normalize",
                axis=alt.Axis(format="%", title="Share of money out"),
            ),
            color=alt.Color("rail:N", title="Rail"),
            tooltip=["month_start:T", "rail:N", "debit_inr:N", "transactions:Q"],
        ),
        width="stretch",
    )
ui.export(modes, "spending-rails")
