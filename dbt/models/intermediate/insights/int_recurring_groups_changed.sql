-- The payee groups this run recomputes (macros/recurring_groups.sql): those rows left
-- (int_recurring_groups_replaced) and those the window's rows are in now. Every recurring
-- model after int_recurring_payments_keyed replaces exactly these groups' rows; the anomaly
-- rules replace the rows of their payee scopes (person and payee, both directions).
with

replaced as (

    select * from {{ ref('int_recurring_groups_replaced') }}

),

keyed as (

    select * from {{ ref('int_recurring_payments_keyed') }}

),

final as (

    select
        payee_group_id,
        person_ref,
        payee_key,
        payee_scope_id
    from replaced
    union
    select
        payee_group_id,
        person_ref,
        payee_key,
        {{ recurring_payee_scope_id('person_ref', 'payee_key') }} as payee_scope_id
    from keyed
    {%- if ledger_full_refresh() %}
        -- A full refresh rebuilds every group without reading this.
        where false
    {%- else %}
        where {{ ledger_window_predicate('business_date', 'person_ref') }}
    {%- endif %}

)

select * from final
