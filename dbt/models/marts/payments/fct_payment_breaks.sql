{#
    The payments that need a person or an operator: each with what is wrong and what to do,
    in words a support agent can paste into a reply.
#}
with

reconciliation as (

    select * from {{ ref('fct_payment_reconciliation') }}
    where is_break

),

final as (

    select
        intent_id,
        person_ref,
        reconciliation_status as break_type,
        status as payment_status,
        amount_paise,
        bank_moved_paise,
        bank_reversed_paise,
        rrn,
        created_date,
        bank_date,
        case reconciliation_status
            when 'refund_due'
                then
                    'Failed here but '
                    || {{ insights_format_rupees('bank_moved_paise - bank_reversed_paise') }}
                    || ' left the account at the bank (RRN ' || rrn || '): a refund is due.'
            when 'missing_at_bank'
                then
                    'Succeeded here but the bank has no entry for RRN ' || rrn
                    || ' although its data reaches ' || cast(covered_until as varchar) || '.'
            when 'amount_mismatch'
                then
                    'The bank moved ' || {{ insights_format_rupees('bank_moved_paise') }}
                    || ' for RRN '
                    || rrn
                    || ', not '
                    || {{ insights_format_rupees('amount_paise') }}
                    || '.'
            else 'Succeeded without an RRN: it cannot be matched to the bank.'
        end as reason

    from reconciliation

)

select * from final
