{#
    Values of a group joined with ', ' in a fixed order: DuckDB and Postgres both have
    string_agg(value, sep order by ...), Postgres wants text arguments.
#}
{% macro categorization_string_agg(value_expression, order_expression) -%}
    {{ return(adapter.dispatch('categorization_string_agg')(value_expression, order_expression)) }}
{%- endmacro %}

{% macro default__categorization_string_agg(value_expression, order_expression) -%}
    string_agg({{ value_expression }}, ', ' order by {{ order_expression }})
{%- endmacro %}

{% macro postgres__categorization_string_agg(value_expression, order_expression) -%}
    string_agg(cast({{ value_expression }} as text), ', ' order by {{ order_expression }})
{%- endmacro %}
