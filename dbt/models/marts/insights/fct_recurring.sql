-- One row per recurring series of a person: what it is, its rhythm and amounts, when the next
-- payment is due and whether it went missing. The series are int_recurring_series (built
-- incrementally); what depends on the as-of date is added here, for every series on every run.
with

series as (

    select * from {{ ref('int_recurring_series') }}

),

dated as (

    select
        *,
        {{ insights_as_of_date(ref('int_ledger_transactions')) }} as as_of_date

    from series

),

final as (

    select
        series_id,
        person_ref,
        account_id,
        merchant_id,
        payee_key,
        payee_name,
        direction,
        category_id,
        category,
        cadence,
        median_interval_days,
        amount_kind,
        typical_amount_paise,
        last_amount_paise,
        first_seen_on,
        last_seen_on,
        occurrences,
        expected_next_on,
        expected_next_amount_paise,
        price_changes,
        price_changed_on,
        price_before_change_paise,
        price_after_change_paise,
        as_of_date,
        as_of_date > overdue_after as is_overdue,
        -- Payments skipped between two seen ones, plus those due since the last one.
        missed_in_history
        + case
            when as_of_date > overdue_after
                then 1 + cast(floor(
                        (as_of_date - overdue_after) / median_interval_days
                    ) as integer)
            else 0
        end as missed_occurrences,
        -- Active until a second expected payment has gone by without one.
        as_of_date <= inactive_after as is_active

    from dated

)

select * from final
