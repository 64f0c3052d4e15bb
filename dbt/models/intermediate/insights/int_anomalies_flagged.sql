-- Transactions a person should look at, one row per transaction and rule, with a reason worded
-- for them. Thresholds are in paise; see fct_anomalies' description for each rule.
-- Incremental (macros/anomalies_window.sql): a run replaces the rows of the payee scopes it
-- changes (one person's payments to and from one payee), the failed debits a new credit may
-- reverse and every fee, and computes exactly those. Each row keeps what it is replaced by:
-- person_ref, business_date and payee_scope_id (null for the rules not scoped by payee).
{{ config(
    materialized='incremental',
    window_column='business_date',
    window_people=true,
    window_also=anomalies_replaced_outside_window(),
) }}
-- depends_on: {{ ref('int_recurring_groups_changed') }}
{%- set reversal_days = anomalies_reversal_days() %}
with

-- The rows of the payee scopes recomputed (every row on a full build).
keyed as (

    select * from {{ ref('int_recurring_payments_keyed') }}
    {{ recurring_changed_scopes_filter() }}

),

-- The failed debits recomputed and the credits that may reverse them: from reversal_days
-- before the window (a credit in it reverses a debit up to that much older).
ledger as (

    select * from {{ ref('int_ledger_transactions') }}
    {{ ledger_window_filter(
        'business_date', days_before=reversal_days, people_column='person_ref'
    ) }}

),

occurrences as (

    select * from {{ ref('int_recurring_occurrences') }}
    {{ recurring_changed_scopes_filter() }}

),

spending as (

    select * from keyed
    where direction = 'debit' and not is_transfer

),

-- The same amount to the same payee from the same account again within 10 minutes. When a
-- statement alone saw them (no time), the two must be back to back in the account (the running
-- balance says so), ₹100 or more (two ₹20 teas at one stall are common) and not by card (a
-- second coffee later in the day looks the same). Cash taken out in two goes at an ATM is
-- deliberate, not a duplicate.
duplicate_pairs as (

    select
        later.transaction_id,
        later.person_ref,
        later.payee_key,
        later.amount_paise,
        later.payee_name,
        later.business_date,
        {{ insights_minutes_between('earlier.occurred_at', 'later.occurred_at') }} as minutes_apart,
        row_number() over (
            partition by later.transaction_id
            order by earlier.occurred_at desc nulls last, earlier.transaction_id asc
        ) as nearest

    from spending as later
    inner join spending as earlier
        on
            later.person_ref = earlier.person_ref
            and later.account_id = earlier.account_id
            and later.payee_key = earlier.payee_key
            and later.amount_paise = earlier.amount_paise
            and later.transaction_id != earlier.transaction_id
            and (
                (
                    later.occurred_at >= earlier.occurred_at
                    and {{ insights_minutes_between('earlier.occurred_at', 'later.occurred_at') }}
                    <= 10
                    and (
                        later.occurred_at > earlier.occurred_at
                        or later.transaction_id > earlier.transaction_id
                    )
                )
                or (
                    (earlier.occurred_at is null or later.occurred_at is null)
                    and later.business_date = earlier.business_date
                    and later.balance_paise = earlier.balance_paise - later.amount_paise
                    and later.amount_paise >= 10000
                    and later.channel != 'card'
                )
            )
    where later.channel != 'atm'

),

duplicate_charges as (

    select
        transaction_id,
        person_ref,
        business_date,
        payee_key,
        'duplicate_charge' as rule,  -- noqa: RF04
        case when amount_paise >= 100000 then 'high' else 'medium' end as severity,
        {{ insights_format_rupees('amount_paise') }} || ' charged twice by ' || payee_name
        || ' on ' || {{ insights_format_day('business_date') }}
        || case
            when minutes_apart is null then ', one right after the other'
            when minutes_apart <= 1 then ' within a minute'
            else ' within ' || cast(minutes_apart as varchar) || ' minutes'
        end as reason

    from duplicate_pairs
    where nearest = 1

),

-- A debit the bank marked failed with no money credited back on that account within 7 days
-- (reversal_days).
failed_debits as (

    select * from ledger
    where
        direction = 'debit'
        and {{ regex_matches('lower(narration)', "'fail|declin|unsuccess'") }}

),

failed_without_reversal as (

    select
        failed_debits.transaction_id,
        failed_debits.person_ref,
        failed_debits.business_date,
        cast(null as varchar) as payee_key,
        'failed_debit_without_reversal' as rule,  -- noqa: RF04
        'high' as severity,
        {{ insights_format_rupees('failed_debits.amount_paise') }} || ' debited on '
        || {{ insights_format_day('failed_debits.business_date') }}
        || ' for a failed payment and not credited back within {{ reversal_days }} days' as reason

    from failed_debits
    left join ledger as reversals
        on
            failed_debits.account_id = reversals.account_id
            and reversals.direction = 'credit'
            and failed_debits.amount_paise = reversals.amount_paise
            and reversals.business_date between failed_debits.business_date
            and {{ insights_add('day', reversal_days, 'failed_debits.business_date') }}
    where reversals.transaction_id is null

),

-- ₹20,000 or more to someone the person never paid or heard from before. In the first 30 days
-- of a person's history every payee is new: there, only a payee seen this once counts (the
-- first rent or EMI comes back the next month).
payees_first_seen as (

    select
        person_ref,
        payee_key,
        min(business_date) as first_seen_on,
        count(*) as payee_transactions

    from keyed
    group by person_ref, payee_key

),

