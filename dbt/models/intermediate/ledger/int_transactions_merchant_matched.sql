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

ranked as (

    select
        *,
        row_number() over (
            partition by transaction_id
            order by source_priority, occurred_at nulls last, source_row_id
        ) as source_rank,
        row_number() over (
            partition by transaction_id
            order by counterparty is null, source_priority, source_row_id
        ) as counterparty_rank,
        row_number() over (
            partition by transaction_id
            order by channel = 'other', source_priority, source_row_id
        ) as channel_rank,
        row_number() over (
            partition by transaction_id
            order by vpa is null, source_priority, source_row_id
        ) as vpa_rank,
        row_number() over (
            partition by transaction_id
            order by psp is null, source_priority, source_row_id
        ) as psp_rank,
        row_number() over (
            partition by transaction_id
            order by is_p2m is null, source_priority, source_row_id
        ) as p2m_rank,
        row_number() over (
            partition by transaction_id
            order by balance_paise is null, source_priority, source_row_id
        ) as balance_rank

    from reconciled

),

aliases as (

    select * from {{ ref('merchant_aliases') }}

),

merchants as (

    select * from {{ ref('merchants') }}

),

transaction_facts as (

    select
        transaction_id,
        max(reference) as reference,
        max(case when counterparty_rank = 1 then counterparty end) as counterparty,
        max(case when channel_rank = 1 then channel end) as channel,
        max(case when vpa_rank = 1 then lower(vpa) end) as vpa,
        max(case when psp_rank = 1 then lower(psp) end) as psp,
        bool_or(case when p2m_rank = 1 then is_p2m end) as is_p2m,
        bool_or(coalesce(is_reversal, false)) as is_reversal,
        max(case when balance_rank = 1 then balance_paise end) as balance_paise,
        -- Best known moment: the AA timestamp, else when the SMS arrived.
        coalesce(
            min(case when source = 'aa' then occurred_at end),
            min(case when source = 'sms' then occurred_at end)
        ) as occurred_at,
        bool_or(source = 'statement') as has_statement,
        bool_or(source = 'sms') as has_sms,
        bool_or(source = 'aa') as has_aa,
        -- The number of sources that printed it (count(distinct) keeps a set per transaction).
        case when bool_or(source = 'statement') then 1 else 0 end
        + case when bool_or(source = 'sms') then 1 else 0 end
        + case when bool_or(source = 'aa') then 1 else 0 end as source_count,
        count(*) as source_row_count

    from ranked
    group by transaction_id

),

transactions as (

    select
        ranked.transaction_id,
        ranked.person_ref,
        ranked.account_id,
        ranked.account_key,
        ranked.bank,
        transaction_facts.occurred_at,
        ranked.txn_date as business_date,
        cast(ranked.amount_paise as bigint) as amount_paise,
        ranked.direction,
        transaction_facts.channel,
        transaction_facts.counterparty,
        transaction_facts.vpa,
        -- The PSP the narration named, else the handle of the VPA (swiggy@icici -> icici).
        coalesce(
            transaction_facts.psp, nullif(split_part(transaction_facts.vpa, '@', 2), '')
        ) as psp,
        transaction_facts.is_p2m,
        transaction_facts.is_reversal,
        transaction_facts.balance_paise,
        transaction_facts.has_statement,
        transaction_facts.has_sms,
        transaction_facts.has_aa,
        transaction_facts.source_count,
        ranked.narration,
        transaction_facts.reference,
        ranked.match_method,
        transaction_facts.source_row_count

    from ranked
    inner join transaction_facts
        on ranked.transaction_id = transaction_facts.transaction_id
    where ranked.source_rank = 1
        {{ ledger_window_filter('ranked.txn_date', 'and') }}

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
