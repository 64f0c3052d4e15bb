{#
    One row per payment intent: what Hisaab says happened against what the bank's statement
    and AA data say, matched by RRN. Statements post a day or two late, so a success only
    counts as missing at the bank once the person's bank data reaches past the grace days.
#}
{% set grace_days = var('payment_bank_grace_days', 2) %}

with

matched as (

    select * from {{ ref('int_payments_bank_matched') }}

),

classified as (

    select
        *,
        case
            when status not in ('success', 'failed', 'expired') then 'in_flight'
            when status = 'success' and rrn is null then 'no_reference'
            when status = 'success' and bank_moved_paise = amount_paise then 'matched'
            when status = 'success' and bank_moved_paise > 0 then 'amount_mismatch'
            when
                status = 'success'
                and covered_until >= {{ insights_add('day', grace_days, 'created_date') }}
                then 'missing_at_bank'
            when status = 'success' then 'awaiting_bank_data'
            when bank_moved_paise = 0 then 'not_applicable'
            when bank_reversed_paise >= bank_moved_paise then 'reversed'
            else 'refund_due'
        end as reconciliation_status
    from matched

),

final as (

    select
        intent_id,
        person_ref,
        kind,
        status,
        status_reason,
        npci_code,
        amount_paise,
        category,
        rrn,
        created_at,
        submitted_at,
        status_at,
        created_date,
        {{ financial_year('created_date') }} as financial_year,
        expected_direction,
        bank_moved_paise,
        bank_reversed_paise,
        bank_date,
        bank_source_count,
        covered_until,
        reconciliation_status,
        reconciliation_status in (
            'no_reference', 'amount_mismatch', 'missing_at_bank', 'refund_due'
        ) as is_break

    from classified

)

select * from final
