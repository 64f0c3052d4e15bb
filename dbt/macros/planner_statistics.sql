{#
    PostgreSQL plans a query on a table it has no statistics for (autovacuum has not visited a
    table created seconds ago) as if it held a few rows, and picks nested loops that do not
    finish at a million rows (int_transfers_paired ran for 13 minutes before this). Every table
    model is analyzed as it is built (post-hook in dbt_project.yml); DuckDB keeps its own
    statistics as it writes, so there it renders nothing and dbt skips the hook.
#}
{% macro refresh_planner_statistics(relation) -%}
    {{ return(adapter.dispatch('refresh_planner_statistics', 'hisaab')(relation)) }}
{%- endmacro %}

{% macro default__refresh_planner_statistics(relation) -%}
{%- endmacro %}

{% macro postgres__refresh_planner_statistics(relation) -%}
    analyze {{ relation }}
{%- endmacro %}
