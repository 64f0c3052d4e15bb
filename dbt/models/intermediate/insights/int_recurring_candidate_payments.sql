-- Each transaction in the groups that might be a recurring series, at three levels:
--   payee:  every payment to (or from) one payee in one direction, whatever the amount
--           (utility bills vary, a subscription changes price);
--   amount: the same, split by exact amount, for payees that also get one-off payments
--           (a monthly ₹5,000 home among ad-hoc transfers to the same parent);
--   day:    the same again, split by day of the month, for two series of one amount to one
--           payee (₹3,000 to one's own savings account on the 5th and another on the 9th).
-- Accounts are not part of the key: a person pays the same bill from whichever account.
-- Incremental: a run replaces the payee groups int_recurring_groups_changed lists.
{{ config(
    materialized='incremental',
    window_column='business_date',
    window_people=true,
    window_also=recurring_group_is_changed(),
) }}
-- depends_on: {{ ref('int_recurring_groups_changed') }}
with

keyed as (

    select * from {{ ref('int_recurring_payments_keyed') }}
    {{ recurring_changed_groups_filter() }}

),

levels as (

    select
        *,
        person_ref || '|' || direction || '|' || payee_key as payee_group,
        cast(amount_paise as varchar) as amount_group,
        cast(extract(day from business_date) as varchar) as day_group

    from keyed

),

final as (

    select
        transaction_id,
        'payee' as candidate_level,
        payee_group_id as candidate_id,
        payee_group_id,
        person_ref,
        business_date

    from levels

    union all

    select
        transaction_id,
        'amount' as candidate_level,
        md5('amount|' || payee_group || '|' || amount_group) as candidate_id,
        payee_group_id,
        person_ref,
        business_date

    from levels

    union all

    select
        transaction_id,
        'day' as candidate_level,
        md5('day|' || payee_group || '|' || amount_group || '|' || day_group) as candidate_id,
        payee_group_id,
        person_ref,
        business_date

    from levels

)

select * from final
