{#
    Incremental recurring detection (models/intermediate/insights/int_recurring_*). Every
    candidate series lies inside one payee group: one person's payments to one payee in one
    direction (the amount and day levels only split it further), and nothing in a series looks
    outside its group. So an incremental run recomputes whole payee groups, those listed in
    int_recurring_groups_changed, and leaves every other group's rows as they are.
#}

{#
    How a payment's payee is spelled (int_recurring_payments_keyed describes the order): its
    merchant, else the name printed on it, else the name most often printed next to its UPI
    address, else the address, else the narration's words (narration_key).
#}
{% macro recurring_payee_key(
    merchant_id, counterparty_name, vpa_name, vpa_handle, narration_key
) -%}
    coalesce(
        'merchant:' || {{ merchant_id }},
        'name:' || coalesce({{ counterparty_name }}, {{ vpa_name }}),
        'vpa:' || {{ vpa_handle }},
        {{ narration_key }}
    )
{%- endmacro %}

{# A payee group's id: the candidate_id of its payee-level candidate. #}
{% macro recurring_payee_group_id(person_ref, direction, payee_key) -%}
    md5('payee|' || {{ person_ref }} || '|' || {{ direction }} || '|' || {{ payee_key }})
{%- endmacro %}

{#
    A payee scope: one person's payments to and from one payee, both directions (two payee
    groups at most). The anomaly rules that look across a payee's rows (int_anomalies_flagged)
    read both directions: a payee first seen on a credit is not new on the debit after it. An
    incremental run recomputes the scopes of the groups it changes.
#}
{% macro recurring_payee_scope_id(person_ref, payee_key) -%}
    md5('scope|' || {{ person_ref }} || '|' || {{ payee_key }})
{%- endmacro %}

{#
    Whether a row's payee group is one this run recomputes: the `window_also` of the recurring
    models (config, read when the project is parsed: the table is named, not ref()'d). Rows
    without a group were written by a version of the model that had none: replaced too.
#}
{% macro recurring_group_is_changed(column='payee_group_id') -%}
    {{ column }} in (
        select payee_group_id from {{ ledger_window_schema() }}.int_recurring_groups_changed
    )
    or {{ column }} is null
{%- endmacro %}

{#
    `where`/`and` the payee group is recomputed, on incremental runs only. The model also needs
    `-- depends_on: {{ ref('int_recurring_groups_changed') }}`: the ref() here is only reached
    when the model is executed, too late for dbt to order the run by it.
#}
{% macro recurring_changed_groups_filter(keyword='where', column='payee_group_id') -%}
    {%- if is_incremental() %}
        {{ keyword }} {{ column }} in (
            select payee_group_id from {{ ref('int_recurring_groups_changed') }}
        )
    {%- endif %}
{%- endmacro %}

{#
    `where`/`and` the row's payee scope is one of a group recomputed, on incremental runs only
    (`columns='person_ref'`: the row's person has one). Needs the same depends_on.
#}
{% macro recurring_changed_scopes_filter(keyword='where', columns='person_ref, payee_key') -%}
    {%- if is_incremental() %}
        {{ keyword }} ({{ columns }}) in (
            select {{ columns }} from {{ ref('int_recurring_groups_changed') }}
        )
    {%- endif %}
{%- endmacro %}
