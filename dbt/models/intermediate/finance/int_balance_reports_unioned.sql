-- Incremental (macros/ledger_window.sql): the reconciled rows of the window (the rows before
-- it are as the last build left them) and every AA account summary, a small table reread
-- whole so a summary of any date arriving late is never missed.
{{ config(
    materialized='incremental',
    window_column='observed_date',
    window_also="transaction_id is null",
) }}
with

reconciled as (

    select * from {{ ref('int_transactions_reconciled') }}
    {{ ledger_window_filter('txn_date') }}

),

aa_accounts as (

    select * from {{ ref('stg_account_aggregator__accounts') }}

),

-- A balance printed next to a transaction is the balance after that transaction, in the order
-- the bank books: the statement's running balance, AA's currentBalance, the SMS "Avl bal"
-- (which the bank computes as if the payment were booked, even when it books it the next
-- morning). transaction_id lets the marts date it where the ledger booked the transaction.
transaction_reports as (

    select
        source,
        source_row_id,
        transaction_id,
        account_id,
        txn_date as observed_date,
        occurred_at as observed_at,
        line_no,
        balance_paise

    from reconciled
    where balance_paise is not null

),

-- The AA account summary: the balance at its balanceDateTime, tied to no transaction.
summary_reports as (

    select
        'aa' as source,
        source_row_id,
        cast(null as varchar) as transaction_id,
        person_ref || ':' || account_key as account_id,
        balance_date as observed_date,
        balance_at as observed_at,
        line_no,
        current_balance_paise as balance_paise

    from aa_accounts
    where current_balance_paise is not null

),

unioned as (

    select * from transaction_reports
    union all
    select * from summary_reports

),

final as (

    select
        *,
        {{ source_priority('source') }} as source_priority

    from unioned

)

select * from final
