{#
    Own-account transfers are not spending: no transfer may sit in a category whose debits
    count as spend. Rows returned fail the test. model may be a subquery (a test scoped to the
    rows a run wrote, macros/ledger_window.sql), which takes no alias: hence the CTE.
#}
{% test spend_excludes_transfers(model) %}

with ledger as (select * from {{ model }})

select ledger.transaction_id
from ledger
inner join {{ ref('dim_categories') }} as categories
    on ledger.category_id = categories.category_id
where ledger.is_transfer and categories.is_spend

{% endtest %}
