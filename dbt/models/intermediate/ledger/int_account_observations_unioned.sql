with

source_transactions as (

    select * from {{ ref('int_source_transactions_unioned') }}

),

aa_accounts as (

    select * from {{ ref('stg_account_aggregator__accounts') }}

),

transaction_observations as (

    select
        source,
        source_row_id,
        person_ref,
        account_id,
        account_key,
        bank,
        account_last_digits,
        cast(null as varchar) as account_type,
        txn_date as observed_date,
        occurred_at as observed_at,
        line_no,
        balance_paise

    from source_transactions

),

summary_observations as (

    select
        'aa' as source,
        source_row_id,
        person_ref,
        person_ref || ':' || account_key as account_id,
        account_key,
        bank,
        account_last4 as account_last_digits,
        account_type,
        balance_date as observed_date,
        balance_at as observed_at,
        line_no,
        current_balance_paise as balance_paise

    from aa_accounts

),

final as (

    select * from transaction_observations
    union all
    select * from summary_observations

)

select * from final
