"""The expectation suites, one list of GX expectations per table (``schema.table``).

Severity says what a failure means: ``critical`` fails the Dagster check with ERROR, ``warning``
with WARN, ``info`` is only recorded. ``{"$PARAMETER": name}`` values are filled in when the check
runs (`orchestration.defs.quality.parameters`), so the suites stay plain data.
"""

from __future__ import annotations

from orchestration.defs.quality.suites.expectations import Expectation
from orchestration.defs.quality.suites.ledger import LEDGER_SUITES
from orchestration.defs.quality.suites.raw import RAW_SUITES

SUITES: dict[str, list[Expectation]] = {**RAW_SUITES, **LEDGER_SUITES}