-- A person's history starts on the first day of any of their rows, in a scope recomputed or not
-- (it only moves when all their rows are in the window, and then all their scopes change).
history_starts as (

    select
        person_ref,
        min(business_date) as history_starts_on

    from {{ ref('int_recurring_payments_keyed') }}
    {{ recurring_changed_scopes_filter(columns='person_ref') }}
    group by person_ref

),

large_new_payees as (

    select
        spending.transaction_id,
        spending.person_ref,
        spending.business_date,
        spending.payee_key,
        'large_new_payee' as rule,  -- noqa: RF04
        case when spending.amount_paise >= 5000000 then 'high' else 'medium' end as severity,
        {{ insights_format_rupees('spending.amount_paise') }} || ' paid to ' || spending.payee_name
        || ' on ' || {{ insights_format_day('spending.business_date') }}
        || ', a payee you had not paid before' as reason,
        row_number() over (
            partition by spending.person_ref, spending.payee_key
            order by spending.occurred_at, spending.transaction_id
        ) as payment_number

    from spending
    inner join payees_first_seen
        on
            spending.person_ref = payees_first_seen.person_ref
            and spending.payee_key = payees_first_seen.payee_key
            and spending.business_date = payees_first_seen.first_seen_on
    inner join history_starts
        on spending.person_ref = history_starts.person_ref
    where
        spending.amount_paise >= 2000000
        and (
            payees_first_seen.payee_transactions = 1
            or spending.business_date
            >= {{ insights_add('day', 30, 'history_starts.history_starts_on') }}
        )

),

-- Five times the person's usual amount at a payee they paid five times or more (and at least
-- ₹2,000 above it): everyday amounts spread widely (a big online order among small ones).
payee_usual as (

    select
        person_ref,
        payee_key,
        count(*) as payments,
        percentile_cont(0.5) within group (order by amount_paise) as median_amount_paise,
        cast(floor(percentile_cont(0.5) within group (order by amount_paise) + 0.5) as bigint)
            as usual_amount_paise

    from spending
    group by person_ref, payee_key

),

