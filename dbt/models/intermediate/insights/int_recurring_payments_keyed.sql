-- Each ledger transaction with the payee it goes to or comes from, spelled the same way on
-- every account and source, so that one person's payments to one payee can be lined up.
-- Incremental: a run rewrites the window's rows and the older rows whose UPI address got
-- another most-printed name (their payee_key or payee_name changes with it).
{{ config(
    materialized='incremental',
    unique_key='transaction_id',
    window_column='business_date',
    window_people=true,
) }}
-- Built after the groups its previous rows leave are listed:
-- depends_on: {{ ref('int_recurring_groups_replaced') }}
{%- set compare_names = is_incremental() and ledger_previous_watermark() is not none %}
{#- The rows a run rewrites, read alike from the ledger and from the payee words. #}
{%- set rewritten_rows = '' %}
{%- if is_incremental() %}
    {%- set rewritten_rows = 'where ' ~ ledger_window_predicate('business_date', 'person_ref')
        ~ (' or transaction_id in (select transaction_id from renamed)' if compare_names else '')
    %}
{%- endif %}
with

vpa_names as (

    select * from {{ ref('int_recurring_vpa_names') }}

),
{%- if compare_names %}
-- noqa: disable=LT02
-- (CTEs inside the jinja branch keep the file's indentation, not one level deeper.)

-- Read as the previous run left it (a changed project has no previous watermark and rebuilds
-- every row: its columns may differ).
renamed as (

    select previous.transaction_id

    from {{ this }} as previous
    left join vpa_names
        on previous.vpa_handle = vpa_names.vpa_handle
    where
        previous.vpa_handle is not null
        and previous.vpa_name is distinct from vpa_names.vpa_name

),
-- noqa: enable=LT02
{%- endif %}

ledger as (

    select * from {{ ref('int_ledger_transactions') }}
    {{ rewritten_rows }}

),

payee_words as (

    select * from {{ ref('int_recurring_payee_words') }}
    {{ rewritten_rows }}

),

keyed as (

    select
        ledger.transaction_id,
        ledger.person_ref,
        ledger.account_id,
        ledger.business_date,
        ledger.occurred_at,
        ledger.amount_paise,
        ledger.direction,
        ledger.channel,
        ledger.category_id,
        ledger.category,
        ledger.merchant_id,
        ledger.counterparty,
        ledger.is_transfer,
        ledger.is_refund,
        ledger.balance_paise,
        {{ recurring_payee_key(
            'ledger.merchant_id',
            'payee_words.counterparty_name',
            'vpa_names.vpa_name',
            'payee_words.vpa_handle',
            'payee_words.narration_key',
        ) }} as payee_key,
        coalesce(
            ledger.counterparty,
            upper(vpa_names.vpa_name),
            payee_words.vpa_handle,
            ledger.narration,
            'unknown payee'
        ) as payee_name,
        -- Kept to tell, on a later run, which rows a changed name moves.
        payee_words.vpa_handle,
        vpa_names.vpa_name

    from ledger
    inner join payee_words
        on ledger.transaction_id = payee_words.transaction_id
    left join vpa_names
        on payee_words.vpa_handle = vpa_names.vpa_handle

),

final as (

    select
        *,
        {{ recurring_payee_group_id('person_ref', 'direction', 'payee_key') }} as payee_group_id

    from keyed

)

select * from final
