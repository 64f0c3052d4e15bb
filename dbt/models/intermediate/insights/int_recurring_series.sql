-- One row per recurring series of a person: what it is, its rhythm and amounts, when the next
-- payment is due and by when it is overdue or over: all of fct_recurring but what depends on
-- the as-of date, which moves every day for every series (fct_recurring adds it).
-- Incremental: a run replaces the payee groups int_recurring_groups_changed lists.
{{ config(
    materialized='incremental',
    window_column='last_seen_on',
    window_people=true,
    window_also=recurring_group_is_changed(),
) }}
-- depends_on: {{ ref('int_recurring_groups_changed') }}
with

occurrences as (

    select * from {{ ref('int_recurring_occurrences') }}
    {{ recurring_changed_groups_filter() }}

),

candidates as (

    select * from {{ ref('int_recurring_candidates') }}
    {{ recurring_changed_groups_filter() }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by series_id
            order by occurrence_number desc
        ) as recency

    from occurrences

),

series as (

    select
        series_id,
        payee_group_id,
        person_ref,
        direction,
        payee_key,
        count(*) as occurrences,
        min(business_date) as first_seen_on,
        max(business_date) as last_seen_on,
        cast(
            floor(percentile_cont(0.5) within group (order by amount_paise) + 0.5) as bigint
        ) as typical_amount_paise,
        count(distinct amount_paise) as distinct_amounts,
        cast(sum(missed_before) as integer) as missed_in_history,
        cast(sum(case when is_price_change then 1 else 0 end) as integer) as price_changes,
        max(case when recency = 1 then amount_paise end) as last_amount_paise,
        max(case when recency = 2 then amount_paise end) as second_last_amount_paise,
        max(case when recency = 1 then account_id end) as account_id,
        max(case when recency = 1 then merchant_id end) as merchant_id,
        max(case when recency = 1 then payee_name end) as payee_name,
        max(case when recency = 1 then category_id end) as category_id,
        max(case when recency = 1 then category end) as category

    from ranked
    group by series_id, payee_group_id, person_ref, direction, payee_key

),

latest_price_change as (

    select
        series_id,
        business_date as price_changed_on,
        previous_amount_paise as price_before_change_paise,
        amount_paise as price_after_change_paise,
        row_number() over (partition by series_id order by occurrence_number desc) as recency

    from occurrences
    where is_price_change

),

scheduled as (

    select
        series.*,
        candidates.cadence,
        candidates.median_interval_days,
        candidates.tolerance_days,
        -- Calendar cadences move by months; fixed cycles (28-day packs, 84-day plans) by days.
        case
            when candidates.cadence = 'weekly'
                then {{ insights_add('day', 7, 'series.last_seen_on') }}
            when candidates.cadence = 'monthly' and candidates.median_interval_days >= 29.5
                then {{ insights_add('month', 1, 'series.last_seen_on') }}
            when candidates.cadence = 'quarterly' and candidates.median_interval_days >= 88
                then {{ insights_add('month', 3, 'series.last_seen_on') }}
            when candidates.cadence = 'yearly'
                then {{ insights_add('month', 12, 'series.last_seen_on') }}
            else {{ insights_add(
                'day',
                'cast(floor(candidates.median_interval_days + 0.5) as integer)',
                'series.last_seen_on'
            ) }}
        end as expected_next_on

    from series
    inner join candidates
        on series.series_id = candidates.candidate_id

),

deadlines as (

    select
        *,
        {{ insights_add('day', 'tolerance_days', 'expected_next_on') }} as overdue_after,
        {{ insights_add(
            'day',
            'cast(floor(median_interval_days + 0.5) as integer) + tolerance_days',
            'expected_next_on'
        ) }} as inactive_after

    from scheduled

),

final as (

    select
        deadlines.series_id,
        deadlines.payee_group_id,
        deadlines.person_ref,
        deadlines.account_id,
        deadlines.merchant_id,
        deadlines.payee_key,
        deadlines.payee_name,
        deadlines.direction,
        deadlines.category_id,
        deadlines.category,
        deadlines.cadence,
        deadlines.median_interval_days,
        case
            when deadlines.distinct_amounts <= deadlines.price_changes + 1 then 'fixed'
            else 'variable'
        end as amount_kind,
        deadlines.typical_amount_paise,
        deadlines.last_amount_paise,
        deadlines.first_seen_on,
        deadlines.last_seen_on,
        deadlines.occurrences,
        deadlines.expected_next_on,
        -- A steady amount repeats; a varying bill is expected near its median.
        case
            when deadlines.last_amount_paise = deadlines.second_last_amount_paise
                then deadlines.last_amount_paise
            else deadlines.typical_amount_paise
        end as expected_next_amount_paise,
        deadlines.price_changes,
        latest_price_change.price_changed_on,
        latest_price_change.price_before_change_paise,
        latest_price_change.price_after_change_paise,
        deadlines.missed_in_history,
        deadlines.overdue_after,
        deadlines.inactive_after

    from deadlines
    left join latest_price_change
        on
            deadlines.series_id = latest_price_change.series_id
            and latest_price_change.recency = 1

)

select * from final
