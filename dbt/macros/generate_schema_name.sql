{#
    Use a model's custom schema verbatim (staging, intermediate, marts), not dbt's default
    "<target schema>_<custom>": the API and dashboards read marts.* by name on both warehouses.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
