-- Incremental (macros/ledger_window.sql) by month: fct_ledger_flows rewrites the window's rows
-- and every row of a person with corrections, so a run recomputes the months from the one the
-- window starts in (month_start >= window start - 30 days: that month, sometimes the one
-- before) and every month of those people; earlier months keep their rows.
{{ config(
    materialized='incremental',
    window_column='month_start',
    window_days_before=30,
    window_people=true,
) }}
with

flows as (

    select * from {{ ref('fct_ledger_flows') }}
    {{ ledger_window_filter('month_start', days_before=30, people_column='person_ref') }}

),

categories as (

    select * from {{ ref('dim_categories') }}

),

-- Spend (fct_ledger_flows): debits in spend categories that are not own-account transfers,
-- less the refunds of the same category, in the month each arrives.
spend_monthly as (

    select
        person_ref,
        month_start,
        spend_category_id as category_id,
        cast(sum(case when direction = 'debit' then amount_paise else 0 end) as bigint)
            as gross_spend_paise,
        cast(sum(case when direction = 'credit' then amount_paise else 0 end) as bigint)
            as refunds_paise,
        cast(sum(outflow_paise) as bigint) as spend_paise,
        count(case when direction = 'debit' then 1 end) as debit_count,
        count(case when direction = 'credit' then 1 end) as refund_count,
        count(*) as transaction_count

    from flows
    where flow = 'spend'
    group by person_ref, month_start, spend_category_id

),

final as (

    select
        spend_monthly.person_ref || ':' || cast(spend_monthly.month_start as varchar)
        || ':' || spend_monthly.category_id as spend_month_id,
        spend_monthly.person_ref,
        spend_monthly.month_start,
        {{ financial_year('spend_monthly.month_start') }} as financial_year,
        {{ finance_fy_month('spend_monthly.month_start') }} as fy_month,
        spend_monthly.category_id,
        categories.category,
        categories.subcategory,
        spend_monthly.gross_spend_paise,
        spend_monthly.refunds_paise,
        spend_monthly.spend_paise,
        spend_monthly.debit_count,
        spend_monthly.refund_count,
        spend_monthly.transaction_count

    from spend_monthly
    left join categories
        on spend_monthly.category_id = categories.category_id

)

select * from final
