-- Each (source, person, bank, account digits as printed) the ledger has read a row from, with
-- when it was first ingested: what int_ledger_window compares new rows with (an unseen one
-- rebuilds everything) and, outside a whole rebuild, the accounts int_source_transactions_unioned
-- resolves SMS masks against. Both read it as the last run left it, by name, so that neither
-- reads every source row again for one more day. Incremental: the window's rows rolled up and
-- merged into the previous rows of their keys (the earliest of two firsts).
{{ config(
    materialized='incremental',
    unique_key='source_key',
    window_column='first_txn_date',
) }}
{%- set start = ledger_window_start() if is_incremental() else none %}
{%- set merges = start is not none and start != ledger_window_start('1900-01-01') %}
with

source_transactions as (

    select * from {{ ref('int_source_transactions_unioned') }}
    {%- if merges %}
        where txn_date >= {{ start }}
    {%- endif %}

),

rolled_up as (

    select
        source,
        person_ref,
        bank,
        coalesce(account_mask_digits, '') as account_mask_digits,
        min(ingested_at) as first_ingested_at,
        min(txn_date) as first_txn_date

    from source_transactions
    group by 1, 2, 3, 4

),
{%- if merges %}
-- noqa: disable=LT02
-- (CTEs inside the jinja branch keep the file's indentation, not one level deeper.)

merged as (

    select
        source,
        person_ref,
        bank,
        account_mask_digits,
        min(first_ingested_at) as first_ingested_at,
        min(first_txn_date) as first_txn_date

    from (
        select * from rolled_up
        union all
        select
            previous.source,
            previous.person_ref,
            previous.bank,
            previous.account_mask_digits,
            previous.first_ingested_at,
            previous.first_txn_date
        from {{ this }} as previous
        inner join rolled_up
            on
                previous.source = rolled_up.source
                and previous.person_ref = rolled_up.person_ref
                and previous.bank = rolled_up.bank
                and previous.account_mask_digits = rolled_up.account_mask_digits
    ) as both_rolled_up
    group by 1, 2, 3, 4

),
-- noqa: enable=LT02
{%- else %}

merged as (

    select * from rolled_up

),
{%- endif %}

final as (

    select
        source || '|' || person_ref || '|' || bank || '|' || account_mask_digits as source_key,
        source,
        person_ref,
        bank,
        account_mask_digits,
        first_ingested_at,
        first_txn_date

    from merged

)

select * from final
