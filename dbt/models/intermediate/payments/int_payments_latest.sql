with

events as (

    select * from {{ ref('stg_payments__events') }}
    where event_type = 'payment.status_changed'

),

-- The event with the highest sequence is the intent's current status; sequences are
-- per intent and gap-free in the app database, so no clock comparison is needed.
ranked as (

    select
        *,
        row_number() over (
            partition by intent_id order by event_sequence desc
        ) as recency
    from events

),

history as (

    select
        intent_id,
        min(occurred_at) as created_at,
        max(rrn) as rrn,
        count(*) as event_count,
        max(case when to_status = 'submitted' then occurred_at end) as submitted_at
    from events
    group by intent_id

),

final as (

    select
        latest.intent_id,
        latest.person_ref,
        latest.kind,
        latest.to_status as status,
        latest.reason as status_reason,
        latest.amount_paise,
        latest.category,
        history.rrn,
        latest.npci_code,
        history.created_at,
        history.submitted_at,
        latest.occurred_at as status_at,
        {{ to_ist_date('history.created_at') }} as created_date,
        history.event_count,
        -- Whose account moves: the payer's for a payment or a mandate debit, the requester's
        -- (a credit) for a collect request.
        case when latest.kind = 'collect' then 'credit' else 'debit' end as expected_direction

    from ranked as latest
    inner join history on latest.intent_id = history.intent_id
    where latest.recency = 1

)

select * from final
