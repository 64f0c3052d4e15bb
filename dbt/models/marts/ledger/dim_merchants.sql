with

merchants as (

    select * from {{ ref('merchants') }}

),

aliases as (

    select * from {{ ref('merchant_aliases') }}

),

ledger as (

    select * from {{ ref('int_ledger_transactions') }}

),

alias_lists as (

    select
        merchant_id,
        {{ categorization_string_agg(
            "alias_kind || ':' || alias_value", 'alias_kind, alias_value'
        ) }} as aliases,
        count(*) as alias_count

    from aliases
    group by merchant_id

),

seen as (

    select
        merchant_id,
        count(*) as transaction_count,
        count(distinct person_ref) as person_count,
        sum(case when direction = 'debit' then amount_paise else 0 end) as debit_paise,
        min(business_date) as first_seen_date,
        max(business_date) as last_seen_date

    from ledger
    where merchant_id is not null
    group by merchant_id

),

final as (

    select
        merchants.merchant_id,
        merchants.merchant_name,
        merchants.category_id,
        split_part(merchants.category_id, ':', 1) as category,
        merchants.mcc,
        alias_lists.aliases,
        coalesce(alias_lists.alias_count, 0) as alias_count,
        coalesce(seen.transaction_count, 0) as transaction_count,
        coalesce(seen.person_count, 0) as person_count,
        cast(coalesce(seen.debit_paise, 0) as bigint) as debit_paise,
        seen.first_seen_date,
        seen.last_seen_date

    from merchants
    left join alias_lists
        on merchants.merchant_id = alias_lists.merchant_id
    left join seen
        on merchants.merchant_id = seen.merchant_id

)

select * from final
