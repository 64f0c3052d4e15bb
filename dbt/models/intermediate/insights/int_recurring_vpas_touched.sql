-- The UPI addresses whose most-printed name (int_recurring_vpa_names) this run recomputes: those
-- of the window's payments, as int_recurring_payee_words has them now and as
-- int_recurring_payments_keyed still has them from the run before (it is built after this, so
-- a payment the window replaced or dropped still counts). No other payment changed.
-- depends_on: {{ ref('int_ledger_window') }}
{%- set previous_keyed = ledger_window_relation('int_recurring_payments_keyed') %}
with

payee_words as (

    select * from {{ ref('int_recurring_payee_words') }}

),

final as (

    select distinct vpa_handle
    from payee_words
    where
        vpa_handle is not null
        -- A full refresh recomputes every name without reading this.
        and {{ 'false' if ledger_full_refresh()
            else ledger_window_predicate('business_date', 'person_ref') }}
    -- noqa: disable=LT02
    {%- if previous_keyed is not none and not ledger_full_refresh() %}

    union

    select vpa_handle
    from {{ previous_keyed }}
    where
        vpa_handle is not null
        and {{ ledger_window_predicate('business_date', 'person_ref') }}
    {%- endif %}
    -- noqa: enable=LT02

)

select * from final
