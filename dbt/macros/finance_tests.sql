{#
    Generic tests of the finance marts (models/marts/finance). Each returns the rows that break
    the rule, so a failure shows which group is off and by how much.
#}

{#
    The sum of column_name in model equals the sum of `expression` over the rows of `to` that
    satisfy `rows_where`, per group_by columns (both sides have them).
    A group missing on one side counts as 0 there. When a run's tests read only the rows it
    wrote (macros/ledger_window.sql), both sides are read whole, or both only in the groups the
    run wrote when the model's window is stated in group_by's keys (ledger_tested_groups).
#}
-- noqa: disable=LT02
-- (sqlfluff maps the tests' templated bodies onto their headers: indentation cannot be read.)
{% test sums_reconcile(model, column_name, to, expression, group_by, rows_where='true') %}

{% set written = ledger_tested_groups(group_by) %}

with

model_sums as (

    select
        {% for key in group_by %}{{ key }}, {% endfor %}
        cast(sum({{ column_name }}) as bigint) as model_total

    from {{ model }}
    where {{ written or 'true' }}
    group by {{ group_by | join(', ') }}

),

expected_sums as (

    select
        {% for key in group_by %}{{ key }}, {% endfor %}
        cast(sum({{ expression }}) as bigint) as expected_total

    from {{ to }}
    where ({{ rows_where }}) and {{ written or 'true' }}
    group by {{ group_by | join(', ') }}

),

compared as (

    select
        {% for key in group_by %}
            coalesce(model_sums.{{ key }}, expected_sums.{{ key }}) as {{ key }},
        {% endfor %}
        coalesce(model_sums.model_total, 0) as model_total,
        coalesce(expected_sums.expected_total, 0) as expected_total

    from model_sums
    full outer join expected_sums
        on {% for key in group_by %}model_sums.{{ key }} = expected_sums.{{ key }} and {% endfor %}true

)

select * from compared
where model_total <> expected_total

{% do config(window_scoped=false) %}
{% endtest %}

{#
    No own-account transfer contributes to column_name: for every group of model (group_by)
    that a transfer of `ledger` falls in (ledger_group_by: the ledger's expressions for the same
    keys, in the same order; group_by by default), the value equals the sum of `expression`
    over the group's qualifying rows (`rows_where`, stated without excluding transfers) other
    than the transfers; a group of transfers alone must not appear at all. Scoped to a run's
    rows like sums_reconcile.
#}
{% test excludes_transfers(
    model, column_name, ledger, expression, group_by, ledger_group_by=none, rows_where='true',
    transfer_flag='is_transfer'
) %}

{%- set ledger_keys = ledger_group_by or group_by %}
{% set written = ledger_tested_groups(group_by, ledger_keys) %}


with

ledger_groups as (

    select
        {% for key in group_by %}{{ ledger_keys[loop.index0] }} as {{ key }}, {% endfor %}
        cast(sum(case when not {{ transfer_flag }} then {{ expression }} else 0 end) as bigint)
            as without_transfers,
        cast(sum(case when {{ transfer_flag }} then {{ expression }} else 0 end) as bigint)
            as transfers_total,
        count(case when not {{ transfer_flag }} then 1 end) as other_row_count

    from {{ ledger }}
    where ({{ rows_where }}) and {{ written or 'true' }}
    group by {{ ledger_keys | join(', ') }}
    having count(case when {{ transfer_flag }} then 1 end) > 0

),

model_groups as (

    select * from {{ model }}
    where {{ written or 'true' }}

)

select
    ledger_groups.*,
    model_groups.{{ column_name }} as model_value

from ledger_groups
left join model_groups
    on {% for key in group_by %}ledger_groups.{{ key }} = model_groups.{{ key }} and {% endfor %}true
where
    (ledger_groups.other_row_count = 0 and model_groups.{{ column_name }} is not null)
    or (
        ledger_groups.other_row_count > 0
        and coalesce(model_groups.{{ column_name }}, 0) <> ledger_groups.without_transfers
    )

{% do config(window_scoped=false) %}
{% endtest %}

{#
    A daily balance series is a chain: days of one account are consecutive, and each day
    opens with the balance the day before closed with.
#}
{% test balances_carry_over(
    model, partition_by='account_id', date_column='balance_date',
    opening='opening_balance_paise', closing='closing_balance_paise'
) %}

with

chained as (

    select
        {{ partition_by }},
        {{ date_column }},
        {{ opening }} as opening_paise,
        lag({{ closing }}) over (
            partition by {{ partition_by }} order by {{ date_column }}
        ) as previous_closing_paise,
        lag({{ date_column }}) over (
            partition by {{ partition_by }} order by {{ date_column }}
        ) as previous_date

    from {{ model }}

)

select * from chained
where
    previous_date is not null
    and (
        previous_date + 1 <> {{ date_column }}
        or opening_paise <> previous_closing_paise
        or (opening_paise is null) <> (previous_closing_paise is null)
    )

{% endtest %}
