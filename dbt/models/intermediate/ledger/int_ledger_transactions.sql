-- The categorized ledger: one row per canonical transaction with its merchant, its category
-- (and why), and whether it moved money between the person's own accounts.
{{ config(materialized='incremental', window_column='business_date', window_people=true) }}
with

transactions as (

    select * from {{ ref('int_transactions_merchant_matched') }}
    {{ ledger_window_filter('business_date', people_column='person_ref') }}

),

categorized as (

    select * from {{ ref('int_transactions_categorized') }}
    {{ ledger_window_filter('business_date', people_column='person_ref') }}

),

final as (

    select
        transactions.transaction_id,
        transactions.person_ref,
        transactions.account_id,
        transactions.account_key,
        transactions.bank,
        transactions.occurred_at,
        transactions.business_date,
        {{ financial_year('transactions.business_date') }} as financial_year,
        cast(date_trunc('month', transactions.business_date) as date) as month_start,
        transactions.amount_paise,
        transactions.direction,
        transactions.channel,
        transactions.counterparty,
        transactions.vpa,
        transactions.psp,
        transactions.is_p2m,
        transactions.merchant_id,
        categorized.category_id,
        split_part(categorized.category_id, ':', 1) as category,
        nullif(split_part(categorized.category_id, ':', 2), '') as subcategory,
        categorized.category_source,
        cast(
            case when categorized.category_source in ('user', 'rule') then 1.0 end as numeric(4, 3)
        ) as category_confidence,
        categorized.category_rule,
        categorized.category_id = 'transfers:self' as is_transfer,
        transactions.direction = 'credit'
        and (
            transactions.is_reversal or categorized.category_id = 'income:refunds_cashback'
        ) as is_refund,
        transactions.balance_paise,
        transactions.has_statement,
        transactions.has_sms,
        transactions.has_aa,
        transactions.source_count,
        transactions.narration,
        transactions.reference

    from transactions
    inner join categorized
        on transactions.transaction_id = categorized.transaction_id

)

select * from final
