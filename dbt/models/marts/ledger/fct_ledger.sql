with

ledger as (

    select * from {{ ref('int_ledger_transactions') }}

),

recurring_members as (

    select distinct transaction_id from {{ ref('int_recurring_members') }}

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
