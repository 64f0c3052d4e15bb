-- Each account rolled up from every observation of it (int_account_observations_unioned), with
-- the sort keys of its latest balance. Incremental: outside a whole rebuild, a run rolls up only
-- the window's observations and every AA summary, and merges them into the account's previous
-- row. Every part of the roll-up merges: minimum, maximum, any, and the latest balance is the
-- later of the previous latest and the window's. Nothing the previous row counted can have
-- changed since: an observation before the window is as it was, one inside it is read again
-- unchanged (a merge of the same observation twice is the same), and whatever would change how
-- rows resolve to accounts (an account or source the ledger has not seen) rebuilds everything.
{{ config(
    materialized='incremental',
    unique_key='account_id',
    window_column='last_seen_date',
) }}
-- depends_on: {{ ref('int_ledger_window') }}
{%- set start = ledger_window_start() if is_incremental() else none %}
{%- set merges = start is not none and start != ledger_window_start('1900-01-01') %}
with

observations as (

    select * from {{ ref('int_account_observations_unioned') }}
    {%- if merges %}
        where observed_date >= {{ start }} or is_account_summary
    {%- endif %}

),

rolled_up as (

    select
        account_id,
        person_ref,
        account_key,
        bank,
        max(account_last_digits) as account_last_digits,
        max(account_type) as account_type,
        bool_or(source = 'statement') as has_statement,
        bool_or(source = 'sms') as has_sms,
        bool_or(source = 'aa') as has_aa,
        min(observed_date) as first_seen_date,
        max(observed_date) as last_seen_date

    from observations
    group by account_id, person_ref, account_key, bank

),

balances as (

    select
        account_id,
        source,
        observed_date,
        observed_at,
        line_no,
        source_row_id,
        balance_paise

    from observations
    where balance_paise is not null

),
{%- if merges %}
-- noqa: disable=LT02
-- (CTEs inside the jinja branch keep the file's indentation, not one level deeper.)

previous as (

    select * from {{ this }}
    where account_id in (select rolled_up.account_id from rolled_up)

),

accounts as (

    select
        account_id,
        person_ref,
        account_key,
        bank,
        max(account_last_digits) as account_last_digits,
        max(account_type) as account_type,
        bool_or(has_statement) as has_statement,
        bool_or(has_sms) as has_sms,
        bool_or(has_aa) as has_aa,
        min(first_seen_date) as first_seen_date,
        max(last_seen_date) as last_seen_date

    from (
        select * from rolled_up
        union all
        select
            account_id,
            person_ref,
            account_key,
            bank,
            account_last_digits,
            account_type,
            has_statement,
            has_sms,
            has_aa,
            first_seen_date,
            last_seen_date
        from previous
    ) as both_rolled_up
    group by account_id, person_ref, account_key, bank

),

candidate_balances as (

    select * from balances
    union all
    select
        account_id,
        latest_balance_source as source,
        latest_balance_date as observed_date,
        latest_balance_observed_at as observed_at,
        latest_balance_line_no as line_no,
        latest_balance_source_row_id as source_row_id,
        latest_balance_paise as balance_paise
    from previous
    where latest_balance_paise is not null

),
-- noqa: enable=LT02
{%- else %}

accounts as (

    select * from rolled_up

),

candidate_balances as (

    select * from balances

),
{%- endif %}

-- Latest by business date; within a day a timestamped report beats an undated statement
-- line only when it is later in the day, which a statement cannot say: undated rows (the
-- statement's closing balance) count as end of day.
balances_ranked as (

    select
        *,
        row_number() over (
            partition by account_id
            order by
                observed_date desc,
                observed_at desc nulls first,
                line_no desc,
                source_row_id asc
        ) as recency_rank

    from candidate_balances

),

final as (

    select
        accounts.account_id,
        accounts.account_key,
        accounts.person_ref,
        accounts.bank,
        accounts.account_last_digits,
        accounts.account_type,
        accounts.has_statement,
        accounts.has_sms,
        accounts.has_aa,
        accounts.first_seen_date,
        accounts.last_seen_date,
        balances_ranked.balance_paise as latest_balance_paise,
        balances_ranked.observed_date as latest_balance_date,
        balances_ranked.source as latest_balance_source,
        balances_ranked.observed_at as latest_balance_observed_at,
        balances_ranked.line_no as latest_balance_line_no,
        balances_ranked.source_row_id as latest_balance_source_row_id

    from accounts
    left join balances_ranked
        on
            accounts.account_id = balances_ranked.account_id
            and balances_ranked.recency_rank = 1

)

select * from final
