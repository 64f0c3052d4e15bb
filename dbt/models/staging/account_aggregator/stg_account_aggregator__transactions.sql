with

source as (

    select * from {{ source('account_aggregator', 'aa_transactions') }}

),

renamed as (

    select
        source_row_id,
        person_ref,
        fip_id,
        lower(trim(bank)) as bank,
        link_ref,
        account_last4,
        txn_id,
        {{ normalize_direction('txn_type') }} as direction,
        upper(mode) as aa_mode,
        cast(amount_paise as bigint) as amount_paise,
        cast(current_balance_paise as bigint) as balance_paise,
        transaction_at,
        {{ to_ist_date('transaction_at') }} as txn_date,
        value_date,
        narration,
        reference as reported_reference,
        {{ ledger_channel('narration_channel') }} as narration_channel,
        narration_reference,
        {{ normalize_reference('reference') }} as normalized_reference,
        narration_counterparty as counterparty,
        narration_vpa as vpa,
        narration_ifsc as ifsc,
        narration_psp as psp,
        narration_is_p2m as is_p2m,
        coalesce(narration_is_reversal, false) as is_reversal,
        source_file,
        file_hash,
        line_no,
        ingested_at

    from source

),

channelled as (

    select
        *,
        -- The narration is the statement's own text, so it classifies the same way the
        -- statement line does; the coarser AA mode (CASH, ATM, CARD, UPI, FT, OTHERS) only
        -- fills in when the narration says nothing.
        case
            when narration_channel != 'other' then narration_channel
            when aa_mode = 'UPI' then 'upi'
            when aa_mode = 'ATM' then 'atm'
            when aa_mode = 'CARD' then 'card'
            when aa_mode = 'CASH' then 'cash'
            else 'other'
        end as channel

    from renamed

),

final as (

    select
        source_row_id,
        person_ref,
        fip_id,
        bank,
        account_last4,
        {{ account_key('bank', 'account_last4') }} as account_key,
        link_ref,
        txn_id,
        transaction_at,
        txn_date,
        value_date,
        direction,
        amount_paise,
        balance_paise,
        aa_mode,
        channel,
        -- Narration first, as on the statement line, so both rows of one event agree.
        case
            when channel in {{ reference_channels() }}
                then coalesce(narration_reference, normalized_reference)
        end as reference,
        reported_reference,
        narration,
        counterparty,
        vpa,
        ifsc,
        psp,
        is_p2m,
        is_reversal,
        source_file,
        file_hash,
        line_no,
        ingested_at

    from channelled

)

select * from final
