-- Everyone the ledger knows, with what they told the app about themselves for grouping
-- (city tier, age band); people without a profile show as unknown rather than disappearing.
with

accounts as (

    select * from {{ ref('dim_accounts') }}

),

profiles as (

    select * from {{ ref('stg_app__people') }}

),

people as (

    select
        person_ref,
        count(*) as account_count,
        min(first_seen_date) as first_seen_date

    from accounts
    group by person_ref

),

final as (

    select
        people.person_ref,
        people.account_count,
        people.first_seen_date,
        coalesce(profiles.city, 'unknown') as city,
        profiles.city_tier,
        coalesce(profiles.age_band, 'unknown') as age_band,
        coalesce(profiles.is_erased, false) as is_erased

    from people
    left join profiles on people.person_ref = profiles.person_ref

)

select * from final
