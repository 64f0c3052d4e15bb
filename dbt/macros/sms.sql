{#
    SMS fields come parsed by ingestion (ingestion/ owns the templates); staging only maps
    them onto the vocabulary the statement and AA models use.
#}

{#
    Bank from the sender header (VM-HDFCBK, AD-SBIUPI, JD-ICICIT...) when ingestion left none;
    another bank keeps its header (VK-KOTAKB -> kotakb) rather than no name at all.
#}
{% macro bank_from_sms_sender(sender_expression) -%}
    case
        when upper({{ sender_expression }}) like '%HDFC%' then 'hdfc'
        when upper({{ sender_expression }}) like '%SBI%' then 'sbi'
        when upper({{ sender_expression }}) like '%ICICI%' then 'icici'
        when upper({{ sender_expression }}) like '%AXIS%' then 'axis'
        else lower({{ regex_extract(sender_expression, '^[A-Za-z]{2}-([A-Za-z0-9]+)') }})
    end
{%- endmacro %}

{# Ingestion's channel mapped onto the statement vocabulary; the body decides when it is unknown. #}
{% macro channel_from_sms(channel_expression, body_expression) -%}
    {%- set channel = 'lower(trim(' ~ channel_expression ~ '))' -%}
    {%- set body = 'upper(' ~ body_expression ~ ')' -%}
    case
        when {{ channel }} in (
            'upi', 'neft', 'rtgs', 'imps', 'nach', 'atm', 'card', 'interest', 'charges', 'cash'
        ) then {{ channel }}
        when {{ channel }} in ('pos', 'debit_card', 'credit_card', 'ecom') then 'card'
        when {{ channel }} in ('ach', 'ecs') then 'nach'
        when {{ regex_matches(body, "'ATM WDL|ATM CASH|CASH WDL'") }} then 'atm'
        when {{ regex_matches(body, "'(^|[^A-Z])(N?ACH|ECS)([^A-Z]|$)'") }} then 'nach'
        when {{ regex_matches(body, "'NEFT'") }} then 'neft'
        when {{ regex_matches(body, "'RTGS'") }} then 'rtgs'
        when {{ regex_matches(body, "'IMPS'") }} then 'imps'
        when {{ regex_matches(body, "'(^|[^A-Z])POS([^A-Z]|$)'") }} then 'card'
        when {{ regex_matches(body, "'UPI'") }} then 'upi'
        when {{ regex_matches(body, "'INTEREST'") }} then 'interest'
        else 'other'
    end
{%- endmacro %}
