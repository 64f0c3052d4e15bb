{{ config(
    materialized='incremental',
    unique_key='transaction_id',
    window_column='business_date',
    window_people=true,
) }}
-- depends_on: {{ ref('int_recurring_groups_changed') }}
-- depends_on: {{ ref('int_recurring_payments_keyed') }}
with

-- On an incremental run only the payee groups recurring detection recomputed
-- (int_recurring_groups_changed): every other transaction keeps its flag, and the window's
-- transactions are all in those groups.
recurring_members as (

    select distinct transaction_id from {{ ref('int_recurring_members') }}
    {{ recurring_changed_groups_filter() }}

),

-- Recurring detection looks across months: a new occurrence can make older payments a series
-- (or end one), so an incremental run also rewrites the rows whose flag changed.
ledger as (

    select * from {{ ref('int_ledger_transactions') }}
    {%- if is_incremental() %}
        where
            {{ ledger_window_predicate('business_date', 'person_ref') }}
            or transaction_id in (
                select previous.transaction_id
                from {{ this }} as previous
                inner join {{ ref('int_recurring_payments_keyed') }} as keyed
                    on previous.transaction_id = keyed.transaction_id
                left join recurring_members
                    on previous.transaction_id = recurring_members.transaction_id
                where
                    previous.is_recurring != (recurring_members.transaction_id is not null)
                    {{ recurring_changed_groups_filter('and', 'keyed.payee_group_id') }}
            )
    {%- endif %}

),

final as (

    select
        ledger.*,
        recurring_members.transaction_id is not null as is_recurring

    from ledger
    left join recurring_members
        on ledger.transaction_id = recurring_members.transaction_id

)

select * from final
