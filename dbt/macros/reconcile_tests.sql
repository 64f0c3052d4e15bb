{#
    Generic tests of reconciliation (int_transactions_reconciled): what one canonical
    transaction may hold. Each returns the transactions that break the rule.
#}

{#
    At most one row of each listed source per transaction: a bank books a payment once, so two
    statement lines (or two AA rows) in one transaction are two payments merged. SMS are left
    out on purpose: a resent alert carrying the same reference joins the payment it repeats.
#}
{% test at_most_one_row_per_source(model, sources) %}

select
    transaction_id,
    source,
    count(*) as row_count
from {{ model }}
where source in ('{{ sources | join("', '") }}')
group by transaction_id, source
having count(*) > 1

{% endtest %}

{#
    The rows of one transaction report the same payment: one person, one direction, one
    amount, and (unless a reference joined them) business dates at most a day apart.
#}
{% test rows_agree_on_the_payment(model) %}

select transaction_id
from {{ model }}
group by transaction_id
having
    count(distinct person_ref) > 1
    or count(distinct direction) > 1
    or count(distinct amount_paise) > 1
    or (
        max(txn_date) > min(txn_date) + 1
        and not bool_and(match_method in ('reference', 'reference_bucket'))
    )

{% endtest %}
