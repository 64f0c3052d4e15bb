with

source as (

    select * from {{ source('app', 'app_category_corrections') }}

),

final as (

    select
        correction_id,
        person_ref,
        transaction_id,
        lower(trim(category_id)) as category_id,
        corrected_at

    from source

)

select * from final
