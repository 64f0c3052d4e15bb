"""The great-expectations suites as Dagster asset checks: a ``great_expectations`` check per table.

Each check runs after its asset materializes in the same run (so ``bank_sync`` runs them all),
reads the table read-only and reports every expectation in its metadata; a critical failure is an
ERROR, a warning-level one a WARN.
"""

from collections.abc import Collection, Iterable

import dagster as dg

from orchestration.defs.quality.metadata import check_result
from orchestration.defs.quality.tables import (
    GX_CHECK,
    LEDGER_TABLES,
    QUARANTINE,
    QUARANTINE_WRITERS,
    RAW_TABLES,
    CheckedTable,
)
from orchestration.resources import WarehouseResource


def gx_check(
    table: CheckedTable, additional_deps: Iterable[dg.AssetKey] = ()
) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=table.asset_key,
        name=GX_CHECK,
        description=f"great-expectations suite on {table.relation}: {table.description}.",
        additional_deps=list(additional_deps),
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        from orchestration.defs.quality.validate import validate_table

        return check_result(validate_table(warehouse.location, table.relation))

    return _check


def build_checks(defined: Collection[dg.AssetKey]) -> list[dg.AssetChecksDefinition]:
    """A check for each suite whose table is a ``defined`` asset, and one for the quarantine."""
    tables = [table for table in (*RAW_TABLES, *LEDGER_TABLES) if table.asset_key in defined]
    writers = [key for key in QUARANTINE_WRITERS if key in defined]
    return [*(gx_check(table) for table in tables), gx_check(QUARANTINE, writers)]
