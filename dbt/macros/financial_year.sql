{#
    The Indian financial year of a date, April to March: 2025-04-01 -> 'FY2025-26',
    2025-03-31 -> 'FY2024-25'. Portable SQL: extract, cast and right() agree on DuckDB and Postgres.
#}
{% macro financial_year(date_expression) -%}
    {%- set start_year -%}
        (cast(extract(year from {{ date_expression }}) as integer)
            - case when extract(month from {{ date_expression }}) < 4 then 1 else 0 end)
    {%- endset -%}
    ('FY' || cast({{ start_year }} as varchar)
        || '-' || right(cast({{ start_year }} + 1 as varchar), 2))
{%- endmacro %}
