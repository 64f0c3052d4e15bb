with

source as (

    select * from {{ source('app', 'app_people') }}

),

final as (

    select
        person_ref,
        is_erased,
        updated_at,
        case when not is_erased then nullif(trim(city), '') end as city,
        case when not is_erased and city_tier between 1 and 3 then city_tier end as city_tier,
        case when not is_erased then nullif(trim(age_band), '') end as age_band

    from source

)

select * from final
