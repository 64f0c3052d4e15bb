with

source as (

    select * from {{ source('sms', 'sms_messages') }}

),

renamed as (

    select
        source_row_id,
        person_ref,
        sender,
        received_at,
        body,
        coalesce(lower(trim(bank)), {{ bank_from_sms_sender('sender') }}) as bank,
        is_transaction,
        reason,
        {{ normalize_direction('direction') }} as direction,
        cast(amount_paise as bigint) as amount_paise,
        account_mask,
        nullif(
            right(regexp_replace(coalesce(account_mask, ''), '[^0-9]', '', 'g'), 4), ''
        ) as account_mask_digits,
        counterparty,
        lower(vpa) as vpa,
        {{ channel_from_sms('channel', 'body') }} as channel,
        {{ normalize_reference('reference') }} as normalized_reference,
        txn_date as printed_date,
        coalesce(txn_date, {{ to_ist_date('received_at') }}) as txn_date,
        cast(balance_paise as bigint) as balance_paise,
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
        sender,
        received_at,
        printed_date,
        txn_date,
        bank,
        is_transaction,
        reason,
        direction,
        amount_paise,
        balance_paise,
        account_mask,
        account_mask_digits,
        -- ICICI masks to three digits: intermediate resolves this key to the full account.
        {{ account_key('bank', 'account_mask_digits') }} as account_key,
        channel,
        case
            when channel in {{ reference_channels() }} then normalized_reference
        end as reference,
        counterparty,
        vpa,
        body,
        source_file,
        file_hash,
        line_no,
        ingested_at

    from renamed

)

select * from final
