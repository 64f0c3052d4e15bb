-- Which business dates this run's incremental models recompute (macros/ledger_window.sql).
-- Raw rows ingested after the last complete build's watermark are new. A new row changes the
-- reconciliation of its own day, of the day before (a late booking pairs across midnight) and
-- of every row with the same reference, so the window opens the day before the earliest of
-- those. A new row naming an account, or a source for an account, that the ledger has not seen
-- changes how older rows resolve (an SMS mask, the sources a transaction should have): then
-- the window opens at the beginning and the run recomputes everything. What the ledger has
-- seen is read from int_ledger_sources_seen as the last run left it, not from every row again.
{%- set watermark = ledger_previous_watermark() %}
{%- set previous = ledger_window_relation('int_source_transactions_unioned') %}
{%- set seen = ledger_window_relation('int_ledger_sources_seen') %}

with

statement_lines as (

    select * from {{ ref('stg_bank_statements__lines') }}

),

aa_transactions as (

    select * from {{ ref('stg_account_aggregator__transactions') }}

),

sms_messages as (

    select * from {{ ref('stg_sms__messages') }}

),

aa_accounts as (

    select * from {{ ref('stg_account_aggregator__accounts') }}

),

-- The views are read here by themselves, not through the CTEs above: a CTE read twice is
-- materialized whole (every column of every row parsed), where each read alone takes only the
-- column or the new rows it needs.
ingested as (

    select max(ingested_at) as ingested_at from {{ ref('stg_bank_statements__lines') }}
    union all
    select max(ingested_at) as ingested_at from {{ ref('stg_account_aggregator__transactions') }}
    union all
    select max(ingested_at) as ingested_at from {{ ref('stg_sms__messages') }}
    union all
    select max(ingested_at) as ingested_at from aa_accounts

),
{%- if watermark is none or seen is none %}

final as (

    select
        cast(null as timestamp) as watermark,
        max(ingested_at) as processed_through,
        cast('1900-01-01' as date) as window_start,
        true as is_whole_rebuild

    from ingested

)
{%- else %}
-- noqa: disable=LT02
-- (CTEs inside the jinja branch keep the file's indentation, not one level deeper.)

-- New rows as int_source_transactions_unioned will read them (same SMS filter).
new_rows as (

    select
        'statement' as source,
        person_ref,
        bank,
        account_last4 as account_mask_digits,
        reference,
        txn_date
    from statement_lines
    where ingested_at > {{ watermark }}
    union all
    select
        'aa' as source,
        person_ref,
        bank,
        account_last4 as account_mask_digits,
        reference,
        txn_date
    from aa_transactions
    where ingested_at > {{ watermark }}
    union all
    select
        'sms' as source,
        person_ref,
        bank,
        account_mask_digits,
        reference,
        txn_date
    from sms_messages
    where
        ingested_at > {{ watermark }}
        and is_transaction
        and amount_paise is not null
        and direction is not null
        and (account_mask_digits is not null or reference is not null)

),

previous_rows as (

    -- As the last complete build left them (a failed run may have added newer ones).
    select * from {{ previous }}
    where ingested_at <= {{ watermark }}

),

-- As the last complete build left them (int_ledger_sources_seen rolls up the same rows).
seen_sources as (

    select
        source,
        person_ref,
        bank,
        account_mask_digits
    from {{ seen }}
    where first_ingested_at <= {{ watermark }}

),

seen_accounts as (

    select
        person_ref,
        bank,
        account_mask_digits as account_last4
    from seen_sources
    where source <> 'sms'
    union
    select
        person_ref,
        bank,
        account_last4
    from aa_accounts
    where ingested_at <= {{ watermark }}

),

unseen as (

    select count(*) as unseen_count
    from new_rows
    left join seen_sources
        on
            new_rows.source = seen_sources.source
            and new_rows.person_ref = seen_sources.person_ref
            and new_rows.bank = seen_sources.bank
            and coalesce(new_rows.account_mask_digits, '') = seen_sources.account_mask_digits
    where seen_sources.person_ref is null

),

unseen_summaries as (

    select count(*) as unseen_count
    from aa_accounts
    left join seen_accounts
        on
            aa_accounts.person_ref = seen_accounts.person_ref
            and aa_accounts.bank = seen_accounts.bank
            and aa_accounts.account_last4 = seen_accounts.account_last4
    where aa_accounts.ingested_at > {{ watermark }} and seen_accounts.person_ref is null

),

affected_dates as (

    select txn_date from new_rows
    union all
    select previous_rows.txn_date
    from new_rows
    inner join previous_rows
        on
            new_rows.person_ref = previous_rows.person_ref
            and new_rows.reference = previous_rows.reference

),

final as (

    select
        {{ watermark }} as watermark,
        (select max(ingested_at) from ingested) as processed_through,
        case
            when unseen.unseen_count + unseen_summaries.unseen_count > 0
                then cast('1900-01-01' as date)
            else coalesce(
                (select min(txn_date) from affected_dates) - 1, cast('9999-12-31' as date)
            )
        end as window_start,
        unseen.unseen_count + unseen_summaries.unseen_count > 0 as is_whole_rebuild

    from unseen
    cross join unseen_summaries

)
-- noqa: enable=LT02
{%- endif %}

select * from final
