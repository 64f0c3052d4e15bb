-- Rolled up incrementally in int_accounts_observed; this table is its person-facing columns.
with

accounts as (

    select * from {{ ref('int_accounts_observed') }}

),

final as (

    select
        account_id,
        account_key,
        person_ref,
        bank,
        account_last_digits,
        account_type,
        concat_ws(
            ',',
            case when has_aa then 'aa' end,
            case when has_sms then 'sms' end,
            case when has_statement then 'statement' end
        ) as sources_seen,
        has_statement,
        has_sms,
        has_aa,
        cast(
            cast(has_aa as integer) + cast(has_sms as integer) + cast(has_statement as integer)
            as bigint
        ) as source_count,
        first_seen_date,
        last_seen_date,
        latest_balance_paise,
        latest_balance_date,
        latest_balance_source

    from accounts

)

select * from final
