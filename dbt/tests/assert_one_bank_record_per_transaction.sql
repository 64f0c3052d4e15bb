-- A real payment appears at most once on a statement and once in an AA feed; a transaction
-- holding two rows of either merged two payments (or a bank listed one twice). Duplicate SMS
-- alerts are expected and allowed. A warning: the ledger is still usable, reconciliation
-- should look at these.
{{ config(severity='warn') }}

with

reconciled as (

    select * from {{ ref('int_transactions_reconciled') }}

),

final as (

    select
        transaction_id,
        source,
        count(*) as source_rows

    from reconciled
    where source in ('statement', 'aa')
    group by transaction_id, source
    having count(*) > 1

)

select * from final
