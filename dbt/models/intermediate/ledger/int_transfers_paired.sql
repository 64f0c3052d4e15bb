-- Transfers between a person's own accounts: the debit on one account and the credit of the
-- same amount on another, found one to one, plus legs whose narration says "self transfer"
-- when the other account is not in Hisaab. One row per transfer leg.
--
-- Incremental (macros/ledger_window.sql): legs before the window are as the last build left
-- them, but a leg on the day before it can pair with one inside (both passes pair across
-- midnight), which reorders that day's unpaired legs (pass 2 ranks them per day), which changes
-- the candidates of the legs a day earlier still. So the run rewrites the legs from two days
-- before the window and reads three days more for their context: a leg's pairing depends on
-- the ranks of the days next to it, and a day's ranks on the reference pairs of its neighbours.
{{ config(
    materialized='incremental',
    unique_key='transaction_id',
    window_column='business_date',
    window_days_before=2,
) }}
with

transactions as (

    select * from {{ ref('int_transactions_merchant_matched') }}
    {{ ledger_window_filter('business_date', days_before=5) }}

),

-- Only rails that move money between accounts can carry a transfer, and never a payment a
-- merchant alias recognised.
legs as (

    select
        transaction_id,
        person_ref,
        account_id,
        direction,
        amount_paise,
        business_date,
        occurred_at,
        reference,
        channel,
        lower(trim(counterparty)) as counterparty_key,
        {{ has_self_transfer_marker(
            words_for_matching("coalesce(narration, '') || ' ' || coalesce(counterparty, '')")
        ) }} as has_self_marker

    from transactions
    where
        channel in ('upi', 'imps', 'neft', 'rtgs', 'other')
        and merchant_id is null

),

debits as (

    select * from legs
    where direction = 'debit'

),

credits as (

    select * from legs
    where direction = 'credit'

),

-- Pass 1. One reference on both legs names one transfer.
reference_pairs as (

    select
        debits.transaction_id as debit_id,
        credits.transaction_id as credit_id,
        'reference' as pair_method

    from debits
    inner join credits
        on
            debits.person_ref = credits.person_ref
            and debits.reference = credits.reference
            and debits.amount_paise = credits.amount_paise
            and debits.account_id != credits.account_id
            and abs(credits.business_date - debits.business_date) <= 1

),

unpaired as (

    select legs.*

    from legs
    left join reference_pairs as as_debit
        on legs.transaction_id = as_debit.debit_id
    left join reference_pairs as as_credit
        on legs.transaction_id = as_credit.credit_id
    where as_debit.debit_id is null and as_credit.credit_id is null

),

-- Pass 2. Without a shared reference, the k-th debit of an amount on a day pairs with the
-- k-th credit of that amount on the same day, or (banks book late) the next day, when the
-- legs say they are the person's own: a self-transfer note, or the same name on both legs
-- (a transfer to oneself prints one's own name as payee and as payer).
ranked as (

    select
        *,
        row_number() over (
            partition by person_ref, direction, amount_paise, business_date
            order by occurred_at nulls last, transaction_id
        ) as day_rank

    from unpaired

),

day_candidates as (

    select
        debits.transaction_id as debit_id,
        credits.transaction_id as credit_id,
        credits.business_date - debits.business_date as day_gap

    from ranked as debits
    inner join ranked as credits
        on
            debits.person_ref = credits.person_ref
            and debits.amount_paise = credits.amount_paise
            and debits.day_rank = credits.day_rank
            and debits.account_id != credits.account_id
            and credits.business_date - debits.business_date in (0, 1)
    where
        debits.direction = 'debit'
        and credits.direction = 'credit'
        and (
            debits.has_self_marker
            or credits.has_self_marker
            or debits.counterparty_key = credits.counterparty_key
        )

),

-- One to one: the same-day partner first; a leg taken on its own day is not taken again.
day_pairs as (

    select
        debit_id,
        credit_id,
        'amount_day' as pair_method

    from (
        select
            *,
            row_number() over (partition by debit_id order by day_gap, credit_id) as debit_rank,
            row_number() over (partition by credit_id order by day_gap, debit_id) as credit_rank
        from day_candidates
    ) as ranked_candidates
    where debit_rank = 1 and credit_rank = 1

),

pairs as (

    select * from reference_pairs
    union all
    select * from day_pairs

),

paired_legs as (

    select
        debit_id as transaction_id,
        md5(debit_id || '|' || credit_id) as transfer_id,
        credit_id as other_leg_transaction_id,
        pair_method

    from pairs

    union all

    select
        credit_id as transaction_id,
        md5(debit_id || '|' || credit_id) as transfer_id,
        debit_id as other_leg_transaction_id,
        pair_method

    from pairs

),

-- A leg whose narration says it goes to the person's own account, the other account unseen.
marked_legs as (

    select
        legs.transaction_id,
        md5(legs.transaction_id) as transfer_id,
        cast(null as varchar) as other_leg_transaction_id,
        'narration' as pair_method

    from legs
    left join paired_legs
        on legs.transaction_id = paired_legs.transaction_id
    where legs.has_self_marker and paired_legs.transaction_id is null

),

transfer_legs as (

    select * from paired_legs
    union all
    select * from marked_legs

),

final as (

    select
        transfer_legs.*,
        legs.business_date

    from transfer_legs
    inner join legs
        on transfer_legs.transaction_id = legs.transaction_id
    {{ ledger_window_filter('legs.business_date', days_before=2) }}

)

select * from final
