-- Some sources print only the payee's name, others only its UPI address (ICICI, SMS): the name
-- most often printed next to an address stands for it. Over every transaction, but only two
-- narrow columns of them: cheap to recompute on every run.
with

payee_words as (

    select * from {{ ref('int_recurring_payee_words') }}

),

final as (

    select
        vpa_handle,
        mode() within group (order by counterparty_name) as vpa_name

    from payee_words
    where vpa_handle is not null and counterparty_name is not null
    group by vpa_handle

)

select * from final
