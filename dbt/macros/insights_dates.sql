{#
    The day the insights are computed for: the `insights_as_of` var (YYYY-MM-DD) when given,
    else the latest business date in the ledger. Not current_date: statements arrive days or weeks
    late, and "missed" or "days left" must be judged against what the ledger can know.
#}
{% macro insights_as_of_date(ledger_relation) -%}
    {%- set as_of = var('insights_as_of', none) -%}
    {%- if as_of -%}
        cast('{{ as_of }}' as date)
    {%- else -%}
        (select max(business_date) from {{ ledger_relation }})
    {%- endif -%}
{%- endmacro %}

{# A date moved by a number of days or months (an integer expression), still a date. #}
{% macro insights_add(datepart, amount, day) -%}
    cast({{ dbt.dateadd(datepart, amount, day) }} as date)
{%- endmacro %}

{# The first and the last day of a date's month, as dates. #}
{% macro insights_month_start(day) -%}
    cast({{ dbt.date_trunc('month', day) }} as date)
{%- endmacro %}

{% macro insights_month_end(day) -%}
    cast({{ dbt.last_day(day, 'month') }} as date)
{%- endmacro %}

{# Whole minutes from one timestamp to a later one (null when either is unknown). #}
{% macro insights_minutes_between(earlier, later) -%}
    {{ dbt.datediff(earlier, later, 'minute') }}
{%- endmacro %}
