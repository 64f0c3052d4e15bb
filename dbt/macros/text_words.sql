{#
    The words of text prepared by words_for_matching() (lower case words between single spaces),
    one row each, as a set-returning expression for a select list. The padding spaces give empty
    strings: filter them out. Dispatched: DuckDB splits into a list that unnest expands,
    PostgreSQL into an array.
#}
{% macro text_words(text_expression) -%}
    {{ return(adapter.dispatch('text_words', 'hisaab')(text_expression)) }}
{%- endmacro %}

{% macro default__text_words(text_expression) -%}
    unnest(string_to_array({{ text_expression }}, ' '))
{%- endmacro %}

{% macro duckdb__text_words(text_expression) -%}
    unnest(string_split({{ text_expression }}, ' '))
{%- endmacro %}

{#
    Common table expressions (a name and its body each, comma separated, no trailing comma)
    that pair each text with the probes some word of it starts with: `name` holds the distinct
    (text, probe row) pairs. Texts (column `text_column` of CTE `texts`) are words separated by
    single spaces (words_for_matching(), or a VPA's local part: one word); CTE `probes` has a
    column `probe`. A pattern like '% keyword%' or '% two words %' can only match a text with a
    word starting with its first word, so testing the pattern on these pairs alone finds what
    testing it on every pair would: by equality on word prefixes (one per probe length), not by
    comparing every text with every pattern.
#}
{% macro word_start_candidates(name, texts, probes, text_column='match_text') -%}
    {{ name }}_words as (

        select distinct
            {{ text_column }},
            word

        from (
            select
                {{ text_column }},
                {{ text_words(text_column) }} as word
            from {{ texts }}
        ) as words
        where word != ''

    ),

    {{ name }}_prefixes as (

        select
            words.word,
            lengths.probe_length,
            left(words.word, lengths.probe_length) as prefix

        from (select distinct word from {{ name }}_words) as words
        inner join (select distinct length(probe) as probe_length from {{ probes }}) as lengths
            on length(words.word) >= lengths.probe_length

    ),

    {{ name }} as (

        select distinct
            {{ name }}_words.{{ text_column }},
            {{ probes }}.*

        from {{ name }}_words
        inner join {{ name }}_prefixes
            on {{ name }}_words.word = {{ name }}_prefixes.word
        inner join {{ probes }}
            on
                {{ name }}_prefixes.prefix = {{ probes }}.probe
                and {{ name }}_prefixes.probe_length = length({{ probes }}.probe)

    )
{%- endmacro %}
