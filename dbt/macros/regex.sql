{#
    Regular expressions differ between DuckDB (RE2: regexp_extract, regexp_matches) and
    PostgreSQL (ARE: regexp_match, ~). Patterns passed here must stay in the common subset:
    character classes, (?:...), a leading (?i); no \b (Postgres spells it \y).
#}

{# The text of capture group `group` of the first match, or null when there is none. #}
{% macro regex_extract(text_expression, pattern, group=1) -%}
    {{ return(adapter.dispatch('regex_extract', 'hisaab')(text_expression, pattern, group)) }}
{%- endmacro %}

{% macro default__regex_extract(text_expression, pattern, group=1) -%}
    (regexp_match({{ text_expression }}, '{{ pattern }}'))[{{ group }}]
{%- endmacro %}

{# DuckDB returns '' rather than null when nothing matches. #}
{% macro duckdb__regex_extract(text_expression, pattern, group=1) -%}
    nullif(regexp_extract({{ text_expression }}, '{{ pattern }}', {{ group }}), '')
{%- endmacro %}

{# True when the pattern (a SQL expression: a quoted literal or a column) matches anywhere. #}
{% macro regex_matches(text_expression, pattern_expression) -%}
    {{ return(adapter.dispatch('regex_matches', 'hisaab')(text_expression, pattern_expression)) }}
{%- endmacro %}

{% macro default__regex_matches(text_expression, pattern_expression) -%}
    (({{ text_expression }}) ~ ({{ pattern_expression }}))
{%- endmacro %}

{% macro duckdb__regex_matches(text_expression, pattern_expression) -%}
    regexp_matches({{ text_expression }}, {{ pattern_expression }})
{%- endmacro %}
