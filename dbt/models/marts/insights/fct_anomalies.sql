-- Flagged transactions, one row per transaction and rule, with the ledger facts an alert shows.
with

flagged as (

    select * from {{ ref('int_anomalies_flagged') }}

),

ledger as (

    select * from {{ ref('int_ledger_transactions') }}

),

final as (

    select
        md5(flagged.transaction_id || '|' || flagged.rule) as anomaly_id,
        flagged.transaction_id,
        ledger.person_ref,
        ledger.account_id,
        ledger.business_date,
        ledger.occurred_at,
        ledger.amount_paise,
        ledger.direction,
        ledger.counterparty,
        flagged.rule,
        flagged.severity,
        flagged.reason

    from flagged
    inner join ledger
        on flagged.transaction_id = ledger.transaction_id

)

select * from final
