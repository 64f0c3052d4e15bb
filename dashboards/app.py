"""The analysts' dashboards: ``streamlit run dashboards/app.py`` (or ``hisaab serve dashboards``).

The entrypoint draws the filters every page shares, then runs the chosen page. Everything is
read from the published snapshot (`hisaab.serving`), so the dashboards never block the pipeline.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboards import ui
from dashboards.data.options import Options, filter_options
from dashboards.filters import Filters, PeriodKind
from hisaab.warehouse import WarehouseNotBuilt

# Not "pages/": beside the entrypoint Streamlit takes that name for its older multipage layout.
PAGES = Path(__file__).resolve().parent / "views"
PAGE_LIST = (
    ("overview.py", "Overview", ":material/dashboard:"),
    ("spending.py", "Spending", ":material/payments:"),
    ("budgets.py", "Budgets", ":material/savings:"),
    ("recurring.py", "Recurring", ":material/event_repeat:"),
    ("anomalies.py", "Anomalies", ":material/report:"),
    ("models.py", "Models", ":material/model_training:"),
    ("payments.py", "Payments", ":material/currency_rupee:"),
    ("quality.py", "Data quality", ":material/fact_check:"),
)
PERIOD_KINDS: dict[str, PeriodKind] = {
    "All time": "all",
    "Calendar month": "month",
    "Financial year": "fy",
}


def sidebar(options: Options) -> Filters:
    """The shared filters; empty multiselects mean everything."""
    with st.sidebar:
        kind = PERIOD_KINDS[st.radio("Period", list(PERIOD_KINDS), key="period_kind")]
        period = None
        if kind == "month" and options.months:
            period = st.selectbox("Month", options.months, key="month")
        elif kind == "fy" and options.financial_years:
            period = st.selectbox("Financial year", options.financial_years, key="fy")
        return Filters(
            period_kind=kind,
            period=period,
            banks=tuple(st.multiselect("Bank", options.banks, key="banks")),
            city_tiers=tuple(
                st.multiselect("City tier", options.city_tiers, key="tiers", format_func=_tier)
            ),
            age_bands=tuple(st.multiselect("Age band", options.age_bands, key="ages")),
            categories=tuple(st.multiselect("Category", options.categories, key="categories")),
        )


def _tier(value: str) -> str:
    return value if value == "unknown" else f"Tier {value}"


def main() -> None:
    st.set_page_config(page_title="Hisaab insights", page_icon="₹", layout="wide")
    pages = [st.Page(PAGES / name, title=title, icon=icon) for name, title, icon in PAGE_LIST]
    navigation = st.navigation(pages)
    try:
        st.session_state["filters"] = sidebar(ui.load(filter_options, ui.present()))
    except WarehouseNotBuilt as exc:
        st.warning(f"Nothing to show yet: {exc}")
        st.stop()
    navigation.run()


main()
