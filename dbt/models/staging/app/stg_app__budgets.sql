with

source as (

    select * from {{ source('app', 'app_budgets') }}

),

final as (

    select
        budget_id,
        person_ref,
        lower(trim(scope)) as scope,
        lower(trim(category)) as category,
        cast(monthly_limit_paise as bigint) as monthly_limit_paise,
        rollover as is_rollover,
        starts_on,
        ends_on,
        updated_at,
        is_deleted

    from source

)

select * from final
