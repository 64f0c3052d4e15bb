{#
    Own-account transfers are not spending: no transfer may sit in a category whose debits
    count as spend. Rows returned fail the test.
#}
{% test spend_excludes_transfers(model) %}
    select ledger.transaction_id
    from {{ model }} as ledger
    inner join {{ ref('dim_categories') }} as categories
        on ledger.category_id = categories.category_id
    where ledger.is_transfer and categories.is_spend
{% endtest %}
