-- Groups of one person's payments that might be a recurring series (the levels are described
-- in int_recurring_candidate_payments), with how regular their intervals are.
with

keyed as (

    select * from {{ ref('int_recurring_payments_keyed') }}

),

candidate_payments as (

    select * from {{ ref('int_recurring_candidate_payments') }}

),

grouped as (

    select
        candidate_payments.candidate_id,
        candidate_payments.candidate_level,
        keyed.*

    from candidate_payments
    inner join keyed
        on candidate_payments.transaction_id = keyed.transaction_id

),

intervals as (

    select
        candidate_id,
        candidate_level,
        person_ref,
        direction,
        payee_key,
        amount_paise,
        business_date
        - lag(business_date) over (
            partition by candidate_id
            order by business_date, occurred_at, transaction_id
        ) as interval_days

    from grouped

),

measured as (

    select
        candidate_id,
        candidate_level,
        person_ref,
        direction,
        payee_key,
        count(*) as occurrences,
        count(distinct amount_paise) as distinct_amounts,
        percentile_cont(0.5) within group (order by interval_days) as median_interval_days

    from intervals
    group by candidate_id, candidate_level, person_ref, direction, payee_key

),

cadenced as (

    select
        *,
        case
            when median_interval_days between 6 and 8 then 'weekly'
            when median_interval_days between 24 and 38 then 'monthly'
            when median_interval_days between 80 and 100 then 'quarterly'
            when median_interval_days between 340 and 390 then 'yearly'
        end as cadence

    from measured
    where occurrences >= 2

),

bands as (

    select
        *,
        -- Tight enough that everyday habits (a grocery run every few days, a monthly big shop on
        -- no fixed day) fail: bills and mandates come on a fixed day, give or take month
        -- lengths, weekends and holidays.
        case cadence
            when 'weekly' then 1
            when 'monthly' then 3
            when 'quarterly' then 7
            when 'yearly' then 15
        end as tolerance_days,
        -- Fewer than three payments are a pattern only when rare and identical: a quarterly
        -- recharge or a yearly premium seen twice.
        case
            when candidate_level != 'payee' and cadence in ('quarterly', 'yearly') then 2
            else 3
        end as min_occurrences

    from cadenced
    where cadence is not null

),

-- An interval is on cadence when it is a whole number of periods, give or take the tolerance;
-- more than one period means payments were missed in between. Rounding is floor(x + 0.5) here
-- and in the other insights models: Postgres rounds a double half to even, DuckDB half up.
on_cadence as (

    select
        intervals.candidate_id,
        count(*) as intervals,
        sum(
            case
                when
                    abs(
                        intervals.interval_days
                        - greatest(
                            1, floor(intervals.interval_days / bands.median_interval_days + 0.5)
                        ) * bands.median_interval_days
                    ) <= bands.tolerance_days
                    then 1
                else 0
            end
        ) as intervals_on_cadence

    from intervals
    inner join bands
        on intervals.candidate_id = bands.candidate_id
    where intervals.interval_days is not null
    group by intervals.candidate_id

),

final as (

    select
        bands.candidate_id,
        bands.candidate_level,
        bands.person_ref,
        bands.direction,
        bands.payee_key,
        bands.occurrences,
        bands.distinct_amounts,
        bands.median_interval_days,
        bands.cadence,
        bands.tolerance_days,
        on_cadence.intervals_on_cadence,
        bands.occurrences >= bands.min_occurrences
        and on_cadence.intervals_on_cadence >= 0.75 * on_cadence.intervals as is_regular

    from bands
    inner join on_cadence
        on bands.candidate_id = on_cadence.candidate_id

)

select * from final
