{#
    The first non-null value of `value` among the rows of a partition in `order_by`, on every
    row of it: a window, so several of them over one order share DuckDB's one sort.
#}
{% macro first_known(value, partition_by, order_by) -%}
    {{ return(adapter.dispatch('first_known')(value, partition_by, order_by)) }}
{%- endmacro %}

{% macro duckdb__first_known(value, partition_by, order_by) -%}
    first_value({{ value }} ignore nulls) over (
        partition by {{ partition_by }} order by {{ order_by }}
        rows between unbounded preceding and unbounded following
    )
{%- endmacro %}

{#- PostgreSQL has no IGNORE NULLS: the first of the partition's non-null values, in order. #}
{% macro default__first_known(value, partition_by, order_by) -%}
    (array_agg({{ value }}) filter (where {{ value }} is not null) over (
        partition by {{ partition_by }} order by {{ order_by }}
        rows between unbounded preceding and unbounded following
    ))[1]
{%- endmacro %}
