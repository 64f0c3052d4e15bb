with

source as (

    select * from {{ source('bank_statements', 'statement_lines') }}

),

renamed as (

    select
        source_row_id,
        person_ref,
        lower(trim(bank)) as bank,
        account_last4,
        txn_date,
        value_date,
        narration,
        ref_no,
        {{ normalize_direction('direction') }} as direction,
        cast(amount_paise as bigint) as amount_paise,
        cast(balance_paise as bigint) as balance_paise,
        {{ ledger_channel('narration_channel') }} as channel,
        narration_reference,
        {{ normalize_reference('ref_no') }} as ref_no_reference,
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

final as (

    select
        source_row_id,
        person_ref,
        bank,
        account_last4,
        {{ account_key('bank', 'account_last4') }} as account_key,
        txn_date,
        value_date,
        direction,
        amount_paise,
        balance_paise,
        channel,
        -- Only rail references identify a payment across sources; ATM, card, NACH, interest
        -- and charge lines match on account, date and amount instead.
        case
            when channel in {{ reference_channels() }}
                then coalesce(narration_reference, ref_no_reference)
        end as reference,
        narration,
        ref_no,
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

    from renamed

)

select * from final
