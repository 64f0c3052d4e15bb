-- The source rows behind each ledger transaction (its lineage): which statement line, SMS or
-- AA transaction said it, from which file, and when it was ingested. The API shows them on a
-- transaction's detail; readers see only marts, so the reconciliation's rows are served here.
{{ config(materialized='incremental', window_column='txn_date') }}
with

reconciled as (

    select * from {{ ref('int_transactions_reconciled') }}
    {{ ledger_window_filter('txn_date') }}

),

final as (

    select
        md5(source || '|' || source_row_id) as transaction_source_id,
        transaction_id,
        person_ref,
        source,
        source_row_id,
        match_method,
        account_id,
        bank,
        txn_date,
        occurred_at,
        direction,
        amount_paise,
        reference,
        narration as source_text,
        source_file,
        file_hash,
        line_no,
        ingested_at

    from reconciled

)

select * from final
order by person_ref, transaction_id
