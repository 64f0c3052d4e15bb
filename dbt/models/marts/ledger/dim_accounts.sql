with

observations as (

    select * from {{ ref('int_account_observations_unioned') }}

),

accounts as (

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
        count(distinct source) as source_count,
        min(observed_date) as first_seen_date,
        max(observed_date) as last_seen_date

    from observations
    group by account_id, person_ref, account_key, bank

),

-- Latest by business date; within a day a timestamped report beats an undated statement
-- line only when it is later in the day, which a statement cannot say: undated rows (the
-- statement's closing balance) count as end of day.
balances_ranked as (

    select
        account_id,
        source,
        observed_date,
        balance_paise,
        row_number() over (
            partition by account_id
            order by
                observed_date desc,
                observed_at desc nulls first,
                line_no desc,
                source_row_id asc
        ) as recency_rank

    from observations
    where balance_paise is not null

),

latest_balances as (

    select
        account_id,
        balance_paise as latest_balance_paise,
        observed_date as latest_balance_date,
        source as latest_balance_source

    from balances_ranked
    where recency_rank = 1

),

final as (

    select
        accounts.account_id,
        accounts.account_key,
        accounts.person_ref,
        accounts.bank,
        accounts.account_last_digits,
        accounts.account_type,
        concat_ws(
            ',',
            case when accounts.has_aa then 'aa' end,
            case when accounts.has_sms then 'sms' end,
            case when accounts.has_statement then 'statement' end
        ) as sources_seen,
        accounts.has_statement,
        accounts.has_sms,
        accounts.has_aa,
        accounts.source_count,
        accounts.first_seen_date,
        accounts.last_seen_date,
        latest_balances.latest_balance_paise,
        latest_balances.latest_balance_date,
        latest_balances.latest_balance_source

    from accounts
    left join latest_balances
        on accounts.account_id = latest_balances.account_id

)

select * from final
