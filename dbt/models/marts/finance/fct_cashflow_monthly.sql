-- Incremental (macros/ledger_window.sql) by person and month: a run recomputes the months from
-- the one two days before the window start in (its balances are rewritten from that day:
-- month_start >= window start - 32 days), and every month of a person with corrections (their
-- flows' categories change) or with an account whose balances are rebuilt whole
-- (int_balance_account_starts); every other month keeps its row.
{{ config(
    materialized='incremental',
    window_column='month_start',
    window_days_before=32,
    window_people=true,
    window_also=balances_rebuilt_whole(),
) }}
-- depends_on: {{ ref('int_balance_account_starts') }}
with

-- noqa: disable=LT02
flows as (

    select * from {{ ref('fct_ledger_flows') }}
    {%- if is_incremental() %}
    where {{ ledger_window_rows(config) }}
    {%- endif %}

),

balances_daily as (

    select * from {{ ref('fct_account_balances_daily') }}
    {%- if is_incremental() %}
    where {{ ledger_window_rows(config) }}
    {%- endif %}

),
-- noqa: enable=LT02

flows_monthly as (

    select
        person_ref,
        month_start,
        cast(sum(case when flow = 'income' then amount_paise else 0 end) as bigint)
            as income_paise,
        cast(sum(case when flow = 'spend' then outflow_paise else 0 end) as bigint)
            as spend_paise,
        cast(sum(case when flow = 'investment' then outflow_paise else 0 end) as bigint)
            as investments_paise,
        cast(sum(case when flow = 'other_outflow' then outflow_paise else 0 end) as bigint)
            as other_outflows_paise,
        cast(sum(case when flow = 'transfer' then -outflow_paise else 0 end) as bigint)
            as transfers_net_paise,
        count(*) as transaction_count

    from flows
    group by person_ref, month_start

),

-- Each account's first and last day inside the month (its days are contiguous).
account_months_ranked as (

    select
        *,
        row_number() over (
            partition by account_id, month_start order by balance_date
        ) as first_day_rank,
        row_number() over (
            partition by account_id, month_start order by balance_date desc
        ) as last_day_rank

    from balances_daily

),

account_months as (

    select
        person_ref,
        month_start,
        account_id,
        max(case when first_day_rank = 1 then opening_balance_paise end) as opening_balance_paise,
        max(case when last_day_rank = 1 then closing_balance_paise end) as closing_balance_paise

    from account_months_ranked
    where first_day_rank = 1 or last_day_rank = 1
    group by person_ref, month_start, account_id

),

balances_monthly as (

    select
        person_ref,
        month_start,
        cast(sum(opening_balance_paise) as bigint) as opening_balance_paise,
        cast(sum(closing_balance_paise) as bigint) as closing_balance_paise,
        count(*) as account_count,
        count(closing_balance_paise) as balanced_account_count

    from account_months
    group by person_ref, month_start

),

person_months as (

    select
        person_ref,
        month_start
    from flows_monthly
    union
    select
        person_ref,
        month_start
    from balances_monthly

),

final as (

    select
        person_months.person_ref || ':' || cast(person_months.month_start as varchar)
            as cashflow_month_id,
        person_months.person_ref,
        person_months.month_start,
        {{ financial_year('person_months.month_start') }} as financial_year,
        {{ finance_fy_month('person_months.month_start') }} as fy_month,
        coalesce(flows_monthly.income_paise, 0) as income_paise,
        coalesce(flows_monthly.spend_paise, 0) as spend_paise,
        coalesce(flows_monthly.investments_paise, 0) as investments_paise,
        coalesce(flows_monthly.other_outflows_paise, 0) as other_outflows_paise,
        coalesce(flows_monthly.income_paise, 0)
        - coalesce(flows_monthly.spend_paise, 0)
        - coalesce(flows_monthly.investments_paise, 0)
        - coalesce(flows_monthly.other_outflows_paise, 0) as net_cashflow_paise,
        coalesce(flows_monthly.transfers_net_paise, 0) as transfers_net_paise,
        coalesce(flows_monthly.transaction_count, 0) as transaction_count,
        balances_monthly.opening_balance_paise,
        balances_monthly.closing_balance_paise,
        coalesce(balances_monthly.account_count, 0) as account_count,
        coalesce(balances_monthly.account_count, 0)
        = coalesce(balances_monthly.balanced_account_count, 0) as has_all_balances

    from person_months
    left join flows_monthly
        on
            person_months.person_ref = flows_monthly.person_ref
            and person_months.month_start = flows_monthly.month_start
    left join balances_monthly
        on
            person_months.person_ref = balances_monthly.person_ref
            and person_months.month_start = balances_monthly.month_start

)

select * from final
