{#
    Whether a row's person has an account whose daily balances this run rebuilds whole
    (int_balance_account_starts): the `window_also` of the monthly marts that read balances
    (config, read when the project is parsed: the table is named, not ref()'d; the model also
    needs `-- depends_on: {{ ref('int_balance_account_starts') }}`).
#}
{% macro balances_rebuilt_whole(column='person_ref') -%}
    {{ column }} in (
        select person_ref from {{ ledger_window_schema() }}.int_balance_account_starts
        where carried_through is null
    )
{%- endmacro %}
