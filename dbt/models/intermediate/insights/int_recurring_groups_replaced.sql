-- The payee groups that rows leave in this run, read from int_recurring_payments_keyed as the
-- runs before left it (so built before it): the groups of the window's rows (a transaction may
-- change payee, or be replaced by reconciliation and vanish), and both the old and the new
-- group of older rows whose UPI address got another most-printed name (int_recurring_vpa_names).
-- int_recurring_groups_changed adds the groups the window's rows go to. Each group comes with
-- its person, payee and payee scope (both directions: macros/recurring_groups.sql), which the
-- anomaly rules recompute.
-- A run that fails leaves its rows moved but their groups not recomputed: the groups listed
-- since the last complete build (changed_after, its watermark) are kept until one completes.
-- depends_on: {{ ref('int_recurring_payee_words') }}
-- depends_on: {{ ref('int_recurring_vpa_names') }}
{%- set watermark = ledger_previous_watermark() %}
{%- set previous_keyed = ledger_window_relation('int_recurring_payments_keyed') %}
{%- set previous_replaced = ledger_window_relation('int_recurring_groups_replaced') %}

with
{%- if watermark is none or previous_keyed is none %}

-- No complete build to start from: this run recomputes every group (its window is all dates).
final as (

    select
        cast(null as varchar) as payee_group_id,
        cast(null as varchar) as person_ref,
        cast(null as varchar) as payee_key,
        cast(null as varchar) as payee_scope_id,
        cast(null as timestamp) as changed_after
    where false

)
{%- else %}
-- noqa: disable=LT02
-- (CTEs inside the jinja branch keep the file's indentation, not one level deeper.)

previous_keyed as (

    select * from {{ previous_keyed }}

),

payee_words as (

    select * from {{ ref('int_recurring_payee_words') }}

),

vpa_names as (

    select * from {{ ref('int_recurring_vpa_names') }}

),

renamed as (

    select
        previous_keyed.transaction_id,
        previous_keyed.person_ref,
        previous_keyed.direction,
        previous_keyed.merchant_id,
        previous_keyed.vpa_handle,
        previous_keyed.payee_key,
        previous_keyed.payee_group_id,
        vpa_names.vpa_name

    from previous_keyed
    left join vpa_names
        on previous_keyed.vpa_handle = vpa_names.vpa_handle
    where
        previous_keyed.vpa_handle is not null
        and previous_keyed.vpa_name is distinct from vpa_names.vpa_name

),

replaced as (

    select
        payee_group_id,
        person_ref,
        payee_key
    from previous_keyed
    where {{ ledger_window_predicate('business_date', 'person_ref') }}
    union all
    select
        payee_group_id,
        person_ref,
        payee_key
    from renamed
    union all
    select
        {{ recurring_payee_group_id(
            'moved.person_ref', 'moved.direction', 'moved.payee_key'
        ) }} as payee_group_id,
        moved.person_ref,
        moved.payee_key
    from (
        select
            renamed.person_ref,
            renamed.direction,
            {{ recurring_payee_key(
                'renamed.merchant_id',
                'payee_words.counterparty_name',
                'renamed.vpa_name',
                'renamed.vpa_handle',
                'payee_words.narration_key',
            ) }} as payee_key
        from renamed
        inner join payee_words
            on renamed.transaction_id = payee_words.transaction_id
    ) as moved
    {%- if previous_replaced is not none %}
    union all
    select
        payee_group_id,
        person_ref,
        payee_key
    from {{ previous_replaced }}
    where changed_after = {{ watermark }}
    {%- endif %}

),

final as (

    select distinct
        payee_group_id,
        person_ref,
        payee_key,
        {{ recurring_payee_scope_id('person_ref', 'payee_key') }} as payee_scope_id,
        {{ watermark }} as changed_after

    from replaced

)
-- noqa: enable=LT02
{%- endif %}

select * from final
