with

categories as (

    select * from {{ ref('categories') }}

),

final as (

    select
        category_id,
        split_part(category_id, ':', 1) as category,
        nullif(split_part(category_id, ':', 2), '') as subcategory,
        group_name,
        coalesce(leaf_name, group_name) as category_name,
        kind,
        is_spend,
        description

    from categories

)

select * from final
