{#
    Generic test: no null in any of `columns`. One query per model instead of dbt's not_null
    once per column: each test is a node, and on an incremental run, which tests a day's rows,
    dbt's cost per node outweighs the query. Fails with a row per column that has nulls:
    its name and how many rows.
#}
{% test not_null_columns(model, columns) %}

with

null_counts as (

    select {{ not_null_columns_counts(columns) }}
    from {{ model }}

),

by_column as (

    {{ not_null_columns_unpivoted(columns, 'null_counts') }}

)

select *
from by_column
where null_rows > 0

{% endtest %}

{# `nulls_<n>`: the nulls in the n-th column, for each of `columns`. #}
{% macro not_null_columns_counts(columns) -%}
    {%- set counts = [] -%}
    {%- for column in columns -%}
        {%- do counts.append(
            'sum(case when ' ~ column ~ ' is null then 1 else 0 end) as nulls_' ~ loop.index
        ) -%}
    {%- endfor -%}
    {{ return(counts | join(', ')) }}
{%- endmacro %}

{# A row (column_name, null_rows) per column from the one row of `counts`. #}
{% macro not_null_columns_unpivoted(columns, counts) -%}
    {%- set rows = [] -%}
    {%- for column in columns -%}
        {%- do rows.append(
            "select '" ~ column ~ "' as column_name, nulls_" ~ loop.index ~ ' as null_rows'
            ~ ' from ' ~ counts
        ) -%}
    {%- endfor -%}
    {{ return(rows | join(' union all ')) }}
{%- endmacro %}
