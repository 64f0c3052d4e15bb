-- Incremental (macros/ledger_window.sql): an account's days before the window keep their rows,
-- so the run rewrites its days from two days before the window, opening on the last closing
-- balance stored before those; an account without one is rebuilt whole
-- (int_balance_account_starts says which).
{{ config(
    materialized='incremental',
    unique_key='account_day_id',
    window_column='balance_date',
    window_days_before=2,
) }}
with

ledger as (

    select * from {{ ref('fct_ledger') }}

),

accounts as (

    select * from {{ ref('dim_accounts') }}

),

-- Accounts whose days before the rewritten ones stay (int_balance_account_starts): the closing
-- balance stored for the last day before those carries on (an account quiet since then
-- continues from its last day). On a full build none.
carried as (

    select
        account_id,
        carried_through,
        carried_balance_paise

    from {{ ref('int_balance_account_starts') }}
    where carried_through is not null and {{ 'true' if is_incremental() else 'false' }}

),

-- noqa: disable=LT02
-- The ledger rows of the days rewritten: all of them on a full build. (Joins, not `not in`:
-- PostgreSQL runs a `not in` over a CTE it cannot size as a scan per row.)
ledger_rewritten as (

    select ledger.*

    from ledger
    {%- if is_incremental() %}
    left join carried
        on ledger.account_id = carried.account_id
    where
        {{ ledger_window_predicate('ledger.business_date', days_before=2) }}
        or carried.account_id is null
    {%- endif %}

),

-- The reports that may be placed on a rewritten day: by their own date, their transaction's
-- or their account's (a report placed on another day joins no rewritten day below). One read
-- of the reports, the transactions and accounts looked up by hash joins: a CTE read three
-- times is materialized whole by DuckDB (seventeen million reports at 10M transactions), and
-- an IN list under `or` is a subplan PostgreSQL may rescan for every row.
reports_read as (

    select reports.*
    from {{ ref('int_balance_reports_unioned') }} as reports
    {%- if is_incremental() %}
    left join ledger_rewritten
        on reports.transaction_id = ledger_rewritten.transaction_id
    left join {{ ref('int_balance_account_starts') }} as account_starts
        on reports.account_id = account_starts.account_id
    where
        {{ ledger_window_predicate('reports.observed_date', days_before=2) }}
        or ledger_rewritten.transaction_id is not null
        or (account_starts.account_id is not null and account_starts.carried_through is null)
    {%- endif %}

),
-- noqa: enable=LT02

-- Every transaction moves its account's balance, transfers and refunds included.
flows_daily as (

    select
        account_id,
        business_date as balance_date,
        cast(sum(case when direction = 'credit' then amount_paise else 0 end) as bigint)
            as credits_paise,
        cast(sum(case when direction = 'debit' then amount_paise else 0 end) as bigint)
            as debits_paise,
        count(*) as transaction_count

    from ledger_rewritten
    group by account_id, business_date

),

-- Whether a transaction is known to be the last of its account's day: an SMS balance is the
-- balance after its own transaction, so it closes the day only when no transaction of the day
-- came later (or at an unknown moment: a statement-only line has no time).
ledger_days as (

    select
        transaction_id,
        occurred_at,
        max(occurred_at) over (partition by account_id, business_date) as day_last_at,
        count(*) over (partition by account_id, business_date)
        - count(occurred_at) over (partition by account_id, business_date) as undated_count

    from ledger_rewritten

),

-- A balance printed after a transaction belongs to the account and day the ledger booked the
-- transaction on. The day's closing balance is the last report of the most authoritative
-- source: the statement's last line (statement order), else the latest AA timestamp (the
-- account summary included), else the latest SMS of the day's last transaction. Undated
-- statement lines are never ranked against timestamps.
reports_placed as (

    select
        coalesce(ledger.account_id, reports.account_id) as account_id,
        coalesce(ledger.business_date, reports.observed_date) as balance_date,
        reports.source,
        reports.balance_paise,
        row_number() over (
            partition by
                coalesce(ledger.account_id, reports.account_id),
                coalesce(ledger.business_date, reports.observed_date)
            order by
                reports.source_priority asc,
                reports.observed_at desc nulls last,
                reports.line_no desc nulls last,
                reports.source_row_id desc
        ) as end_of_day_rank

    from reports_read as reports
    left join ledger
        on reports.transaction_id = ledger.transaction_id
    left join ledger_days
        on reports.transaction_id = ledger_days.transaction_id
    where
        reports.source <> 'sms'
        or (ledger_days.undated_count = 0 and ledger_days.occurred_at = ledger_days.day_last_at)

),

