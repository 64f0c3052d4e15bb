"""Anomalies: the review queue with scores and reasons; an analyst's verdict goes back to the
models through the app database (never the warehouse)."""

from __future__ import annotations

import getpass
import os

import altair as alt
import streamlit as st
from sqlalchemy import Engine

from dashboards import ui
from dashboards.data import anomalies
from hisaab.feedback import VERDICTS, FeedbackError
from hisaab.money import format_inr
from payments.db import app_engine, database_url


@st.cache_resource
def _engine_for(url: str) -> Engine:
    return app_engine(url)


def _engine() -> Engine:
    return _engine_for(database_url())


filters, present = ui.filters(), ui.present()
st.title("Anomalies")
summary = ui.load(anomalies.queue_summary, filters, present)
if summary.is_empty():
    ui.empty("The models have not run yet: `hisaab ml run` fills the review queue.")
    st.stop()
figures = summary.row(0, named=True)
queue = anomalies.with_verdicts(ui.load(anomalies.review_queue, filters, present), _engine())
reviewed = int(queue["verdict"].is_not_null().sum()) if queue.height else 0
first, second, third, fourth = st.columns(4)
first.metric("Flagged", ui.count(figures["flagged"]))
second.metric("People affected", ui.count(figures["people"]))
third.metric("Value flagged", ui.rupees(figures["flagged_paise"]))
fourth.metric("Rule alerts (same rows)", ui.count(figures["rule_alerts"]))

st.subheader("Review queue")
st.caption(
    f"The {queue.height} highest scores; {reviewed} already judged. People appear only as "
    "pseudonymous ids."
)
if not queue.is_empty():
    st.altair_chart(
        alt.Chart(queue)
        .mark_bar()
        .encode(
            x=alt.X("score:Q", bin=alt.Bin(maxbins=20), title="Score"),
            y=alt.Y("count():Q", title="Rows"),
        ),
        width="stretch",
    )
    ui.table(queue.drop("model_version"))
ui.export(queue, "anomalies-queue")

st.subheader("Your verdict")
if not queue.is_empty():
    rows = {row["transaction_id"]: row for row in queue.iter_rows(named=True)}
    with st.form("verdict"):
        chosen = st.selectbox(
            "Row",
            list(rows),
            key="verdict_row",
            format_func=lambda tid: (
                f"#{rows[tid]['queue_position']} · {rows[tid]['business_date']} · "
                f"{format_inr(rows[tid]['amount_paise'])} · {rows[tid]['reason']}"
            ),
        )
        verdict = st.radio("Verdict", VERDICTS, key="verdict_value", horizontal=True)
        default = os.environ.get("USER") or getpass.getuser()
        analyst = st.text_input("Reviewed by", value=default, key="verdict_analyst")
        if st.form_submit_button("Record verdict"):
            try:
                anomalies.record(_engine(), rows[chosen], verdict, analyst)
                st.success(f"Recorded: {verdict}. The next model refresh learns from it.")
            except FeedbackError as exc:
                st.warning(str(exc))
counts = anomalies.verdict_counts(_engine())
ui.table(counts)
ui.export(counts, "anomalies-verdicts")
