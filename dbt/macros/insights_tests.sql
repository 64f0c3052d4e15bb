{#
    Generic test for fct_budget_status: every month's numbers follow from the month before.
    - without rollover the limit is the monthly limit; with it, the monthly limit plus the
      previous month's remaining (the first month carries nothing);
    - remaining = limit - spent;
    - status: exceeded at 100% or more of the limit, warning from 80%, else ok.
    Fails on each row that breaks one of them.
#}
{% test insights_budget_arithmetic(model) %}

with

months as (

    select
        *,
        lag(remaining_paise) over (partition by budget_id order by month_start)
        as previous_remaining_paise

    from {{ model }}

)

select *
from months
where
    limit_paise != monthly_limit_paise + case
        when is_rollover then coalesce(previous_remaining_paise, 0) else 0
    end
    or remaining_paise != limit_paise - spent_paise
    or carried_over_paise != limit_paise - monthly_limit_paise
    or status != case
        when spent_paise >= limit_paise then 'exceeded'
        when spent_paise * 5 >= limit_paise * 4 then 'warning'
        else 'ok'
    end

{% endtest %}

{# Generic test: no two rows share the values of all `columns` (a compound key). #}
{% test insights_unique_combination(model, columns) %}

select
    {{ columns | join(', ') }},
    count(*) as rows_with_key
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1

{% endtest %}
