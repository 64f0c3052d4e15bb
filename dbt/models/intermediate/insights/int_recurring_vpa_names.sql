-- Some sources print only the payee's name, others only its UPI address (ICICI, SMS): the name
-- most often printed next to an address stands for it. Incremental: a run recomputes the
-- addresses of the window's payments (int_recurring_vpas_touched), over every payment to them;
-- the others keep their name.
{{ config(
    materialized='incremental',
    unique_key='vpa_handle',
    window_also=(
        'vpa_handle in (select vpa_handle from '
        ~ ledger_window_schema() ~ '.int_recurring_vpas_touched)'
    ),
) }}
-- depends_on: {{ ref('int_recurring_vpas_touched') }}
with

payee_words as (

    select * from {{ ref('int_recurring_payee_words') }}
    -- noqa: disable=LT02
    {%- if is_incremental() %}
    where vpa_handle in (select vpa_handle from {{ ref('int_recurring_vpas_touched') }})
    {%- endif %}
    -- noqa: enable=LT02

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
