with

reconciled as (

    select * from {{ ref('int_transactions_reconciled') }}

),

merchant_rules as (

    select * from {{ ref('merchant_rules') }}

),

categories as (

    select * from {{ ref('categories') }}

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
        ) as channel_rank

    from reconciled

),

-- Facts every source row of a transaction agrees on, or whose best value is known.
transaction_facts as (

    select
        transaction_id,
        max(reference) as reference,
        max(case when counterparty_rank = 1 then counterparty end) as counterparty,
        max(case when channel_rank = 1 then channel end) as channel,
        -- Best known moment: the AA timestamp, else when the SMS arrived.
        coalesce(
            min(case when source = 'aa' then occurred_at end),
            min(case when source = 'sms' then occurred_at end)
        ) as occurred_at,
        bool_or(source = 'statement') as has_statement,
        bool_or(source = 'sms') as has_sms,
        bool_or(source = 'aa') as has_aa,
        count(distinct source) as source_count,
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
        ranked.txn_date,
        transaction_facts.occurred_at,
        ranked.amount_paise,
        ranked.direction,
        transaction_facts.channel,
        transaction_facts.counterparty,
        ranked.narration,
        transaction_facts.reference,
        ranked.match_method,
        transaction_facts.has_statement,
        transaction_facts.has_sms,
        transaction_facts.has_aa,
        transaction_facts.source_count,
        transaction_facts.source_row_count,
        {{ words_for_matching(
            "coalesce(transaction_facts.counterparty, '') || ' ' || coalesce(ranked.narration, '')"
            ~ " || ' ' || coalesce(ranked.vpa, '')"
        ) }} as match_text

    from ranked
    inner join transaction_facts
        on ranked.transaction_id = transaction_facts.transaction_id
    where ranked.source_rank = 1

),

-- Repeat payments share their text once digits are gone: rules run once per distinct text.
texts as (

    select distinct
        match_text,
        channel,
        direction

    from transactions

),

rules as (

    -- Empty cells are null in a loaded seed but '' in a unit-test fixture: treat both alike.
    select
        rule_id,
        priority,
        nullif(channel, '') as channel,
        nullif(direction, '') as direction,
        category,
        nullif(merchant, '') as merchant,
        match_mode,
        -- Already lower-case words (a seed test says so): nothing to compute per comparison.
        nullif(keyword, '') as keyword_words

    from merchant_rules

),

rule_patterns as (

    select
        *,
        -- 'word' rules match whole words; 'prefix' rules also match longer words (swiggyupi).
        '% ' || keyword_words
        || case when match_mode = 'prefix' then '%' else ' %' end as keyword_like,
        -- A UPI address drops the spaces of a name (apollopharmacy@hdfcbank): a several-word
        -- keyword also matches its words run together, at the start of a word.
        case
            when keyword_words like '% %' then '% ' || replace(keyword_words, ' ', '') || '%'
        end as joined_keyword_like

    from rules

),

rule_matches as (

    select
        texts.match_text,
        texts.channel,
        texts.direction,
        rules.rule_id,
        rules.category,
        rules.merchant,
        row_number() over (
            partition by texts.match_text, texts.channel, texts.direction
            order by rules.priority, rules.rule_id
        ) as rule_rank

    from texts
    inner join rule_patterns as rules
        on
            (rules.channel is null or texts.channel = rules.channel)
            and (rules.direction is null or texts.direction = rules.direction)
            and (
                rules.keyword_words is null
                or texts.match_text like rules.keyword_like
                or texts.match_text like rules.joined_keyword_like
            )

),

final as (

    select
        transactions.transaction_id,
        transactions.person_ref,
        transactions.account_id,
        transactions.account_key,
        transactions.bank,
        transactions.txn_date,
        transactions.occurred_at,
        {{ financial_year('transactions.txn_date') }} as financial_year,
        cast(transactions.amount_paise as bigint) as amount_paise,
        transactions.direction,
        transactions.channel,
        transactions.counterparty,
        transactions.narration,
        transactions.reference,
        rule_matches.merchant,
        coalesce(rule_matches.category, 'uncategorized') as category,
        categories.category_group,
        rule_matches.rule_id as category_rule_id,
        transactions.match_method,
        transactions.has_statement,
        transactions.has_sms,
        transactions.has_aa,
        transactions.source_count,
        transactions.source_row_count

    from transactions
    left join rule_matches
        on
            transactions.match_text = rule_matches.match_text
            and transactions.channel = rule_matches.channel
            and transactions.direction = rule_matches.direction
            and rule_matches.rule_rank = 1
    left join categories
        on coalesce(rule_matches.category, 'uncategorized') = categories.category

)

select * from final
