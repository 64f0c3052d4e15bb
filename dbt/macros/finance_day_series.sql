{#
    One row per day from start_date to end_date (both dates, inclusive), as a set-returning
    expression for a select list; the values are timestamps at midnight, cast them to date.
    Dispatched: Postgres expands generate_series in the select list itself, DuckDB's
    generate_series returns a list that unnest expands.
#}
{% macro finance_day_series(start_date, end_date) -%}
    {{ return(adapter.dispatch('finance_day_series', 'hisaab')(start_date, end_date)) }}
{%- endmacro %}

{% macro default__finance_day_series(start_date, end_date) -%}
    generate_series(
        cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval '1 day'
    )
{%- endmacro %}

{% macro duckdb__finance_day_series(start_date, end_date) -%}
    unnest(generate_series(
        cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval '1 day'
    ))
{%- endmacro %}
