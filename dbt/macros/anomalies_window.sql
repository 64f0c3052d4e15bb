{#
    Incremental anomalies (models/intermediate/insights/int_anomalies_flagged.sql). Besides the
    window's rows and those of people with corrections, a run replaces (its `window_also`, read
    when the project is parsed, so the tables are named, not ref()'d):
    - every row of a payee scope the run changes (int_recurring_groups_changed): the rules that
      look across a payee's rows (duplicates, a large new payee, an outlier for the merchant, a
      price rise) read nothing outside the scope, both directions, of the row they flag;
    - failed debits from anomalies_reversal_days() before the window: a credit in the window
      can be their reversal;
    - every fee or penalty: what a charge usually is spans everyone, so the rule is recomputed
      whole, from the charges alone;
    - rows without a business_date, written by a version of the model that had none.
#}
{% macro anomalies_replaced_outside_window() -%}
    payee_scope_id in (
        select payee_scope_id from {{ ledger_window_schema() }}.int_recurring_groups_changed
    )
    or (
        rule = 'failed_debit_without_reversal'
        and business_date >= (
            select window_start from {{ ledger_window_schema() }}.int_ledger_window
        ) - {{ anomalies_reversal_days() }}
    )
    or rule = 'fee_or_penalty'
    or business_date is null
{%- endmacro %}

{# How many days after a failed debit its reversal (a credit back) may come. #}
{% macro anomalies_reversal_days() -%}
    {{ return(7) }}
{%- endmacro %}
