with

source as (

    select * from {{ source('account_aggregator', 'aa_accounts') }}

),

renamed as (

    select
        source_row_id,
        person_ref,
        fip_id,
        lower(trim(bank)) as bank,
        link_ref,
        masked_acc_number,
        account_last4,
        upper(account_type) as account_type,
        ifsc,
        branch,
        cast(current_balance_paise as bigint) as current_balance_paise,
        balance_at,
        {{ to_ist_date('balance_at') }} as balance_date,
        opening_date,
        upper(status) as status,
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
        fip_id,
        bank,
        account_last4,
        {{ account_key('bank', 'account_last4') }} as account_key,
        link_ref,
        masked_acc_number,
        account_type,
        ifsc,
        branch,
        opening_date,
        status,
        current_balance_paise,
        balance_at,
        balance_date,
        source_file,
        file_hash,
        line_no,
        ingested_at

    from renamed

)

select * from final
