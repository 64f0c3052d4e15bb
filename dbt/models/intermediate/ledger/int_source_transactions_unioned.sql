{{ config(materialized='incremental', window_column='txn_date') }}
-- depends_on: {{ ref('int_ledger_window') }}
{%- set start = ledger_window_start() if is_incremental() else none %}
{%- set seen = ledger_window_relation('int_ledger_sources_seen') %}
{#- Outside a whole rebuild no row names an account the last build did not see. #}
{%- set accounts_seen = start is not none and start != ledger_window_start('1900-01-01')
    and seen is not none %}
with

statement_lines as (

    select * from {{ ref('stg_bank_statements__lines') }}

),

sms_messages as (

    select * from {{ ref('stg_sms__messages') }}

),

aa_accounts as (

    select * from {{ ref('stg_account_aggregator__accounts') }}

),

aa_transactions as (

    select * from {{ ref('stg_account_aggregator__transactions') }}

),

-- Accounts whose last four digits a statement or AA bundle printed in full. Outside a whole
-- rebuild, the new rows name only accounts the last build saw (int_ledger_window): those are
-- read from what it rolled up rather than from every statement and AA row again.
known_accounts as (

    {%- if accounts_seen %}
        select
            person_ref,
            bank,
            nullif(account_mask_digits, '') as account_last4
        from {{ seen }}
        where source <> 'sms'
    {%- else %}
        select
            person_ref,
            bank,
            account_last4
        from statement_lines
        union
        select
            person_ref,
            bank,
            account_last4
        from aa_transactions
    {%- endif %}
    union
    select
        person_ref,
        bank,
        account_last4
    from aa_accounts

),

-- An SMS that names neither account digits nor a reference (a UPI-app notice, "Paid Rs X to
-- NAME via ...") cannot be told apart from the bank's own rows of the same payment, so it
-- stays in raw and out of the ledger rather than risk counting the payment twice.
sms_transactions as (

    select * from sms_messages
    where
        is_transaction
        and amount_paise is not null
        and direction is not null
        and (account_mask_digits is not null or reference is not null)
        {{ ledger_window_filter('txn_date', 'and') }}
        {%- if start is not none %}
            -- The same window on columns the raw row holds as they are, so that the scan drops
            -- older rows before their masks, channels and references are parsed: txn_date is
            -- the printed date, else the IST date of receipt (an IST day starts 5.5 hours
            -- before the UTC one).
            and (
                printed_date >= {{ start }}
                or received_at >= cast({{ start }} as timestamp) - interval '1 day'
            )
        {%- endif %}

),

-- ICICI SMS print three digits: an SMS belongs to the one known account of that person and
-- bank whose digits end with the mask. Ambiguous or unknown masks keep their own key.
sms_account_candidates as (

    select
        sms_transactions.source_row_id,
        known_accounts.account_last4,
        count(*) over (partition by sms_transactions.source_row_id) as candidate_count

    from sms_transactions
    inner join known_accounts
        on
            sms_transactions.person_ref = known_accounts.person_ref
            and sms_transactions.bank = known_accounts.bank
            and right(known_accounts.account_last4, length(sms_transactions.account_mask_digits))
            = sms_transactions.account_mask_digits

),

statement_rows as (

    select
        'statement' as source,
        source_row_id,
        person_ref,
        bank,
        account_last4 as account_mask_digits,
        account_last4 as account_last_digits,
        account_key,
        txn_date,
        cast(null as timestamp) as occurred_at,
        direction,
        amount_paise,
        channel,
        reference,
        narration,
        counterparty,
        vpa,
        psp,
        is_p2m,
        is_reversal,
        balance_paise,
        source_file,
        file_hash,
        line_no,
        ingested_at

    from statement_lines
    {{ ledger_window_filter('txn_date') }}

),

aa_rows as (

    select
        'aa' as source,
        source_row_id,
        person_ref,
        bank,
        account_last4 as account_mask_digits,
        account_last4 as account_last_digits,
        account_key,
        txn_date,
        transaction_at as occurred_at,
        direction,
        amount_paise,
        channel,
        reference,
        narration,
        counterparty,
        vpa,
        psp,
        is_p2m,
        is_reversal,
        balance_paise,
        source_file,
        file_hash,
        line_no,
        ingested_at

    from aa_transactions
    {{ ledger_window_filter('txn_date') }}

),

sms_rows as (

    select
        'sms' as source,
        sms_transactions.source_row_id,
        sms_transactions.person_ref,
        sms_transactions.bank,
        sms_transactions.account_mask_digits,
        coalesce(
            sms_account_candidates.account_last4, sms_transactions.account_mask_digits
        ) as account_last_digits,
        {{ account_key(
            'sms_transactions.bank',
            "coalesce(sms_account_candidates.account_last4, sms_transactions.account_mask_digits, 'unknown')"
        ) }} as account_key,
        sms_transactions.txn_date,
        sms_transactions.received_at as occurred_at,
        sms_transactions.direction,
        sms_transactions.amount_paise,
        sms_transactions.channel,
        sms_transactions.reference,
        sms_transactions.body as narration,
        sms_transactions.counterparty,
        sms_transactions.vpa,
        -- An SMS is not read for a PSP or P2M marker: the ledger takes them from the bank's rows.
        cast(null as varchar) as psp,
        cast(null as boolean) as is_p2m,
        false as is_reversal,
        sms_transactions.balance_paise,
        sms_transactions.source_file,
        sms_transactions.file_hash,
        sms_transactions.line_no,
        sms_transactions.ingested_at

    from sms_transactions
    left join sms_account_candidates
        on
            sms_transactions.source_row_id = sms_account_candidates.source_row_id
            and sms_account_candidates.candidate_count = 1

),

unioned as (

    select * from statement_rows
    union all
    select * from aa_rows
    union all
    select * from sms_rows

),

final as (

    select
        source,
        source_row_id,
        person_ref,
        -- The key of an account across people: two people may both hold an "hdfc-1234".
        person_ref || ':' || account_key as account_id,
        account_key,
        bank,
        account_mask_digits,
        account_last_digits,
        txn_date,
        occurred_at,
        direction,
        amount_paise,
        channel,
        reference,
        narration,
        counterparty,
        vpa,
        psp,
        is_p2m,
        is_reversal,
        balance_paise,
        source_file,
        file_hash,
        line_no,
        ingested_at

    from unioned

)

select * from final
