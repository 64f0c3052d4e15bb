-- Each budget in each month: its limit (with rollover, last month's unspent or overspent
-- amount carried in), what was spent, what remains and how close it is.
with

budget_months as (

    select * from {{ ref('int_budget_months') }}

),

limits as (

    select
        *,
        -- Carry = every earlier month's (limit - spent): the unspent rolls on, so does an
        -- overspend, and month m's limit is the monthly limit plus what came before.
        monthly_limit_paise + case
            when is_rollover
                then coalesce(sum(monthly_limit_paise - spent_paise) over (
                        partition by budget_id
                        order by month_start
                        rows between unbounded preceding and 1 preceding
                    ), 0)
            else 0
        end as limit_paise,
        {{ insights_month_end('month_start') }} as month_end

    from budget_months

),

final as (

    select
        md5(budget_id || '|' || cast(month_start as varchar)) as budget_month_id,
        budget_id,
        person_ref,
        scope,
        category,
        month_start,
        is_rollover,
        monthly_limit_paise,
        cast(limit_paise - monthly_limit_paise as bigint) as carried_over_paise,
        cast(limit_paise as bigint) as limit_paise,
        spent_paise,
        cast(limit_paise - spent_paise as bigint) as remaining_paise,
        case
            when limit_paise > 0
                then cast(floor(1000.0 * spent_paise / limit_paise + 0.5) / 10 as numeric(10, 1))
        end as pct_used,
        -- Days still to come in the month, today included (IST business dates); 0 once past.
        case
            when month_end < as_of_date then 0
            else cast(month_end - as_of_date + 1 as integer)
        end as days_left,
        case
            when spent_paise >= limit_paise then 'exceeded'
            when spent_paise * 5 >= limit_paise * 4 then 'warning'
            else 'ok'
        end as status,
        transaction_count,
        as_of_date

    from limits

)

select * from final
