"""What every page shares: the reader, the cache, Indian amounts, charts and the export button.

Data is cached per published snapshot (`hisaab.serving.current_snapshot`): a new publish makes a
new key, so the next rerun reads the new data while a page already drawn keeps its own. On
PostgreSQL, which has no snapshot, entries simply expire after a minute.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import altair as alt
import polars as pl
import streamlit as st

from dashboards.data.runs import dagster_home
from dashboards.data.source import tables
from dashboards.filters import Filters
from dashboards.privacy import masked
from hisaab.money import format_inr, format_inr_short, group_indian
from hisaab.serving import PublishedMarts, current_snapshot

T = TypeVar("T")
# Vega's format has no Indian grouping: axis labels in lakh and crore instead.
INDIAN_AXIS = (
    "abs(datum.value) >= 1e7 ? format(datum.value / 1e7, '.2~f') + ' Cr'"
    " : abs(datum.value) >= 1e5 ? format(datum.value / 1e5, '.2~f') + ' L'"
    " : format(datum.value, ',.0f')"
)


@st.cache_resource
def reader() -> PublishedMarts:
    return PublishedMarts()


def snapshot_key() -> str:
    marts = reader()
    if marts.kind == "duckdb":
        return str(current_snapshot(marts.settings))
    return f"postgres@{int(time.time() // 60)}"


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(name: str, snapshot: str, key: str, _call: Callable[[], T]) -> T:
    return _call()


def load(function: Callable[..., T], *args: object) -> T:
    """``function(reader, *args)``, cached per snapshot and arguments."""
    key = repr(tuple(tuple(sorted(arg)) if isinstance(arg, frozenset) else arg for arg in args))
    return _cached(
        function.__module__ + "." + function.__qualname__,
        snapshot_key(),
        key,
        lambda: function(reader(), *args),
    )


def present() -> frozenset[str]:
    return load(tables)


def filters() -> Filters:
    chosen = st.session_state.get("filters")
    return chosen if isinstance(chosen, Filters) else Filters()


def rupees(paise: int | None) -> str:
    """Summaries in lakh and crore (``₹1.23 Cr``)."""
    return format_inr_short(int(paise or 0))


def count(number: int | None) -> str:
    return group_indian(int(number or 0))


def percent(share: float | None) -> str:
    return "–" if share is None else f"{share:.1%}"


def amount_axis(title: str) -> alt.Axis:
    return alt.Axis(title=title, labelExpr=INDIAN_AXIS)


def with_rupees(frame: pl.DataFrame) -> pl.DataFrame:
    """Chart-ready: each ``*_paise`` column also as rupees (a number for the axis) and as Indian
    text (for tooltips and tables). Rupees exist only here, at the display edge."""
    columns = [name for name in frame.columns if name.endswith("_paise")]
    return frame.with_columns(
        *(
            pl.col(name)
            .cast(pl.Float64)
            .truediv(100)
            .alias(name.removesuffix("_paise") + "_rupees")
            for name in columns
        ),
        *(
            pl.col(name)
            .map_elements(lambda p: format_inr(int(p)), return_dtype=pl.String)
            .alias(name.removesuffix("_paise") + "_inr")
            for name in columns
        ),
    )


def table(frame: pl.DataFrame) -> None:
    """A table with amounts in Indian grouping instead of paise."""
    shown = with_rupees(frame)
    paise = [name for name in frame.columns if name.endswith("_paise")]
    rupee_numbers = [name.removesuffix("_paise") + "_rupees" for name in paise]
    st.dataframe(shown.drop(paise, *rupee_numbers), hide_index=True, width="stretch")


def export(frame: pl.DataFrame, name: str, label: str = "Download the data (CSV)") -> None:
    """The data behind a chart or table, amounts in exact paise."""
    st.download_button(
        label,
        masked(frame).write_csv(),
        file_name=f"hisaab-{name}.csv",
        mime="text/csv",
        key=f"export-{name}",
    )


def empty(message: str) -> None:
    st.info(message)


@st.cache_data(show_spinner=False, ttl=30)
def _orchestrator(name: str, home: str, _call: Callable[[], T]) -> T:
    return _call()


def load_runs(function: Callable[[Path], T]) -> T:
    """``function(dagster_home)``: what the orchestrator recorded, cached for half a minute
    (runs are not part of the published snapshot)."""
    home = dagster_home(reader().settings)
    return _orchestrator(function.__qualname__, str(home), lambda: function(home))