merchant_outliers as (

    select
        spending.transaction_id,
        spending.person_ref,
        spending.business_date,
        spending.payee_key,
        'amount_outlier_for_merchant' as rule,  -- noqa: RF04
        'medium' as severity,
        {{ insights_format_rupees('spending.amount_paise') }} || ' paid to ' || spending.payee_name
        || ' on ' || {{ insights_format_day('spending.business_date') }} || ', usually '
        || {{ insights_format_rupees('payee_usual.usual_amount_paise') }}
            as reason

    from spending
    inner join payee_usual
        on
            spending.person_ref = payee_usual.person_ref
            and spending.payee_key = payee_usual.payee_key
    where
        payee_usual.payments >= 5
        and spending.amount_paise >= 5 * payee_usual.median_amount_paise
        and spending.amount_paise >= payee_usual.median_amount_paise + 200000

),

-- Bank charges: penalties always; other charges when three times what that charge usually is
-- across everyone (the usual SMS alert fee is ₹15, once a quarter: too rare per person). Every
-- run recomputes this rule whole from the charges, read from every row.
charges as (

    select
        charged.*,
        narrations.narration

    from {{ ref('int_recurring_payments_keyed') }} as charged
    inner join {{ ref('int_ledger_transactions') }} as narrations
        on charged.transaction_id = narrations.transaction_id
    where
        charged.direction = 'debit'
        and (charged.channel = 'charges' or charged.category_id like 'fees:%')

),

charge_usual as (

    select
        payee_key,
        count(*) as charges,
        percentile_cont(0.5) within group (order by amount_paise) as median_amount_paise,
        cast(floor(percentile_cont(0.5) within group (order by amount_paise) + 0.5) as bigint)
            as usual_amount_paise

    from charges
    group by payee_key

),

{% set penalty_words = "'penal|late fee|bounce|return|min bal|non maint'" %}
fees_or_penalties as (

    select
        charges.transaction_id,
        charges.person_ref,
        charges.business_date,
        cast(null as varchar) as payee_key,
        'fee_or_penalty' as rule,  -- noqa: RF04
        case when charges.amount_paise >= 50000 then 'medium' else 'low' end as severity,
        {{ insights_format_rupees('charges.amount_paise') }} || ' charged by the bank on '
        || {{ insights_format_day('charges.business_date') }} || ' ('
        || coalesce(charges.narration, 'charges') || ')'
        || case
            when charge_usual.charges >= 5
                then ', usually '
                    || {{ insights_format_rupees('charge_usual.usual_amount_paise') }}
            else ''
        end as reason

    from charges
    inner join charge_usual
        on charges.payee_key = charge_usual.payee_key
    where
        {{ regex_matches('lower(charges.narration)', penalty_words) }}
        or (
            charge_usual.charges >= 5
            and charges.amount_paise >= 3 * charge_usual.median_amount_paise
        )
        or (charge_usual.charges < 5 and charges.amount_paise >= 100000)

),

-- A recurring debit whose amount rose and stayed up.
price_rises as (

    select
        transaction_id,
        person_ref,
        business_date,
        payee_key,
        'subscription_price_rise' as rule,  -- noqa: RF04
        case
            when amount_paise * 5 > previous_amount_paise * 6 then 'medium' else 'low'
        end as severity,
        payee_name || ' went up from ' || {{ insights_format_rupees('previous_amount_paise') }}
        || ' to ' || {{ insights_format_rupees('amount_paise') }} || ' on '
        || {{ insights_format_day('business_date') }} as reason

    from occurrences
    where is_price_change and direction = 'debit' and amount_paise > previous_amount_paise

),

flagged as (

    select * from duplicate_charges
    union all
    select * from failed_without_reversal
    union all
    select
        transaction_id,
        person_ref,
        business_date,
        payee_key,
        rule,
        severity,
        reason
    from large_new_payees
    where payment_number = 1
    union all
    select * from merchant_outliers
    union all
    select * from fees_or_penalties
    union all
    select * from price_rises

),

final as (

    select
        transaction_id,
        rule,
        severity,
        reason,
        person_ref,
        business_date,
        {{ recurring_payee_scope_id('person_ref', 'payee_key') }} as payee_scope_id

    from flagged

)

select * from final
