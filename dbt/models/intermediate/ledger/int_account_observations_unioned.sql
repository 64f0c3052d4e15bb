-- Incremental (macros/ledger_window.sql): the source rows of the window (the rows before it
-- are as the last build left them) and every AA account summary, a small table reread whole
-- so a summary of any date arriving late is never missed.
{{ config(
    materialized='incremental',
    window_column='observed_date',
    window_also='is_account_summary',
) }}
with

source_transactions as (

    select * from {{ ref('int_source_transactions_unioned') }}
    {{ ledger_window_filter('txn_date') }}

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
        balance_paise,
        false as is_account_summary

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
        current_balance_paise as balance_paise,
        true as is_account_summary

    from aa_accounts

),

final as (

    select * from transaction_observations
    union all
    select * from summary_observations

)

select * from final
