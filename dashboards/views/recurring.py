"""Recurring: subscriptions, EMIs and SIPs; their price rises; the payments missed."""

from __future__ import annotations

import altair as alt
import streamlit as st

from dashboards import ui
from dashboards.data import recurring

filters, present = ui.filters(), ui.present()
st.title("Recurring payments")

kinds = ui.load(recurring.by_kind, filters, present)
rises = ui.load(recurring.price_rises, filters, present)
missed = ui.load(recurring.missed_payments, filters, present)


def _total(frame_column: str, kind: str | None = None) -> int:
    frame = kinds if kind is None else kinds.filter(kinds["kind"] == kind)
    return int(frame[frame_column].sum() or 0) if frame.height else 0


first, second, third, fourth, fifth = st.columns(5)
first.metric("Subscriptions", ui.count(_total("series", "Subscriptions")))
second.metric("EMIs", ui.count(_total("series", "EMIs")))
third.metric("SIPs", ui.count(_total("series", "SIPs")))
fourth.metric("Price rises", ui.count(_total("price_changed")))
fifth.metric("Missed payments", ui.count(_total("missed")))

st.subheader("Recurring series by kind")
if kinds.is_empty():
    ui.empty("No recurring debits for these filters.")
else:
    st.altair_chart(
        alt.Chart(kinds)
        .mark_bar()
        .encode(
            x=alt.X("sum(series):Q", title="Series"),
            y=alt.Y("kind:N", sort="-x", title=None),
            color=alt.Color("cadence:N", title="Cadence"),
            tooltip=["kind:N", "cadence:N", "series:Q", "people:Q", "active:Q"],
        ),
        width="stretch",
    )
ui.export(kinds, "recurring-kinds")

left, right = st.columns(2)
with left:
    st.subheader("Price rises by merchant")
    ui.table(rises)
    ui.export(rises, "recurring-price-rises")
with right:
    st.subheader("Missed payments")
    ui.table(missed)
    ui.export(missed, "recurring-missed")
