with

source_transactions as (

    select
        *,
        -- Statements are the bank's record, AA its machine copy, SMS a notification.
        case source when 'statement' then 1 when 'aa' then 2 else 3 end as source_priority

    from {{ ref('int_source_transactions_unioned') }}

),

-- A reference (RRN, UTR, IMPS ref) names one payment: every row carrying it in the same
-- direction for the same amount is that payment, whichever source printed it.
referenced_rows as (

    select
        *,
        'reference|' || person_ref || '|' || reference || '|' || direction
        || '|' || cast(amount_paise as varchar) as match_key,
        row_number() over (
            partition by person_ref, reference, direction, amount_paise
            order by source_priority, source_row_id
        ) as canonical_rank

    from source_transactions
    where reference is not null

),

reference_events as (

    select
        match_key,
        bool_or(source = 'statement') as has_statement,
        bool_or(source = 'aa') as has_aa,
        bool_or(source = 'sms') as has_sms,
        min(occurred_at) as first_occurred_at

    from referenced_rows
    group by match_key

),

-- Rows without a reference can still belong to a referenced event (an SMS that printed no
-- RRN): each event offers one open slot per source it has not heard from, in its bucket.
open_slots as (

    select
        referenced_rows.match_key,
        referenced_rows.person_ref,
        referenced_rows.account_id,
        referenced_rows.direction,
        referenced_rows.amount_paise,
        referenced_rows.txn_date,
        sources.source,
        row_number() over (
            partition by
                referenced_rows.person_ref,
                referenced_rows.account_id,
                referenced_rows.direction,
                referenced_rows.amount_paise,
                referenced_rows.txn_date,
                sources.source
            order by reference_events.first_occurred_at nulls last, referenced_rows.match_key
        ) as slot_rank

    from referenced_rows
    inner join reference_events
        on referenced_rows.match_key = reference_events.match_key
    cross join (values ('statement'), ('aa'), ('sms')) as sources (source)
    where
        referenced_rows.canonical_rank = 1
        and (
            (sources.source = 'statement' and not reference_events.has_statement)
            or (sources.source = 'aa' and not reference_events.has_aa)
            or (sources.source = 'sms' and not reference_events.has_sms)
        )

),

open_slot_counts as (

    select
        person_ref,
        account_id,
        direction,
        amount_paise,
        txn_date,
        source,
        count(*) as open_slot_count

    from open_slots
    group by person_ref, account_id, direction, amount_paise, txn_date, source

),

-- The k-th unreferenced row of a source in a bucket takes the k-th open slot; past the
-- slots, the k-th leftover row of each source is one new event, so two identical Rs 50
-- payments on one day stay two payments.
unreferenced_rows as (

    select
        *,
        row_number() over (
            partition by person_ref, account_id, direction, amount_paise, txn_date, source
            order by occurred_at nulls last, source_file, line_no, source_row_id
        ) as bucket_rank

    from source_transactions
    where reference is null

),

unreferenced_matches as (

    select
        unreferenced_rows.source,
        unreferenced_rows.source_row_id,
        coalesce(
            open_slots.match_key,
            'account|' || unreferenced_rows.account_id
            || '|' || unreferenced_rows.direction
            || '|' || cast(unreferenced_rows.amount_paise as varchar)
            || '|' || cast(unreferenced_rows.txn_date as varchar)
            || '|' || cast(
                unreferenced_rows.bucket_rank - coalesce(open_slot_counts.open_slot_count, 0)
                as varchar
            )
        ) as match_key,
        case
            when open_slots.match_key is not null then 'reference_bucket'
            else 'account_date_amount'
        end as match_method

    from unreferenced_rows
    left join open_slots
        on
            unreferenced_rows.source = open_slots.source
            and unreferenced_rows.person_ref = open_slots.person_ref
            and unreferenced_rows.account_id = open_slots.account_id
            and unreferenced_rows.direction = open_slots.direction
            and unreferenced_rows.amount_paise = open_slots.amount_paise
            and unreferenced_rows.txn_date = open_slots.txn_date
            and unreferenced_rows.bucket_rank = open_slots.slot_rank
    left join open_slot_counts
        on
            unreferenced_rows.source = open_slot_counts.source
            and unreferenced_rows.person_ref = open_slot_counts.person_ref
            and unreferenced_rows.account_id = open_slot_counts.account_id
            and unreferenced_rows.direction = open_slot_counts.direction
            and unreferenced_rows.amount_paise = open_slot_counts.amount_paise
            and unreferenced_rows.txn_date = open_slot_counts.txn_date

),

matches as (

    select
        source,
        source_row_id,
        match_key,
        'reference' as match_method
    from referenced_rows
    union all
    select
        source,
        source_row_id,
        match_key,
        match_method
    from unreferenced_matches

),

final as (

    select
        md5(matches.match_key) as transaction_id,
        matches.match_key,
        matches.match_method,
        source_transactions.source,
        source_transactions.source_priority,
        source_transactions.source_row_id,
        source_transactions.person_ref,
        source_transactions.account_id,
        source_transactions.account_key,
        source_transactions.bank,
        source_transactions.account_mask_digits,
        source_transactions.txn_date,
        source_transactions.occurred_at,
        source_transactions.direction,
        source_transactions.amount_paise,
        source_transactions.channel,
        source_transactions.reference,
        source_transactions.narration,
        source_transactions.counterparty,
        source_transactions.vpa,
        source_transactions.balance_paise,
        source_transactions.source_file,
        source_transactions.file_hash,
        source_transactions.line_no,
        source_transactions.ingested_at

    from matches
    inner join source_transactions
        on
            matches.source = source_transactions.source
            and matches.source_row_id = source_transactions.source_row_id

)

select * from final
