"""A `SuiteOutcome` as a Dagster check result: what the UI shows on the check's page."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.quality.outcome import ExpectationOutcome, SuiteOutcome

_SEVERITY = {"critical": dg.AssetCheckSeverity.ERROR, "warning": dg.AssetCheckSeverity.WARN}


def check_result(outcome: SuiteOutcome) -> dg.AssetCheckResult:
    worst = outcome.worst_failure
    metadata: dict[str, dg.MetadataValue] = {  # type: ignore[type-arg]
        "summary": dg.MetadataValue.text(outcome.summary),
        "rows_in_table": dg.MetadataValue.int(outcome.rows_in_table),
        "rows_validated": dg.MetadataValue.int(outcome.rows_validated),
        "sampled": dg.MetadataValue.bool(outcome.rows_validated < outcome.rows_in_table),
        "expectations": dg.MetadataValue.md(_table(outcome.expectations)),
    }
    for item in outcome.expectations:
        name = f"{'ok' if item.success else 'FAILED'} {item.label}"
        while name in metadata:  # two expectations of one kind on one column stay two entries
            name += "'"
        detail = {"success": item.success, "severity": item.severity, **item.observed}
        metadata[name] = dg.MetadataValue.json(detail)
    return dg.AssetCheckResult(
        passed=worst is None,
        severity=_SEVERITY.get(worst or "critical", dg.AssetCheckSeverity.ERROR),
        description=outcome.summary,
        metadata=metadata,
    )


def _table(expectations: list[ExpectationOutcome]) -> str:
    if not expectations:
        return "No expectation ran."
    rows = [
        "| result | severity | expectation | unexpected | examples or observed |",
        "|---|---|---|---|---|",
    ]
    for item in sorted(expectations, key=lambda e: e.success):
        unexpected = item.observed.get("unexpected_count", "")
        percent = item.observed.get("unexpected_percent")
        if percent:
            unexpected = f"{unexpected} ({percent:.3g}%)"
        examples = list(dict.fromkeys(map(repr, item.observed.get("unexpected_examples", []))))
        observed = ", ".join(examples[:3]) or item.observed.get("observed_value", "")
        result = "ok" if item.success else "**FAILED**"
        label = item.label.replace("|", "\\|")
        rows.append(f"| {result} | {item.severity} | {label} | {unexpected} | {observed} |")
    return "\n".join(rows)
