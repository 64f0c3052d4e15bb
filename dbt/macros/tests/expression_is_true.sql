{#
    Generic test (dbt_utils-compatible signature; the hub is unreachable offline): fails on rows
    where the SQL expression is not true. On a column, the expression follows the column name.
    Filter rows with the standard `config: where:`.
#}
{% test expression_is_true(model, expression, column_name=none) %}

{%- set checked_expression = (column_name ~ ' ' ~ expression) if column_name else expression %}

select *
from {{ model }}
where not coalesce({{ checked_expression }}, false)

{% endtest %}
