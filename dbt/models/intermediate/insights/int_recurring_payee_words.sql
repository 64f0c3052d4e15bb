-- The words each ledger transaction's payee can be recognised by (int_recurring_payments_keyed
-- puts them together), kept per transaction so that an incremental run matches the regular
-- expressions on its window's rows only.
{{ config(materialized='incremental', window_column='business_date', window_people=true) }}
with

ledger as (

    select * from {{ ref('int_ledger_transactions') }}
    {{ ledger_window_filter('business_date', people_column='person_ref') }}

),

named as (

    select
        transaction_id,
        person_ref,
        business_date,
        merchant_id,
        channel,
        narration,
        nullif(trim({{ words_for_matching('counterparty') }}), '') as counterparty_name,
        lower(trim(vpa)) as vpa_handle

    from ledger

),

final as (

    select
        transaction_id,
        person_ref,
        business_date,
        counterparty_name,
        vpa_handle,
        -- Bank postings (interest, charges) and mandates with no payee: the narration's words
        -- without its numbers. Only read when nothing else names the payee: not matched else.
        case
            when merchant_id is null and counterparty_name is null and vpa_handle is null
                then 'text:' || channel || ':' || trim({{ words_for_matching('narration') }})
        end as narration_key

    from named

)

select * from final
