"""What a suite found: one verdict per expectation, read out of GX's validation result.

Plain data (no GX, no Dagster): the asset check turns a `SuiteOutcome` into its result and
metadata, and tests read it directly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("critical", "warning", "info")


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's verdict, with what GX observed (JSON-ready for check metadata)."""

    label: str
    success: bool
    severity: str
    observed: dict[str, Any]


@dataclass(frozen=True)
class SuiteOutcome:
    relation: str
    rows_in_table: int
    rows_validated: int
    expectations: list[ExpectationOutcome] = field(default_factory=list)
    problem: str | None = None  # a missing table or column: the suite could not run in full

    @property
    def failed(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.expectations if not outcome.success]

    @property
    def worst_failure(self) -> str | None:
        """``critical``, ``warning`` or None; a missing table or column counts as critical."""
        if self.problem:
            return "critical"
        failing = {outcome.severity for outcome in self.failed}
        return next((level for level in SEVERITIES[:2] if level in failing), None)

    @property
    def summary(self) -> str:
        """One line a person can act on."""
        if self.problem:
            return self.problem
        failed = [o for o in self.failed if o.severity != "info"]
        if not failed:
            return f"{len(self.expectations)} expectations met on {self.rows_validated} rows"
        reasons = "; ".join(_reason(outcome) for outcome in failed[:3])
        more = f" (+{len(failed) - 3} more)" if len(failed) > 3 else ""
        return f"{len(failed)} of {len(self.expectations)} expectations failed: {reasons}{more}"


def expectation_outcome(item: Any) -> ExpectationOutcome:
    """One item of ``ExpectationSuiteValidationResult.results``."""
    config = item.expectation_config
    kwargs = config.kwargs
    target = kwargs.get("column") or ",".join(kwargs.get("column_list", []))
    condition = kwargs.get("row_condition")
    label = f"{target}: {config.type.removeprefix('expect_')}"
    if condition:
        label += f" where {_condition_text(condition)}"
    observed = {
        name: _jsonable(item.result[name])
        for name in ("observed_value", "element_count", "unexpected_count", "unexpected_percent")
        if name in item.result
    }
    if item.result.get("partial_unexpected_list"):
        examples = item.result["partial_unexpected_list"][:5]
        observed["unexpected_examples"] = [_jsonable(value) for value in examples]
    for name in ("min_value", "max_value", "value_set", "mostly"):
        if kwargs.get(name) is not None:
            observed[name] = _jsonable(kwargs[name])
    raised = _exception_message(item.exception_info or {})
    if raised:
        observed["exception"] = raised
    return ExpectationOutcome(label, bool(item.success), str(config.severity.value), observed)


def _condition_text(condition: Any) -> str:
    """``is_transaction == False`` rather than the condition's serialized form."""
    if isinstance(condition, dict) and {"column", "operator"} <= condition.keys():
        column = condition["column"].get("name") if isinstance(condition["column"], dict) else None
        return f"{column} {condition['operator']} {condition.get('parameter')!r}"
    return str(condition)


def _exception_message(info: dict[str, Any]) -> str | None:
    """GX nests the error of a failed metric under the metric's id."""
    candidates = [info, *(value for value in info.values() if isinstance(value, dict))]
    for candidate in candidates:
        if candidate.get("raised_exception") and candidate.get("exception_message"):
            return str(candidate["exception_message"]).splitlines()[0]
    return None


def _reason(outcome: ExpectationOutcome) -> str:
    observed = outcome.observed
    if "exception" in observed:
        return f"{outcome.label} raised {observed['exception']}"
    if "unexpected_count" in observed:
        examples = observed.get("unexpected_examples")
        example = f", e.g. {examples[0]!r}" if examples else ""
        return f"{outcome.label} ({observed['unexpected_count']} rows{example})"
    return f"{outcome.label} (observed {observed.get('observed_value')!r})"


def _jsonable(value: Any) -> Any:
    if isinstance(value, list | tuple | set):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, float) and math.isnan(value):
        return None  # pandas reads a null as NaN; JSON has no NaN
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    return str(value)
