-- The recurring series each ledger transaction belongs to (at most one): its payee's series
-- when all payments to the payee are regular, else the series of its exact amount, else that of
-- its amount on its day of the month. Read by marts.fct_ledger (is_recurring) and the insights
-- marts. Incremental: a run replaces the payee groups int_recurring_groups_changed lists.
{{ config(
    materialized='incremental',
    window_column='business_date',
    window_people=true,
    window_also=recurring_group_is_changed(),
) }}
-- depends_on: {{ ref('int_recurring_groups_changed') }}
with

candidate_payments as (

    select * from {{ ref('int_recurring_candidate_payments') }}
    {{ recurring_changed_groups_filter() }}

),

candidates as (

    select * from {{ ref('int_recurring_candidates') }}
    where
        is_regular
        {{ recurring_changed_groups_filter('and') }}

),

memberships as (

    select
        candidate_payments.transaction_id,
        candidate_payments.candidate_id as series_id,
        candidate_payments.payee_group_id,
        candidate_payments.person_ref,
        candidate_payments.business_date,
        row_number() over (
            partition by candidate_payments.transaction_id
            order by case candidate_payments.candidate_level
                when 'payee' then 0
                when 'amount' then 1
                else 2
            end
        ) as preference

    from candidate_payments
    inner join candidates
        on candidate_payments.candidate_id = candidates.candidate_id

),

final as (

    select
        transaction_id,
        series_id,
        payee_group_id,
        person_ref,
        business_date

    from memberships
    where preference = 1

)

select * from final
