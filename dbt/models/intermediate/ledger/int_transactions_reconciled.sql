{{ config(materialized='incremental', window_column='txn_date') }}
{#-
    Each pass reads the unioned rows from their table, and only the columns it matches on; the
    wide ones (narration, counterparty, file) join back once, at the end. Through a CTE read
    more than once, DuckDB would materialize every column of every row, and sort, number and
    join (spill, at 10M transactions) that copy in every pass.
-#}
{%- set unioned = ref('int_source_transactions_unioned') %}
{#- What the passes read of each row: the keys they match on and the order of the day. -#}
{%- set matched_columns = [
    'source', 'source_row_id', 'person_ref', 'account_id', 'txn_date', 'occurred_at',
    'direction', 'amount_paise', 'line_no',
] %}
with

-- An incremental run recomputes the window's rows (macros/ledger_window.sql) from them, the
-- two days before (the next-day pass pairs across midnight and skips events completed from
-- the day before) and every row sharing a reference with them; only the window is written.
context_references as (

    select distinct
        unioned.person_ref,
        unioned.reference
    from {{ unioned }} as unioned
    where unioned.reference is not null
        {{ ledger_window_filter('unioned.txn_date', 'and', 2) }}

),

-- The sources that report on an account: a transaction of that account is complete when it
-- has a row from each of them (all rows: an incremental run reads only a window).
account_sources as (

    select
        unioned.account_id,
        bool_or(unioned.source = 'statement') as has_statement,
        bool_or(unioned.source = 'aa') as has_aa,
        bool_or(unioned.source = 'sms') as has_sms

    from {{ unioned }} as unioned
    group by unioned.account_id

),

-- Pass 1. A reference (RRN, UTR, IMPS ref) names one payment: every row carrying it in the
-- same direction for the same amount is that payment, whichever source printed it.
referenced_rows as (

    select
        {%- for column in matched_columns %}
            unioned.{{ column }},
        {%- endfor %}
        {{ source_priority('unioned.source') }} as source_priority,
        'reference|' || unioned.person_ref || '|' || unioned.reference || '|' || unioned.direction
        || '|' || cast(unioned.amount_paise as varchar) as match_key,
        row_number() over (
            partition by
                unioned.person_ref, unioned.reference, unioned.direction, unioned.amount_paise
            order by {{ source_priority('unioned.source') }}, unioned.source_row_id
        ) as canonical_rank

    -- noqa: disable=LT02
    from {{ unioned }} as unioned
    {%- if is_incremental() %}
    inner join context_references
        on
            unioned.person_ref = context_references.person_ref
            and unioned.reference = context_references.reference
    {%- endif %}
    -- noqa: enable=LT02
    where unioned.reference is not null

),

reference_events as (

    select
        match_key,
        bool_or(source = 'statement') as has_statement,
        bool_or(source = 'aa') as has_aa,
        bool_or(source = 'sms') as has_sms,
        -- The bank's order of the day (statement line), else the earliest known moment.
        min(case when source = 'statement' then line_no end) as statement_line_no,
        min(occurred_at) as first_occurred_at

    from referenced_rows
    group by match_key

),

-- Pass 2, same day. Rows without a reference can still belong to a referenced event (an SMS
-- that printed no RRN): each event offers one open slot per source it has not heard from, in
-- its bucket (person, account, direction, amount, IST date), in the order of the day.
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
            order by
                reference_events.statement_line_no nulls last,
                reference_events.first_occurred_at nulls last,
                referenced_rows.match_key
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
-- payments on one day stay two payments and no event gets two rows of one source.
unreferenced_rows as (

    select
        {%- for column in matched_columns %}
            unioned.{{ column }},
        {%- endfor %}
        {{ source_priority('unioned.source') }} as source_priority,
        row_number() over (
            partition by
                unioned.person_ref,
                unioned.account_id,
                unioned.direction,
                unioned.amount_paise,
                unioned.txn_date,
                unioned.source
            order by
                unioned.occurred_at nulls last,
                unioned.source_file,
                unioned.line_no,
                unioned.source_row_id
        ) as bucket_rank

    from {{ unioned }} as unioned
    where
        unioned.reference is null
        {{ ledger_window_filter('unioned.txn_date', 'and', 2) }}

),

unreferenced_matches as (

    select
        {%- for column in matched_columns %}
            unreferenced_rows.{{ column }},
        {%- endfor %}
        unreferenced_rows.source_priority,
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

-- Every row with its same-day match, and what the passes below read of it.
same_day_rows as (

    select
        {%- for column in matched_columns %}
            {{ column }},
        {%- endfor %}
        source_priority,
        match_key,
        'reference' as match_method
    from referenced_rows
    union all
    select
        {%- for column in matched_columns %}
            {{ column }},
        {%- endfor %}
        source_priority,
        match_key,
        match_method
    from unreferenced_matches

),

-- One row per transaction after the same-day passes, placed where the bank booked it: the
-- statement's account and date, else AA's, else the SMS's.
same_day_events as (

    select
        match_key,
        match_key like 'reference|%' as has_reference,
        person_ref,
        coalesce(
            max(case when source = 'statement' then account_id end),
            max(case when source = 'aa' then account_id end),
            max(account_id)
        ) as account_id,
        direction,
        amount_paise,
        coalesce(
            max(case when source = 'statement' then txn_date end),
            max(case when source = 'aa' then txn_date end),
            max(txn_date)
        ) as txn_date,
        bool_or(source = 'statement') as has_statement,
        bool_or(source = 'aa') as has_aa,
        bool_or(source = 'sms') as has_sms,
        min(source_priority) as best_priority,
        min(case when source = 'statement' then line_no end) as statement_line_no,
        min(occurred_at) as first_occurred_at

    from same_day_rows
    group by match_key, person_ref, direction, amount_paise

),

-- Pass 3, next day. A transaction still missing some of its account's sources may be the
-- other half of one on the adjacent day that has exactly those sources (the SMS of a card
-- payment at 22:30 and the statement and AA rows the bank booked the next morning).
incomplete_events as (

    select
        same_day_events.*,
        account_sources.has_statement and not same_day_events.has_statement as needs_statement,
        account_sources.has_aa and not same_day_events.has_aa as needs_aa,
        account_sources.has_sms and not same_day_events.has_sms as needs_sms,
        -- The k-th incomplete transaction of its kind in the bucket, in the order of the day.
        row_number() over (
            partition by
                same_day_events.person_ref,
                same_day_events.account_id,
                same_day_events.direction,
                same_day_events.amount_paise,
                same_day_events.txn_date,
                same_day_events.has_statement,
                same_day_events.has_aa,
                same_day_events.has_sms
            order by
                same_day_events.statement_line_no nulls last,
                same_day_events.first_occurred_at nulls last,
                same_day_events.match_key
        ) as incomplete_rank

    from same_day_events
    inner join account_sources
        on same_day_events.account_id = account_sources.account_id
    where
        (account_sources.has_statement and not same_day_events.has_statement)
        or (account_sources.has_aa and not same_day_events.has_aa)
        or (account_sources.has_sms and not same_day_events.has_sms)

),

-- k-th with k-th, one to one; two references never merge (they name two payments).
next_day_candidates as (

    select
        earlier.match_key as earlier_key,
        later.match_key as later_key,
        case
            when earlier.has_reference then earlier.match_key
            when later.has_reference then later.match_key
            when earlier.best_priority < later.best_priority then earlier.match_key
            else later.match_key
        end as kept_key

    from incomplete_events as earlier
    inner join incomplete_events as later
        on
            earlier.person_ref = later.person_ref
            and earlier.account_id = later.account_id
            and earlier.direction = later.direction
            and earlier.amount_paise = later.amount_paise
            and earlier.txn_date + 1 = later.txn_date
            and earlier.needs_statement = later.has_statement
            and earlier.needs_aa = later.has_aa
            and earlier.needs_sms = later.has_sms
            and earlier.incomplete_rank = later.incomplete_rank
    where not (earlier.has_reference and later.has_reference)

),

-- A transaction completed from the day before is not also completed from the day after.
next_day_pairs as (

    select next_day_candidates.*

    from next_day_candidates
    left join next_day_candidates as from_day_before
        on next_day_candidates.earlier_key = from_day_before.later_key
    where from_day_before.later_key is null

),

absorbed_keys as (

    select
        case when kept_key = earlier_key then later_key else earlier_key end as match_key,
        kept_key

    from next_day_pairs

),

matches as (

    select
        same_day_rows.source,
        same_day_rows.source_row_id,
        same_day_rows.source_priority,
        coalesce(absorbed_keys.kept_key, same_day_rows.match_key) as match_key,
        case
            when absorbed_keys.kept_key is not null then 'account_adjacent_day'
            else same_day_rows.match_method
        end as match_method

    from same_day_rows
    left join absorbed_keys
        on same_day_rows.match_key = absorbed_keys.match_key
    {{ ledger_window_filter('same_day_rows.txn_date') }}

),

final as (

    select
        md5(matches.match_key) as transaction_id,
        matches.match_key,
        matches.match_method,
        unioned.source,
        matches.source_priority,
        unioned.source_row_id,
        unioned.person_ref,
        unioned.account_id,
        unioned.account_key,
        unioned.bank,
        unioned.account_mask_digits,
        unioned.txn_date,
        unioned.occurred_at,
        unioned.direction,
        unioned.amount_paise,
        unioned.channel,
        unioned.reference,
        unioned.narration,
        unioned.counterparty,
        unioned.vpa,
        unioned.psp,
        unioned.is_p2m,
        unioned.is_reversal,
        unioned.balance_paise,
        unioned.source_file,
        unioned.file_hash,
        unioned.line_no,
        unioned.ingested_at

    from matches
    inner join {{ unioned }} as unioned
        on
            matches.source = unioned.source
            and matches.source_row_id = unioned.source_row_id

)

select * from final
