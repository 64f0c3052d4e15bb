{{ config(
    materialized='incremental',
    unique_key='transaction_id',
    window_column='business_date',
    window_people=true,
) }}
with

recurring_members as (

    select distinct transaction_id from {{ ref('int_recurring_members') }}

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
                left join recurring_members
                    on previous.transaction_id = recurring_members.transaction_id
                where previous.is_recurring != (recurring_members.transaction_id is not null)
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
