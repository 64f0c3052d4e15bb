{#
    Small normalizations shared by every staging model, so that the three sources agree on
    spelling before intermediate joins them.
#}

{# 'debit' / 'credit' from the account holder's side; anything else is null (and fails tests). #}
{% macro normalize_direction(direction_expression) -%}
    case
        when lower(trim({{ direction_expression }})) in ('debit', 'dr', 'd', 'withdrawal') then 'debit'
        when lower(trim({{ direction_expression }})) in ('credit', 'cr', 'c', 'deposit') then 'credit'
    end
{%- endmacro %}

{#
    A payment reference as printed by any source, comparable across sources: upper case,
    no blanks; HDFC's Chq./Ref.No. zero-pads RRNs to 16 characters, so a long all-digit value
    with leading zeros is trimmed back to the 12-digit RRN. Free text (SBI's
    "TRANSFER FROM <account>") and all-zero numbers are not references.
#}
{% macro normalize_reference(reference_expression) -%}
    case
        when {{ regex_matches('trim(' ~ reference_expression ~ ')', "'^0*$'") }} then null
        when not {{ regex_matches('trim(' ~ reference_expression ~ ')', "'^[A-Za-z0-9]+$'") }} then null
        when {{ regex_matches('trim(' ~ reference_expression ~ ')', "'^0[0-9]{12,}$'") }}
            then lpad(ltrim(trim({{ reference_expression }}), '0'), 12, '0')
        else upper(trim({{ reference_expression }}))
    end
{%- endmacro %}

{# The account key every source can compute: bank || '-' || the last digits it printed. #}
{% macro account_key(bank_expression, digits_expression) -%}
    ({{ bank_expression }} || '-' || {{ digits_expression }})
{%- endmacro %}

{# Channels on which a reference (RRN, UTR, IMPS ref) identifies one payment across sources. #}
{% macro reference_channels() -%}
    ('upi', 'neft', 'rtgs', 'imps')
{%- endmacro %}

{#
    Text as categorization rules match it: lower case, punctuation as single spaces, UPI handles
    (@ybl: the payer's app, not the payee) and all-digit words (RRNs, card and phone numbers)
    removed, padded with one space on each side so that '% word %' finds whole words. Dropping
    the digits also makes the texts of repeat payments identical, so rules run once per text.
#}
{% macro words_for_matching(text_expression) -%}
    {%- set words = "regexp_replace(regexp_replace(lower(" ~ text_expression
        ~ "), '@[a-z0-9.]+', ' ', 'g'), '[^a-z0-9]+', ' ', 'g')" -%}
    {#- Doubled spaces give every word its own pair of spaces, so ' 123 456 ' loses both. -#}
    regexp_replace(
        regexp_replace(' ' || replace({{ words }}, ' ', '  ') || ' ', ' [0-9]+ ', ' ', 'g'),
        ' +', ' ', 'g'
    )
{%- endmacro %}
