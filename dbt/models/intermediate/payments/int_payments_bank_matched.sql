with

payments as (

    select * from {{ ref('int_payments_latest') }}

),

-- Only the bank's own records count: statement lines and AA transactions. SMS alerts are
-- notices, not the book of record.
bank_lines as (

    select * from {{ ref('int_source_transactions_unioned') }}
    where source in ('statement', 'aa') and reference is not null

),

-- How far each person's bank data reaches: a payment after this date cannot be missing yet.
coverage as (

    select
        person_ref,
        max(txn_date) as covered_until
    from {{ ref('int_source_transactions_unioned') }}
    where source in ('statement', 'aa')
    group by person_ref

),

-- Per payment and source, money moved in the expected direction and back (a reversal).
-- A statement and an AA feed report the same movement: take the larger, never the sum.
per_source as (

    select
        payments.intent_id,
        bank_lines.source,
        -- PostgreSQL sums bigint to numeric: cast back so both warehouses agree on the type.
        cast(sum(
            case when bank_lines.direction = payments.expected_direction
                    then bank_lines.amount_paise
                else 0
            end
        ) as bigint) as moved_paise,
        cast(sum(
            case when bank_lines.direction != payments.expected_direction
                    then bank_lines.amount_paise
                else 0
            end
        ) as bigint) as reversed_paise,
        min(bank_lines.txn_date) as bank_date
    from payments
    inner join bank_lines
        on
            payments.person_ref = bank_lines.person_ref
            and payments.rrn = bank_lines.reference
    group by payments.intent_id, bank_lines.source

),

matched as (

    select
        intent_id,
        max(moved_paise) as bank_moved_paise,
        max(reversed_paise) as bank_reversed_paise,
        min(bank_date) as bank_date,
        count(*) as bank_source_count
    from per_source
    group by intent_id

),

final as (

    select
        payments.*,
        coalesce(matched.bank_moved_paise, 0) as bank_moved_paise,
        coalesce(matched.bank_reversed_paise, 0) as bank_reversed_paise,
        matched.bank_date,
        coalesce(matched.bank_source_count, 0) as bank_source_count,
        coverage.covered_until

    from payments
    left join matched on payments.intent_id = matched.intent_id
    left join coverage on payments.person_ref = coverage.person_ref

)

select * from final
