-- Where each account's daily balances (fct_account_balances_daily) start again on this run.
-- An incremental run rewrites the days from two days before the window (a report or a
-- transaction of the window can be booked on the day before it); an account whose last day
-- stored before those has a closing balance carries on from it (carried_through, carried
-- balance). Any other account is rebuilt whole (carried_through null): new, or no balance
-- reported yet (its anchor may be in the window), or an AA summary newly dated before those
-- days. The monthly cashflow recomputes every month of the people with such an account.
-- Read as the last run left fct_account_balances_daily (by name: it is built after this);
-- a full refresh or a whole rebuild carries nothing.
{%- set previous = ledger_window_relation('fct_account_balances_daily', 'marts') %}
{%- set summaries = ledger_window_relation('stg_account_aggregator__accounts', 'staging') %}
with

accounts as (

    select * from {{ ref('dim_accounts') }}

),
-- noqa: disable=LT02
{%- if previous is none or summaries is none or ledger_full_refresh() %}

carried as (

    select
        cast(null as varchar) as account_id,
        cast(null as date) as carried_through,
        cast(null as bigint) as carried_balance_paise

    where false

),
{%- else %}

last_stored_days as (

    select
        account_id,
        max(balance_date) as last_stored_date

    from {{ previous }}
    where not {{ ledger_window_predicate('balance_date', days_before=2) }}
    group by account_id

),

carried as (

    select
        previous.account_id,
        previous.balance_date as carried_through,
        previous.closing_balance_paise as carried_balance_paise

    from {{ previous }} as previous
    inner join last_stored_days
        on
            previous.account_id = last_stored_days.account_id
            and previous.balance_date = last_stored_days.last_stored_date
    where
        previous.closing_balance_paise is not null
        and not exists (
            select 1
            from {{ summaries }} as summaries
            inner join {{ ledger_window_relation() }} as window_state
                on summaries.ingested_at > window_state.watermark
            where
                summaries.person_ref || ':' || summaries.account_key = previous.account_id
                and not {{ ledger_window_predicate('summaries.balance_date', days_before=2) }}
        )

),
{%- endif %}
-- noqa: enable=LT02

final as (

    select
        accounts.account_id,
        accounts.person_ref,
        carried.carried_through,
        carried.carried_balance_paise

    from accounts
    left join carried
        on accounts.account_id = carried.account_id

)

select * from final
