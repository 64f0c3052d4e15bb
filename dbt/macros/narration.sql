{#
    Narrations (statement Narration/Description/Remarks columns; AA carries the same text) are
    parsed once, by ingestion (ingestion/narration: grammars per bank as data), into the raw
    narration_* columns. Staging only maps ingestion's vocabulary onto the ledger's.
#}

{#
    Ingestion's rail (UPI, IMPS, NEFT, RTGS, ATM, CARD, POS, NACH, CASH, CHEQUE, INTEREST,
    CHARGES) as the ledger's lower-case channel; a POS terminal is a card payment, and a
    narration no grammar reads is 'other'.
#}
{% macro ledger_channel(channel_expression) -%}
    case
        when upper({{ channel_expression }}) = 'POS' then 'card'
        when upper({{ channel_expression }}) in (
            'UPI', 'IMPS', 'NEFT', 'RTGS', 'ATM', 'CARD', 'NACH', 'CASH', 'CHEQUE', 'INTEREST',
            'CHARGES'
        ) then lower({{ channel_expression }})
        else 'other'
    end
{%- endmacro %}
