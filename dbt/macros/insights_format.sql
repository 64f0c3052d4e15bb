{#
    Display helpers for the insights marts (reasons a person reads). Money stays integer paise in
    every column; only these strings show rupees.
#}

{# Integer division of integers: DuckDB's `/` returns a double, Postgres' truncates. #}
{% macro insights_int_div(numerator, denominator) -%}
    {{ return(adapter.dispatch('insights_int_div', 'hisaab')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__insights_int_div(numerator, denominator) -%}
    (({{ numerator }}) / ({{ denominator }}))
{%- endmacro %}

{% macro duckdb__insights_int_div(numerator, denominator) -%}
    (({{ numerator }}) // ({{ denominator }}))
{%- endmacro %}

{#
    Paise as rupees with Indian digit grouping and two decimals: 12345678950 -> '₹12,34,56,789.50'.
    Crores above 99 are not grouped further (₹1234,56,78,901.00), as Indian print often does.
#}
{% macro insights_format_rupees(paise) -%}
    {%- set value = 'abs(' ~ paise ~ ')' -%}
    {%- set rupees = insights_int_div(value, 100) -%}
    {%- set hundreds = "lpad(cast(" ~ rupees ~ " % 1000 as varchar), 3, '0')" -%}
    {%- set thousands = "cast(" ~ insights_int_div(rupees, 1000) ~ " % 100 as varchar)" -%}
    {%- set lakhs = "cast(" ~ insights_int_div(rupees, 100000) ~ " % 100 as varchar)" -%}
    {%- set crores = "cast(" ~ insights_int_div(rupees, 10000000) ~ " as varchar)" -%}
    (case when ({{ paise }}) < 0 then '-' else '' end || '₹' || case
        when {{ rupees }} >= 10000000
            then {{ crores }} || ',' || lpad({{ lakhs }}, 2, '0') || ','
                || lpad({{ thousands }}, 2, '0') || ',' || {{ hundreds }}
        when {{ rupees }} >= 100000
            then {{ lakhs }} || ',' || lpad({{ thousands }}, 2, '0') || ',' || {{ hundreds }}
        when {{ rupees }} >= 1000 then {{ thousands }} || ',' || {{ hundreds }}
        else cast({{ rupees }} as varchar)
    end || '.' || lpad(cast({{ value }} % 100 as varchar), 2, '0'))
{%- endmacro %}

{# A date as people write it: '3 Apr'. #}
{% macro insights_format_day(day) -%}
    {{ return(adapter.dispatch('insights_format_day', 'hisaab')(day)) }}
{%- endmacro %}

{% macro default__insights_format_day(day) -%}
    to_char({{ day }}, 'FMDD Mon')
{%- endmacro %}

{% macro duckdb__insights_format_day(day) -%}
    strftime({{ day }}, '%-d %b')
{%- endmacro %}
