-- Each payment of a recurring series in order, with the one before it: the gap (and the
-- periods missed in it) and whether the amount changed for good (a price change).
-- Incremental: a run replaces the payee groups int_recurring_groups_changed lists.
{{ config(
    materialized='incremental',
    window_column='business_date',
    window_people=true,
    window_also=recurring_group_is_changed(),
) }}
-- depends_on: {{ ref('int_recurring_groups_changed') }}
with

members as (

    select * from {{ ref('int_recurring_members') }}
    {{ recurring_changed_groups_filter() }}

),

keyed as (

    select * from {{ ref('int_recurring_payments_keyed') }}
    {{ recurring_changed_groups_filter() }}

),

candidates as (

    select * from {{ ref('int_recurring_candidates') }}
    {{ recurring_changed_groups_filter() }}

),

ordered as (

    select
        members.series_id,
        keyed.*,
        candidates.median_interval_days,
        row_number() over (
            partition by members.series_id
            order by keyed.business_date, keyed.occurred_at, keyed.transaction_id
        ) as occurrence_number,
        lag(keyed.business_date) over (
            partition by members.series_id
            order by keyed.business_date, keyed.occurred_at, keyed.transaction_id
        ) as previous_on,
        lag(keyed.amount_paise) over (
            partition by members.series_id
            order by keyed.business_date, keyed.occurred_at, keyed.transaction_id
        ) as previous_amount_paise,
        lag(keyed.amount_paise, 2) over (
            partition by members.series_id
            order by keyed.business_date, keyed.occurred_at, keyed.transaction_id
        ) as amount_before_previous_paise,
        lead(keyed.amount_paise) over (
            partition by members.series_id
            order by keyed.business_date, keyed.occurred_at, keyed.transaction_id
        ) as next_amount_paise

    from members
    inner join keyed
        on members.transaction_id = keyed.transaction_id
    inner join candidates
        on members.series_id = candidates.candidate_id

),

final as (

    select
        series_id,
        transaction_id,
        person_ref,
        account_id,
        occurrence_number,
        business_date,
        occurred_at,
        amount_paise,
        direction,
        category_id,
        category,
        merchant_id,
        payee_key,
        payee_name,
        payee_group_id,
        previous_on,
        previous_amount_paise,
        -- Whole periods between this payment and the one before, less the one expected.
        coalesce(
            greatest(
                cast(
                    floor((business_date - previous_on) / median_interval_days + 0.5) as integer
                ) - 1,
                0
            ),
            0
        ) as missed_before,
        -- A price change: the amount was steady before and stays at the new level after (a
        -- bill that differs every month has no price changes).
        coalesce(
            amount_paise != previous_amount_paise
            and (
                amount_before_previous_paise is null
                or amount_before_previous_paise = previous_amount_paise
            )
            and (next_amount_paise is null or next_amount_paise = amount_paise),
            false
        ) as is_price_change

    from ordered

)

select * from final
