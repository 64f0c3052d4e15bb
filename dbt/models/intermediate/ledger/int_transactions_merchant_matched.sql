-- One row per canonical transaction: the facts its source rows agree on (or the best source's
-- value) and the merchant it was paid to or received from, when an alias says so.
{{ config(materialized='incremental', window_column='business_date') }}
with

reconciled as (

    select * from {{ ref('int_transactions_reconciled') }}
    -- Incremental: every row of each transaction with a row in the window; only transactions
    -- dated in the window are written (one dated before it has the same rows as last time).
    -- noqa: disable=LT02
    {%- if is_incremental() %}
        where transaction_id in (
            select transaction_id from {{ ref('int_transactions_reconciled') }}
            {{ ledger_window_filter('txn_date') }}
        )
    {%- endif %}
    -- noqa: enable=LT02

),

-- Each row of a transaction with the transaction's facts: what its sources agree on or, where
-- they differ, the best source's value (statement, then AA, then SMS; within a source its
-- first row), a value the best source left out taken from the next. Two orders of the rows
-- (rank: by time within a source; facts: by row id), so DuckDB sorts them twice, whatever
-- the number of facts: a window per fact, each sorting every column, spilled tens of GB at
-- 10M transactions.
{%- set rows_order %}
    partition by transaction_id
    order by source_priority, occurred_at nulls last, source_row_id
{%- endset %}
{%- set whole_transaction %}
    {{ rows_order }} rows between unbounded preceding and unbounded following
{%- endset %}
{%- set facts_order = 'source_priority, source_row_id' %}
ranked as (

    select
        *,
        row_number() over ({{ rows_order }}) as source_rank,
        {{ first_known('counterparty', 'transaction_id', facts_order) }} as known_counterparty,
        coalesce(
            {{ first_known(
                "case when channel <> 'other' then channel end", 'transaction_id', facts_order
            ) }},
            {{ first_known(
                "case when channel = 'other' then channel end", 'transaction_id', facts_order
            ) }}
        ) as known_channel,
        lower({{ first_known('vpa', 'transaction_id', facts_order) }}) as known_vpa,
        lower({{ first_known('psp', 'transaction_id', facts_order) }}) as known_psp,
        {{ first_known('is_p2m', 'transaction_id', facts_order) }} as known_is_p2m,
        {{ first_known('balance_paise', 'transaction_id', facts_order) }} as known_balance_paise,
        max(reference) over ({{ whole_transaction }}) as known_reference,
        bool_or(coalesce(is_reversal, false)) over ({{ whole_transaction }}) as known_is_reversal,
        -- Best known moment: the AA timestamp, else when the SMS arrived.
        coalesce(
            min(case when source = 'aa' then occurred_at end) over ({{ whole_transaction }}),
            min(case when source = 'sms' then occurred_at end) over ({{ whole_transaction }})
        ) as known_occurred_at,
        bool_or(source = 'statement') over ({{ whole_transaction }}) as has_statement,
        bool_or(source = 'sms') over ({{ whole_transaction }}) as has_sms,
        bool_or(source = 'aa') over ({{ whole_transaction }}) as has_aa,
        count(*) over ({{ whole_transaction }}) as source_row_count

    from reconciled

),

aliases as (

    select * from {{ ref('merchant_aliases') }}

),

merchants as (

    select * from {{ ref('merchants') }}

),

transactions as (

    select
        transaction_id,
        person_ref,
        account_id,
        account_key,
        bank,
        known_occurred_at as occurred_at,
        txn_date as business_date,
        cast(amount_paise as bigint) as amount_paise,
        direction,
        known_channel as channel,
        known_counterparty as counterparty,
        known_vpa as vpa,
        -- The PSP the narration named, else the handle of the VPA (swiggy@icici -> icici).
        coalesce(known_psp, nullif(split_part(known_vpa, '@', 2), '')) as psp,
        known_is_p2m as is_p2m,
        known_is_reversal as is_reversal,
        known_balance_paise as balance_paise,
        has_statement,
        has_sms,
        has_aa,
        -- The number of sources that printed it.
        case when has_statement then 1 else 0 end
        + case when has_sms then 1 else 0 end
        + case when has_aa then 1 else 0 end as source_count,
        narration,
        known_reference as reference,
        match_method,
        source_row_count

    from ranked
    where source_rank = 1
        {{ ledger_window_filter('txn_date', 'and') }}

),

