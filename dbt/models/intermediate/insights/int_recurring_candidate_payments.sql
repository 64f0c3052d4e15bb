-- Each transaction in the groups that might be a recurring series, at three levels:
--   payee:  every payment to (or from) one payee in one direction, whatever the amount
--           (utility bills vary, a subscription changes price);
--   amount: the same, split by exact amount, for payees that also get one-off payments
--           (a monthly ₹5,000 home among ad-hoc transfers to the same parent);
--   day:    the same again, split by day of the month, for two series of one amount to one
--           payee (₹3,000 to one's own savings account on the 5th and another on the 9th).
-- Accounts are not part of the key: a person pays the same bill from whichever account.
-- A transaction's rows depend on its own row of int_recurring_payments_keyed alone, so unlike
-- the models after it this one is incremental by transaction, not by payee group: a run
-- rewrites the window's rows and those an older row's new payee moved to another group (a
-- UPI address got another most-printed name). An everyday payee's group holds a year of
-- rows; rewriting every changed group rewrote about a sixth of the table each day.
{{ config(
    materialized='incremental',
    unique_key='transaction_id',
    window_column='business_date',
    window_people=true,
) }}
-- depends_on: {{ ref('int_recurring_groups_changed') }}
with
-- noqa: disable=LT02
{%- if is_incremental() %}

-- The payee-level rows stored for the changed groups (a payment's payee-level candidate is
-- its group).
previous_payee_rows as (

    select
        transaction_id,
        payee_group_id,
        business_date

    from {{ this }}
    where
        candidate_level = 'payee'
        and payee_group_id in (
            select payee_group_id from {{ ref('int_recurring_groups_changed') }}
        )

),
{%- endif %}
-- noqa: enable=LT02

keyed as (

    select * from {{ ref('int_recurring_payments_keyed') }}
    {{ ledger_window_filter('business_date', people_column='person_ref') }}
    -- noqa: disable=LT02
    {%- if is_incremental() %}

    union all

    -- Older rows that moved: in a changed group now, and their stored payee-level row names
    -- another group (or none).
    select changed_rows.*
    from {{ ref('int_recurring_payments_keyed') }} as changed_rows
    left join previous_payee_rows as previous
        on
            changed_rows.transaction_id = previous.transaction_id
            and changed_rows.payee_group_id = previous.payee_group_id
            and changed_rows.business_date = previous.business_date
    where
        changed_rows.payee_group_id in (
            select payee_group_id from {{ ref('int_recurring_groups_changed') }}
        )
        and previous.transaction_id is null
        and not {{ ledger_window_predicate(
            'changed_rows.business_date', 'changed_rows.person_ref'
        ) }}
    {%- endif %}
    -- noqa: enable=LT02

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
