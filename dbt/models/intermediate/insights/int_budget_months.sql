-- Each live budget for every month from the one it starts in to the current one (or the one it
-- ends in), with what was spent in its scope that month. The whole calendar month counts, also
-- in a budget's first month: a limit is for the month, whenever it was set.
with

budgets as (

    select * from {{ ref('stg_app__budgets') }}
    where not is_deleted

),

ledger as (

    select * from {{ ref('int_ledger_transactions') }}

),

as_of as (

    select {{ insights_as_of_date(ref('int_ledger_transactions')) }} as as_of_date

),

-- Up to 100 years of months: far more than any budget lives.
month_offsets as (

    select months_after from generate_series(0, 1199) as month_numbers (months_after)

),

budget_months as (

    select
        budgets.budget_id,
        budgets.person_ref,
        budgets.scope,
        budgets.category,
        budgets.monthly_limit_paise,
        budgets.is_rollover,
        budgets.starts_on,
        budgets.ends_on,
        as_of.as_of_date,
        {{ insights_add(
            'month', 'month_offsets.months_after', insights_month_start('budgets.starts_on')
        ) }} as month_start

    from budgets
    cross join as_of
    cross join month_offsets

),

in_range as (

    select * from budget_months
    where month_start <= least(coalesce(ends_on, as_of_date), as_of_date)

),

-- Spending in scope: debits, less refunds credited back; moving money between one's own
-- accounts is not spending.
spent as (

    select
        in_range.budget_id,
        in_range.month_start,
        coalesce(sum(
            case
                when ledger.direction = 'debit' then ledger.amount_paise
                when ledger.is_refund then -ledger.amount_paise
                else 0
            end
        ), 0) as spent_paise,
        count(ledger.transaction_id) as transaction_count

    from in_range
    left join ledger
        on
            in_range.person_ref = ledger.person_ref
            and in_range.month_start = ledger.month_start
            and not ledger.is_transfer
            and (
                (in_range.scope = 'category' and in_range.category = ledger.category_id)
                or (in_range.scope = 'group' and in_range.category = ledger.category)
            )
    group by in_range.budget_id, in_range.month_start

),

final as (

    select
        in_range.*,
        cast(spent.spent_paise as bigint) as spent_paise,
        spent.transaction_count

    from in_range
    inner join spent
        on
            in_range.budget_id = spent.budget_id
            and in_range.month_start = spent.month_start

)

select * from final
