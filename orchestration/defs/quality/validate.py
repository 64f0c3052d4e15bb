"""Validate one table against its suite with an in-memory GX context.

great_expectations and the suites are imported on first use, when a check runs (see tables.py).
"""

from __future__ import annotations

import uuid
from typing import Any

import pandas as pd  # type: ignore[import-untyped]

from hisaab.settings import WarehouseLocation
from orchestration.defs.quality.outcome import (
    ExpectationOutcome,
    SuiteOutcome,
    expectation_outcome,
)
from orchestration.defs.quality.read import WarehouseBusy, read_table
from orchestration.defs.quality.tables import MAX_ROWS


def validate_table(location: WarehouseLocation, relation: str) -> SuiteOutcome:
    from orchestration.defs.quality.parameters import suite_parameters
    from orchestration.defs.quality.suites import SUITES

    expectations = [expectation.copy(deep=True) for expectation in SUITES[relation]]
    try:
        read = read_table(
            location, relation, _columns(expectations), MAX_ROWS, _unique_column(expectations)
        )
    except WarehouseBusy as exc:
        return SuiteOutcome(relation, 0, 0, problem=f"{relation} not validated: {exc}")
    if not read.table_exists:
        return SuiteOutcome(relation, 0, 0, problem=f"{relation} does not exist (not built yet?)")
    parameters = suite_parameters(location, needs_data_range=relation.startswith("marts."))
    runnable = [e for e in expectations if set(_columns([e])) <= set(read.frame.columns)]
    outcomes = _run_gx(relation, read.frame, runnable, parameters) if runnable else []
    problem = None
    if read.missing_columns:
        problem = f"{relation} lacks column(s) {', '.join(read.missing_columns)}"
        problem += f"; {len(expectations) - len(runnable)} expectation(s) could not run"
    return SuiteOutcome(relation, read.rows_in_table, len(read.frame), outcomes, problem)


def _run_gx(
    relation: str, frame: pd.DataFrame, expectations: list[Any], parameters: dict[str, object]
) -> list[ExpectationOutcome]:
    import great_expectations as gx

    from orchestration.defs.quality.context import ephemeral_context

    context = ephemeral_context()
    name = f"{relation}-{uuid.uuid4().hex[:8]}"
    batch = (
        context.data_sources.add_pandas(name)
        .add_dataframe_asset(relation)
        .add_batch_definition_whole_dataframe("whole table")
        .get_batch(batch_parameters={"dataframe": frame})
    )
    suite = gx.ExpectationSuite(name=name, expectations=expectations)
    result = batch.validate(suite, expectation_parameters=parameters, result_format="SUMMARY")
    return [expectation_outcome(item) for item in result.results]


def _unique_column(expectations: list[Any]) -> str | None:
    """The table's key, when the suite checks one: large tables are sampled by it."""
    unique = "expect_column_values_to_be_unique"
    return next((e.column for e in expectations if e.expectation_type == unique), None)


def _columns(expectations: list[Any]) -> list[str]:
    """Every column the expectations read, their row conditions included, in first-use order."""
    names: list[str] = []
    for expectation in expectations:
        fields = [getattr(expectation, "column", None), *getattr(expectation, "column_list", [])]
        condition = getattr(expectation, "row_condition", None)
        fields.append(getattr(getattr(condition, "column", None), "name", None))
        names += [name for name in fields if isinstance(name, str) and name not in names]
    return names
