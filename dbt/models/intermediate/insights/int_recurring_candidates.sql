-- Groups of one person's payments that might be a recurring series (the levels are described
-- in int_recurring_candidate_payments), with how regular their intervals are.
-- Incremental: a run replaces the payee groups int_recurring_groups_changed lists.
{{ config(
    materialized='incremental',
    window_column='last_seen_on',
    window_people=true,
    window_also=recurring_group_is_changed(),
) }}
-- depends_on: {{ ref('int_recurring_groups_changed') }}
with

keyed as (

    select * from {{ ref('int_recurring_payments_keyed') }}
    {{ recurring_changed_groups_filter() }}

),

candidate_payments as (

    select * from {{ ref('int_recurring_candidate_payments') }}
    {{ recurring_changed_groups_filter() }}

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
        payee_group_id,
        person_ref,
        direction,
        payee_key,
        amount_paise,
        business_date,
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
        payee_group_id,
        person_ref,
        direction,
        payee_key,
        count(*) as occurrences,
        count(distinct amount_paise) as distinct_amounts,
        percentile_cont(0.5) within group (order by interval_days) as median_interval_days,
        max(business_date) as last_seen_on

    from intervals
    group by candidate_id, candidate_level, payee_group_id, person_ref, direction, payee_key

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
interval_checks as (

    select
        bands.*,
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
        end as is_on_cadence

    from bands
    inner join intervals
        on bands.candidate_id = intervals.candidate_id
    where intervals.interval_days is not null

),

-- Counted in the aggregate that carries the band's columns: joining two aggregates by
-- candidate_id afterwards left PostgreSQL guessing 200 rows for one of them (a CTE has no
-- statistics), and its nested loop over that guess took minutes at a million transactions.
final as (

    select
        candidate_id,
        candidate_level,
        payee_group_id,
        person_ref,
        direction,
        payee_key,
        occurrences,
        distinct_amounts,
        median_interval_days,
        last_seen_on,
        cadence,
        tolerance_days,
        sum(is_on_cadence) as intervals_on_cadence,
        occurrences >= min_occurrences
        and sum(is_on_cadence) >= 0.75 * count(*) as is_regular

    from interval_checks
    group by
        candidate_id,
        candidate_level,
        payee_group_id,
        person_ref,
        direction,
        payee_key,
        occurrences,
        distinct_amounts,
        median_interval_days,
        last_seen_on,
        cadence,
        tolerance_days,
        min_occurrences

)

select * from final
