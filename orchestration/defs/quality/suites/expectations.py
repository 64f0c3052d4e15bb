"""The GX expectation classes the suites use, imported from the modules that define them.

``great_expectations.expectations`` imports them without re-exporting them, which mypy --strict
rejects; naming them here keeps the suites typed.
"""

from great_expectations.expectations.core.expect_column_values_to_be_between import (
    ExpectColumnValuesToBeBetween as ExpectColumnValuesToBeBetween,
)
from great_expectations.expectations.core.expect_column_values_to_be_in_set import (
    ExpectColumnValuesToBeInSet as ExpectColumnValuesToBeInSet,
)
from great_expectations.expectations.core.expect_column_values_to_be_unique import (
    ExpectColumnValuesToBeUnique as ExpectColumnValuesToBeUnique,
)
from great_expectations.expectations.core.expect_column_values_to_not_be_in_set import (
    ExpectColumnValuesToNotBeInSet as ExpectColumnValuesToNotBeInSet,
)
from great_expectations.expectations.core.expect_column_values_to_not_be_null import (
    ExpectColumnValuesToNotBeNull as ExpectColumnValuesToNotBeNull,
)
from great_expectations.expectations.expectation import Expectation as Expectation
from great_expectations.expectations.metadata_types import FailureSeverity as FailureSeverity
from great_expectations.expectations.row_conditions import Column as Column
from great_expectations.expectations.row_conditions import (
    ComparisonCondition as ComparisonCondition,
)
