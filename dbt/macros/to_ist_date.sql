{#
    The Asia/Kolkata business date of a UTC timestamp stored without a zone (raw.* convention).
#}
{% macro to_ist_date(utc_timestamp) -%}
    {{ return(adapter.dispatch('to_ist_date', 'hisaab')(utc_timestamp)) }}
{%- endmacro %}

{% macro default__to_ist_date(utc_timestamp) -%}
    cast((({{ utc_timestamp }}) at time zone 'UTC') at time zone 'Asia/Kolkata' as date)
{%- endmacro %}

{#
    DuckDB's time zone support lives in the ICU extension, which must not be downloaded at run
    time; IST is a fixed +05:30 with no DST, so plain interval arithmetic is exact.
#}
{% macro duckdb__to_ist_date(utc_timestamp) -%}
    cast(({{ utc_timestamp }}) + interval '330 minutes' as date)
{%- endmacro %}
