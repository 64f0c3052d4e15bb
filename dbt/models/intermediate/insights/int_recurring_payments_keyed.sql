-- Each ledger transaction with the payee it goes to or comes from, spelled the same way on
-- every account and source, so that one person's payments to one payee can be lined up.
with

ledger as (

    select * from {{ ref('int_ledger_transactions') }}

),

named as (

    select
        *,
        nullif(trim({{ words_for_matching('counterparty') }}), '') as counterparty_name,
        lower(trim(vpa)) as vpa_handle

    from ledger

),

-- Some sources print only the payee's name, others only its UPI address (ICICI, SMS): the name
-- most often printed next to an address stands for it.
vpa_names as (

    select
        vpa_handle,
        mode() within group (order by counterparty_name) as vpa_name

    from named
    where vpa_handle is not null and counterparty_name is not null
    group by vpa_handle

),

final as (

    select
        named.transaction_id,
        named.person_ref,
        named.account_id,
        named.business_date,
        named.occurred_at,
        named.amount_paise,
        named.direction,
        named.channel,
        named.category_id,
        named.category,
        named.merchant_id,
        named.counterparty,
        named.is_transfer,
        named.is_refund,
        named.balance_paise,
        coalesce(
            'merchant:' || named.merchant_id,
            'name:' || coalesce(named.counterparty_name, vpa_names.vpa_name),
            'vpa:' || named.vpa_handle,
            -- Bank postings (interest, charges) and mandates with no payee: the narration's
            -- words without its numbers.
            'text:' || named.channel || ':' || trim({{ words_for_matching('named.narration') }})
        ) as payee_key,
        coalesce(
            named.counterparty,
            upper(vpa_names.vpa_name),
            named.vpa_handle,
            named.narration,
            'unknown payee'
        ) as payee_name

    from named
    left join vpa_names
        on named.vpa_handle = vpa_names.vpa_handle

)

select * from final
