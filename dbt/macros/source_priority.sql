{#
    Which source's copy of a transaction row is the record: the statement is the bank's own,
    AA its machine copy, an SMS a notification. Lower wins.
#}
{% macro source_priority(source_column) -%}
    case {{ source_column }} when 'statement' then 1 when 'aa' then 2 else 3 end
{%- endmacro %}
