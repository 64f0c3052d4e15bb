{#
    How a merchant alias or keyword is found in text prepared by words_for_matching() (lower
    case words between single spaces): 'name' aliases match whole words, 'narration_keyword'
    aliases the start of a word ("swiggy" in "swiggyupi").
#}
{% macro alias_like(kind_expression, value_expression) -%}
    '% ' || {{ value_expression }}
    || case when {{ kind_expression }} = 'narration_keyword' then '%' else ' %' end
{%- endmacro %}

{#
    Whether text prepared by words_for_matching() says a payment goes to the person's own
    account: the notes UPI apps and banks print ("Self transfer", "own account", "to self").
#}
{% macro has_self_transfer_marker(words_expression) -%}
    (
        {{ words_expression }} like '% self %'
        or {{ words_expression }} like '% own account %'
        or {{ words_expression }} like '% own acc %'
        or {{ words_expression }} like '% selftransfer %'
    )
{%- endmacro %}

{# Words that make a payee an organisation rather than a person (text from words_for_matching()). #}
{% macro names_a_business(words_expression) -%}
    {%- set words = [
        'ltd', 'limited', 'pvt', 'private', 'llp', 'store', 'stores', 'mart', 'traders',
        'enterprises', 'sweets', 'medicals', 'medical', 'dairy', 'bank', 'finance', 'services',
        'solutions', 'technologies', 'agency', 'agencies', 'hotel', 'restaurant', 'industries',
        'corporation', 'corp', 'company', 'school', 'hospital', 'pharmacy', 'foods', 'fuels',
    ] -%}
    {{ regex_matches(words_expression, "' (" ~ words | join('|') ~ ") '") }}
{%- endmacro %}
