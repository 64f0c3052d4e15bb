-- The ledger in the columns `hisaab summary`, the API and the Dagster snapshot read since the
-- first version; its categories are fct_ledger's (int_ledger_transactions).
{{ config(materialized='incremental', window_column='txn_date', window_people=true) }}
with

ledger as (

    select * from {{ ref('int_ledger_transactions') }}
    {{ ledger_window_filter('business_date', people_column='person_ref') }}

),

transactions as (

    select * from {{ ref('int_transactions_merchant_matched') }}
    {{ ledger_window_filter('business_date', people_column='person_ref') }}

),

merchants as (

    select * from {{ ref('merchants') }}

),

final as (

    select
        ledger.transaction_id,
        ledger.person_ref,
        ledger.account_id,
        ledger.account_key,
        ledger.bank,
        ledger.business_date as txn_date,
        ledger.occurred_at,
        ledger.financial_year,
        ledger.amount_paise,
        ledger.direction,
        ledger.channel,
        ledger.counterparty,
        ledger.narration,
        ledger.reference,
        merchants.merchant_name as merchant,
        ledger.category_id as category,
        ledger.category as category_group,
        ledger.category_rule as category_rule_id,
        transactions.match_method,
        ledger.has_statement,
        ledger.has_sms,
        ledger.has_aa,
        ledger.source_count,
        transactions.source_row_count

    from ledger
    inner join transactions
        on ledger.transaction_id = transactions.transaction_id
    left join merchants
        on ledger.merchant_id = merchants.merchant_id

)

select * from final
