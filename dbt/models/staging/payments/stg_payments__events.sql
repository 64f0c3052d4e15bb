with

source as (

    select * from {{ source('payments', 'payment_events') }}

),

final as (

    select
        event_id,
        event_type,
        schema_version,
        person_ref,
        occurred_at,
        {{ to_ist_date('occurred_at') }} as occurred_date,
        intent_id,
        mandate_id,
        sequence as event_sequence,
        kind,
        from_status,
        to_status,
        reason,
        cast(amount_paise as bigint) as amount_paise,
        category,
        nullif(trim(rrn), '') as rrn,
        npci_code,
        source,
        source_position,
        ingested_at

    from source

)

select * from final