reported as (

    select
        account_id,
        balance_date,
        balance_paise as reported_closing_balance_paise,
        source as reported_balance_source

    from reports_placed
    where end_of_day_rank = 1

),

-- From the first to the last day any source mentioned the account (a transaction of the
-- ledger or a reported balance), every IST day, quiet days included.
account_ranges as (

    select
        accounts.account_id,
        accounts.person_ref,
        accounts.account_key,
        accounts.bank,
        -- A carried account continues after its last stored day (its stored days cover every
        -- ledger row before the rewritten ones, so the last day is found among those).
        coalesce(
            carried.carried_through + 1,
            least(accounts.first_seen_date, min(ledger_rewritten.business_date))
        ) as first_date,
        greatest(accounts.last_seen_date, max(ledger_rewritten.business_date)) as last_date

    from accounts
    left join carried
        on accounts.account_id = carried.account_id
    left join ledger_rewritten
        on accounts.account_id = ledger_rewritten.account_id
    group by
        carried.carried_through,
        accounts.account_id,
        accounts.person_ref,
        accounts.account_key,
        accounts.bank,
        accounts.first_seen_date,
        accounts.last_seen_date

),

account_days as (

    select
        account_id,
        person_ref,
        account_key,
        bank,
        {{ finance_day_series('first_date', 'last_date') }} as balance_day_at

    from account_ranges

),

days_with_flows as (

    select
        account_days.account_id,
        account_days.person_ref,
        account_days.account_key,
        account_days.bank,
        cast(account_days.balance_day_at as date) as balance_date,
        coalesce(flows_daily.credits_paise, 0) as credits_paise,
        coalesce(flows_daily.debits_paise, 0) as debits_paise,
        coalesce(flows_daily.transaction_count, 0) as transaction_count,
        reported.reported_closing_balance_paise,
        reported.reported_balance_source

    from account_days
    left join flows_daily
        on
            account_days.account_id = flows_daily.account_id
            and cast(account_days.balance_day_at as date) = flows_daily.balance_date
    left join reported
        on
            account_days.account_id = reported.account_id
            and cast(account_days.balance_day_at as date) = reported.balance_date

),

running as (

    select
        *,
        cast(sum(credits_paise - debits_paise) over (
            partition by account_id
            order by balance_date
            rows between unbounded preceding and current row
        ) as bigint) as net_flow_to_date_paise,
        row_number() over (
            partition by account_id
            order by reported_closing_balance_paise is null, balance_date
        ) as report_rank

    from days_with_flows

),

-- The balance before the account's first day, derived from the first reported balance: that
-- day's reported closing minus every flow up to and including it. Null when no source ever
-- printed a balance for the account (then no balance is computed, and none is invented).
anchors as (

    select
        account_id,
        reported_closing_balance_paise - net_flow_to_date_paise as initial_balance_paise

    from running
    where
        report_rank = 1
        and reported_closing_balance_paise is not null
        and not exists (
            select 1
            from carried
            where carried.account_id = running.account_id
        )

    union all

    -- A carried account's running sum starts at rewrite_from: the balance before it is stored.
    select
        account_id,
        carried_balance_paise as initial_balance_paise

    from carried

),

computed as (

    select
        running.*,
        anchors.initial_balance_paise + running.net_flow_to_date_paise
        - running.credits_paise + running.debits_paise as opening_balance_paise,
        anchors.initial_balance_paise + running.net_flow_to_date_paise as closing_balance_paise

    from running
    left join anchors
        on running.account_id = anchors.account_id

),

final as (

    select
        account_id || ':' || cast(balance_date as varchar) as account_day_id,
        account_id,
        person_ref,
        account_key,
        bank,
        balance_date,
        {{ financial_year('balance_date') }} as financial_year,
        cast(date_trunc('month', balance_date) as date) as month_start,
        opening_balance_paise,
        credits_paise,
        debits_paise,
        closing_balance_paise,
        transaction_count,
        reported_closing_balance_paise,
        reported_balance_source,
        closing_balance_paise - reported_closing_balance_paise as difference_paise,
        case
            when reported_closing_balance_paise is null then 'not_reported'
            when closing_balance_paise = reported_closing_balance_paise then 'matches'
            else 'mismatch'
        end as balance_check

    from computed

)

select * from final