-- The words a merchant is named by: the payee the narration named and the VPA, else (no
-- payee read) the whole narration. Bank names and notes elsewhere in a narration ("...
-- /PAYTM PAYMENTS BANK") would otherwise pass for the merchant. Repeat payments share their
-- text, so it is read into words once per distinct text.
merchant_texts as (

    select
        transaction_id,
        vpa,
        nullif(split_part(vpa, '@', 1), '') as vpa_local,
        coalesce(counterparty, narration, '') || ' ' || coalesce(vpa, '') as payee_text

    from transactions

),

distinct_texts as (

    select
        payee_text,
        {{ words_for_matching('payee_text') }} as match_text

    from (select distinct payee_text from merchant_texts) as payee_texts

),

-- An alias's pattern is tested only on the texts with a word starting with its first word
-- (or, for a several-word name, its words run together): word_start_candidates. Seed aliases
-- are plain lower-case words (tested in seeds/_seeds.yml), so the prefixes are exact.
alias_probes as (

    select
        alias_kind,
        alias_value,
        merchant_id,
        split_part(alias_value, ' ', 1) as probe
    from aliases
    where alias_kind in ('name', 'narration_keyword')

    union all

    select
        alias_kind,
        alias_value,
        merchant_id,
        replace(alias_value, ' ', '') as probe
    from aliases
    where alias_kind = 'name' and alias_value like '% %'

),

{{ word_start_candidates('name_candidates', 'distinct_texts', 'alias_probes') }},

name_matches as (

    select
        match_text,
        merchant_id,
        alias_kind,
        length(alias_value) as alias_length

    from name_candidates
    where
        match_text like {{ alias_like('alias_kind', 'alias_value') }}
        -- A VPA runs a name's words together (apollopharmacy@hdfcbank).
        or (
            alias_kind = 'name'
            and alias_value like '% %'
            and match_text like '% ' || replace(alias_value, ' ', '') || '%'
        )

),

-- A VPA prefix alias is the first characters of the VPA's local part: the same pairing by
-- prefix, on the distinct local parts, then the prefix itself is checked.
vpa_prefix_probes as (

    select
        merchant_id,
        alias_value as probe
    from aliases
    where alias_kind = 'vpa_handle_prefix'

),

vpa_locals as (

    select distinct vpa_local
    from merchant_texts
    where vpa_local is not null

),

{{ word_start_candidates(
    'vpa_prefix_candidates', 'vpa_locals', 'vpa_prefix_probes', 'vpa_local'
) }},

vpa_prefix_matches as (

    select
        vpa_local,
        merchant_id,
        length(probe) as alias_length

    from vpa_prefix_candidates
    where left(vpa_local, length(probe)) = probe

),

candidates as (

    select
        merchant_texts.transaction_id,
        aliases.merchant_id,
        1 as kind_rank,
        length(aliases.alias_value) as alias_length

    from merchant_texts
    inner join aliases
        on
            aliases.alias_kind = 'vpa'
            and merchant_texts.vpa = aliases.alias_value

    union all

    select
        merchant_texts.transaction_id,
        vpa_prefix_matches.merchant_id,
        2 as kind_rank,
        vpa_prefix_matches.alias_length

    from merchant_texts
    inner join vpa_prefix_matches
        on merchant_texts.vpa_local = vpa_prefix_matches.vpa_local

    union all

    select
        merchant_texts.transaction_id,
        name_matches.merchant_id,
        case name_matches.alias_kind when 'name' then 3 else 4 end as kind_rank,
        name_matches.alias_length

    from merchant_texts
    inner join distinct_texts
        on merchant_texts.payee_text = distinct_texts.payee_text
    inner join name_matches
        on distinct_texts.match_text = name_matches.match_text

),

-- The most specific evidence wins: an exact VPA, then the longest VPA prefix, then the longest
-- name ("swiggy instamart" over "swiggy"), then the longest keyword.
best_candidates as (

    select
        transaction_id,
        merchant_id,
        row_number() over (
            partition by transaction_id
            order by kind_rank asc, alias_length desc, merchant_id asc
        ) as candidate_rank

    from candidates

),

final as (

    select
        transactions.*,
        best_candidates.merchant_id,
        merchants.category_id as merchant_category_id,
        merchants.mcc as merchant_mcc

    from transactions
    left join best_candidates
        on
            transactions.transaction_id = best_candidates.transaction_id
            and best_candidates.candidate_rank = 1
    left join merchants
        on best_candidates.merchant_id = merchants.merchant_id

)

select * from final
