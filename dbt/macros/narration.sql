{#
    Parsing of bank narrations (statement Narration/Description/Remarks columns; AA carries the
    same text). Grammars per bank: docs/landing-formats.md. Patterns run on upper(narration).
#}

{# Payment rail from the narration prefix; charges and interest are checked before the rails
   because "NEFT CHGS INCL GST" is a fee, not a transfer. #}
{% macro channel_from_narration(narration_expression) -%}
    {%- set text = 'upper(' ~ narration_expression ~ ')' -%}
    case
        when {{ regex_matches(text, "'^UPI[-/]|TRANSFER-UPI/'") }} then 'upi'
        when {{ regex_matches(text, "'CHGS|CHRGS|CHARGES|ANNUAL FEE|(^|[^A-Z])GST([^A-Z]|$)'") }} then 'charges'
        when {{ regex_matches(text, "'INTEREST|INT[.]PD|INT PD'") }} then 'interest'
        when {{ regex_matches(text, "'NEFT'") }} then 'neft'
        when {{ regex_matches(text, "'RTGS'") }} then 'rtgs'
        when {{ regex_matches(text, "'IMPS'") }} then 'imps'
        when {{ regex_matches(text, "'(^|[^A-Z])(N?ACH|ECS)([^A-Z]|$)|ACHDR'") }} then 'nach'
        when {{ regex_matches(text, "'^ATW-|^NWD-|^EAW-|ATM|CASH WDL'") }} then 'atm'
        when {{ regex_matches(text, "'^POS[ /]|^PCD/'") }} then 'card'
        when {{ regex_matches(text, "'CASH DEP|BY CASH'") }} then 'cash'
        else 'other'
    end
{%- endmacro %}

{#
    The RRN (UPI), UTR (NEFT/RTGS) or IMPS reference printed inside a narration, else null.
    In order: SBI UPI/DR/<RRN>/, ICICI UPI/<RRN>/ and Axis UPI/P2M/<RRN>/; HDFC (and SBI's
    alternative) UPI-<NAME>-<vpa>-<IFSC>-<RRN>-<note>; HDFC NEFT CR-<IFSC>-<NAME>-<NAME>-<UTR>;
    SBI BY TRANSFER-NEFT*<IFSC>*<UTR>*<NAME>--; ICICI NEFT-<UTR>-<NAME> and Axis
    NEFT/<UTR>/<NAME>/<BANK>; HDFC IMPS-<ref>-<NAME>-... and ICICI MMT/IMPS/<ref>/<NAME>/...
#}
{% macro reference_from_narration(narration_expression) -%}
    {%- set text = 'upper(trim(' ~ narration_expression ~ '))' -%}
    coalesce(
        {{ regex_extract(text, 'UPI/(?:DR/|CR/|P2A/|P2M/)?([0-9]{12})/') }},
        {{ regex_extract(text, '^UPI-.*-([0-9]{12})(?:-[^-]*)?$') }},
        {{ regex_extract(text, '^(?:NEFT|RTGS) CR-.*-([A-Z0-9]+)$') }},
        {{ regex_extract(text, '(?:NEFT|RTGS)[*][A-Z0-9]+[*]([A-Z0-9]+)[*]') }},
        {{ regex_extract(text, '^(?:NEFT|RTGS)[-/]([A-Z0-9]+)[-/]') }},
        {{ regex_extract(text, 'IMPS[-/]([0-9]{12})[-/]') }}
    )
{%- endmacro %}

{# The other party as the bank printed it (payee, remitter, biller or merchant), else null. #}
{% macro counterparty_from_narration(narration_expression) -%}
    {%- set text = 'upper(trim(' ~ narration_expression ~ '))' -%}
    nullif(trim(coalesce(
        {{ regex_extract(text, '^UPI-([^-]+)-') }},
        {{ regex_extract(text, 'UPI/(?:DR|CR|P2A|P2M)/[0-9]+/([^/]+)') }},
        {{ regex_extract(text, '^UPI/[0-9]+/[^/]*/([^/@]+)@') }},
        {{ regex_extract(text, '^(?:NEFT|RTGS) CR-[A-Z0-9]+-([^-]+)-') }},
        {{ regex_extract(text, '(?:NEFT|RTGS)[*][^*]*[*][^*]*[*]([^*-]+)') }},
        {{ regex_extract(text, '^(?:NEFT|RTGS)-[A-Z0-9]+-(.+)$') }},
        {{ regex_extract(text, '^(?:NEFT|RTGS)/[A-Z0-9]+/([^/]+)') }},
        {{ regex_extract(text, '^IMPS-[0-9]+-([^-]+)-') }},
        {{ regex_extract(text, 'IMPS/[0-9]+/([^/]+)') }},
        {{ regex_extract(text, '^ACH D- ?([^-]+)-') }},
        {{ regex_extract(text, 'ACHDR [A-Z0-9]+ (.+)$') }},
        {{ regex_extract(text, '^ACH/([^/]+)/') }},
        {{ regex_extract(text, 'ACH DR/([^/]+)/') }},
        {{ regex_extract(text, '^POS [0-9X]+ (.+)$') }},
        {{ regex_extract(text, '^POS/([^/]+)/') }},
        {{ regex_extract(text, '^PCD/[0-9X]+/(.+)$') }}
    )), '')
{%- endmacro %}

{# The first UPI address (handle@psp) in a text, lower case, else null. #}
{% macro vpa_from_text(text_expression) -%}
    lower({{ regex_extract(text_expression, '([A-Za-z0-9._]+@[A-Za-z][A-Za-z0-9]*)') }})
{%- endmacro %}
