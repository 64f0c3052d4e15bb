-- Incremental (macros/ledger_window.sql): the ledger rows the run rewrote that the flow depends
-- on (the window, and every row of a person with corrections, whose categories may change);
-- is_recurring, which fct_ledger also rewrites outside the window, is not read here. The
-- category and merchant dimensions come from seeds: a changed seed rebuilds everything.
{{ config(
    materialized='incremental',
    unique_key='transaction_id',
    window_column='business_date',
    window_people=true,
) }}
with

ledger as (

    select * from {{ ref('fct_ledger') }}
    {{ ledger_window_filter('business_date', people_column='person_ref') }}

),

categories as (

    select * from {{ ref('dim_categories') }}

),

merchants as (

    select * from {{ ref('dim_merchants') }}

),

-- The category a row counts in as spend. A debit: its own category, when the taxonomy calls
-- it spend (dim_categories.is_spend). A refund: the category of the merchant it came from
-- (the categorizer files refunds under income:refunds_cashback, which no purchase is in),
-- else its own category when that is a spend category; so it nets off the purchases.
spend_categories as (

    select
        ledger.transaction_id,
        categories.kind as category_kind,
        coalesce(categories.is_spend, false) as is_spend,
        case
            when ledger.is_transfer then null
            when ledger.direction = 'debit' and categories.is_spend then ledger.category_id
            when ledger.is_refund and merchant_categories.is_spend then merchants.category_id
            when ledger.is_refund and categories.is_spend then ledger.category_id
        end as spend_category_id

    from ledger
    left join categories
        on ledger.category_id = categories.category_id
    left join merchants
        on ledger.merchant_id = merchants.merchant_id
    left join categories as merchant_categories
        on merchants.category_id = merchant_categories.category_id

),

final as (

    select
        ledger.transaction_id,
        ledger.person_ref,
        ledger.account_id,
        ledger.business_date,
        ledger.month_start,
        ledger.financial_year,
        ledger.direction,
        ledger.amount_paise,
        -- Money leaving the account: + for a debit, - for a credit.
        case
            when ledger.direction = 'debit' then ledger.amount_paise else -ledger.amount_paise
        end as outflow_paise,
        ledger.category_id,
        spend_categories.category_kind,
        spend_categories.is_spend,
        ledger.is_transfer,
        ledger.is_refund,
        spend_categories.spend_category_id,
        case
            when ledger.is_transfer then 'transfer'
            when spend_categories.category_kind = 'investment' then 'investment'
            when spend_categories.spend_category_id is not null then 'spend'
            when ledger.direction = 'debit' or ledger.is_refund then 'other_outflow'
            else 'income'
        end as flow

    from ledger
    inner join spend_categories
        on ledger.transaction_id = spend_categories.transaction_id

)

select * from final
