{#
    Month of the Indian financial year (April = 1 ... March = 12) of a date, so that a
    calendar-month mart filtered on financial_year and ordered by fy_month is the FY view.
    Portable: extract and mod agree on DuckDB and Postgres.
#}
{% macro finance_fy_month(date_expression) -%}
    (mod(cast(extract(month from {{ date_expression }}) as integer) + 8, 12) + 1)
{%- endmacro %}
