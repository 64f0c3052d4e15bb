{#
    Incremental builds of the ledger chain. One window for the whole run: int_ledger_window
    (built first) records which business dates the raw rows ingested since the last complete
    build touch; every incremental model deletes its rows in that window and inserts them
    recomputed (strategy `ledger_window`). The watermark only advances when every incremental
    model of the run succeeded (record_ledger_watermark, on-run-end), so a failed run is redone
    whole by the next one.
#}

{% macro ledger_window_schema() -%}
    {#- generate_schema_name uses custom schemas verbatim; the window lives beside its models. -#}
    intermediate
{%- endmacro %}

{#
    Looked up by name, not ref(): models with unit tests would otherwise need a fixture for
    the window, and int_ledger_window reads the previous state of the models it runs before.
#}
{% macro ledger_window_relation(identifier='int_ledger_window', schema=none) -%}
    {{ return(adapter.get_relation(
        database=target.database,
        schema=schema or ledger_window_schema(),
        identifier=identifier,
    )) }}
{%- endmacro %}

{#
    The first business date the run recomputes, as a SQL date literal. Read at execution time
    (int_ledger_window is built by then); at parse time nothing is queried. `start`, a date
    string already read, saves the query.
#}
{% macro ledger_window_start(start=none) -%}
    {%- if start is none -%}
        {%- set start = '1900-01-01' -%}
        {%- if execute -%}
            {%- set relation = ledger_window_relation() -%}
            {%- if relation is not none -%}
                {%- set rows = run_query(
                    'select cast(window_start as varchar) from ' ~ relation
                ) -%}
                {%- set start = rows.columns[0].values()[0] -%}
            {%- endif -%}
        {%- endif -%}
    {%- endif -%}
    {{ return("cast('" ~ start ~ "' as date)") }}
{%- endmacro %}

{#
    People whose own corrections can re-file any of their transactions, whatever its date: a
    correction is also a rule for the person's other payments to that payee. They are always
    recomputed whole (corrections are upserted, so a changed one cannot be told from its date).
#}
{% macro ledger_window_people() -%}
    select person_ref from {{ ledger_window_relation('stg_app__category_corrections', 'staging') }}
{%- endmacro %}

{#
    Those people as SQL literals, read once per invocation (kept in the graph dict every node
    shares, as ledger_tested_window does): a list of none when nobody has corrected anything,
    or none (then the subquery is used) before the view exists or past a thousand people.
    A subquery in the predicate is a lookup of every row's person: the scan of a ten-million
    row table can no longer skip the row groups dated before the window.
#}
{% macro ledger_window_people_literals() -%}
    {%- if not execute -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set cache = graph.setdefault('_ledger_window_people', {}) -%}
    {%- if 'people' not in cache -%}
        {%- set people = none -%}
        {%- set relation = ledger_window_relation('stg_app__category_corrections', 'staging') -%}
        {%- if relation is not none -%}
            {%- set rows = run_query(
                'select distinct person_ref from ' ~ relation ~ ' where person_ref is not null'
                ~ ' order by person_ref limit 1001'
            ) -%}
            {%- if rows | length <= 1000 -%}
                {%- set people = [] -%}
                {%- for row in rows -%}
                    {%- do people.append("'" ~ (row[0] | replace("'", "''")) ~ "'") -%}
                {%- endfor -%}
            {%- endif -%}
        {%- endif -%}
        {%- do cache.update({'people': people}) -%}
    {%- endif -%}
    {{ return(cache['people']) }}
{%- endmacro %}

{# Whether this invocation rebuilds every model from scratch (--full-refresh). #}
{% macro ledger_full_refresh() -%}
    {{ return(flags.FULL_REFRESH) }}
{%- endmacro %}

{#
    The rows a run replaces: those dated inside the window (days_before widens it for context
    rows that are read but not written) and, with people_column, every row of a person with
    corrections.
#}
{% macro ledger_window_predicate(date_column, people_column=none, days_before=0, start=none) -%}
    {%- set people = ledger_window_people_literals() if people_column else none -%}
    ({{ date_column }} >= {{ ledger_window_start(start) }} - {{ days_before }}
    {%- if people_column and people is none %}
        or {{ people_column }} in ({{ ledger_window_people() }})
    {%- elif people_column and people | length > 0 %}
        or {{ people_column }} in ({{ people | join(', ') }})
    {%- endif -%}
    )
{%- endmacro %}

{#
    Custom incremental strategy (dbt looks it up by name on DuckDB and PostgreSQL alike):
    delete the window's rows (config window_column, window_people) and any row whose key the
    new rows carry, then insert the new rows. Unlike delete+insert, rows whose key no longer
    exists (a transaction id that reconciliation replaced) leave with their window.
    Optional: window_days_before widens the deleted window by that many days before
    window_start (a model that rewrites a few days of context, e.g. a running balance);
    window_also is a predicate on the target's rows that are replaced on every run whatever
    their date (a small part the model always rereads, e.g. the AA account summaries). A model
    with rows of no date (int_recurring_vpa_names) has window_also alone.
#}
{% macro get_incremental_ledger_window_sql(arg_dict) -%}
    {%- set target_relation = arg_dict['target_relation'] -%}
    {%- set temp_relation = arg_dict['temp_relation'] -%}
    {%- set unique_key = arg_dict['unique_key'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target_relation }}
    where
        {{ ledger_window_rows(config) }}
    {%- if unique_key %}
        or {{ unique_key }} in (select {{ unique_key }} from {{ temp_relation }})
    {%- endif %};
    insert into {{ target_relation }} ({{ columns }})
    select {{ columns }} from {{ temp_relation }}
{%- endmacro %}

{#
    The rows of a model the ledger_window strategy replaces, from its config (see above);
    `start` as in ledger_window_start.
#}
{% macro ledger_window_rows(model_config, start=none) -%}
    {%- if model_config.get('window_column') %}
    {{ ledger_window_predicate(
        model_config.get('window_column'),
        'person_ref' if model_config.get('window_people', false) else none,
        model_config.get('window_days_before', 0),
        start,
    ) }}
    {%- else %}
    false
    {%- endif %}
    {%- if model_config.get('window_also') %}
        or ({{ model_config.get('window_also') }})
    {%- endif %}
{%- endmacro %}

{#
    A test of an incremental ledger model checks the rows this run wrote, not the whole table
    again: the rows outside the window were tested by the run that wrote them, and rereading
    ten million of them to check one new day would cost more than the day's build. Likewise a
    staging view over raw rows with config new_rows_column checks the rows ingested since the
    last complete build. A full refresh, a whole rebuild, a changed project and
    `--vars '{ledger_tests_whole: true}'` test every row.
    A test that compares the model with another relation in aggregate (sums_reconcile) opts
    out with config(window_scoped=false): its other side is not scoped.
    Overrides dbt's get_where_subquery (which every generic test passes its model through);
    dbt's own `where` config still applies.
#}
{% macro get_where_subquery(relation) -%}
    {%- set predicates = [] -%}
    {%- if config.get('where') -%}
        {%- do predicates.append(config.get('where')) -%}
    {%- endif -%}
    {%- set written = ledger_tested_rows() -%}
    {%- if written -%}
        {%- do predicates.append(written) -%}
    {%- endif -%}
    {%- if predicates | length == 0 -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set filtered -%}
        (select * from {{ relation }} where ({{ predicates | join(') and (') }})) dbt_subquery
    {%- endset -%}
    {{ return(filtered) }}
{%- endmacro %}

{#
    Which rows of the model a test is attached to it reads, or none for all of them. `scoped`
    overrides the test's config window_scoped (ledger_tested_groups).
#}
{% macro ledger_tested_rows(scoped=none) -%}
    {%- set scoped = config.get('window_scoped', true) if scoped is none else scoped -%}
    {%- if not execute or flags.FULL_REFRESH or var('ledger_tests_whole', false)
        or not scoped -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set tested = graph.nodes.get(model.get('attached_node') or '') -%}
    {%- set new_rows_column = tested.config.get('new_rows_column') if tested else none -%}
    {%- set window_column = tested.config.get('window_column') if tested else none -%}
    {%- set is_incremental_model = tested and tested.config.materialized == 'incremental' -%}
    {%- if not (new_rows_column or window_column and is_incremental_model) -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set window = ledger_tested_window('new_rows' if new_rows_column else 'window') -%}
    {%- if window is none -%}
        {{ return(none) }}
    {%- elif new_rows_column -%}
        {{ return(new_rows_column ~ " > cast('" ~ window.watermark ~ "' as timestamp)") }}
    {%- endif -%}
    {{ return(ledger_window_rows(tested.config, window.window_start)) }}
{%- endmacro %}

{#
    For a test that compares its model with another relation group by group (config
    window_scoped=false: sums_reconcile, excludes_transfers): the rows the run wrote, as a
    predicate that holds on both sides, when the model's window is stated in columns that are
    keys of the groups, spelled alike on the other side (other_keys, in group_by's order): a
    model incremental by month and person, compared per person and month. Then a group
    outside the window was compared by the run that wrote it, and neither side has changed
    since. Otherwise none: both sides are read whole.
#}
{% macro ledger_tested_groups(group_by, other_keys=none) -%}
    {%- set tested = graph.nodes.get(model.get('attached_node') or '') if execute else none -%}
    {%- if not tested or not tested.config.get('window_column') -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set other_keys = other_keys or group_by -%}
    {%- set needed = [tested.config.get('window_column')] -%}
    {%- if tested.config.get('window_people', false) -%}
        {%- do needed.append('person_ref') -%}
    {%- endif -%}
    {%- for column in needed -%}
        {%- if column not in group_by or other_keys[group_by.index(column)] != column -%}
            {{ return(none) }}
        {%- endif -%}
    {%- endfor -%}
    {{ return(ledger_tested_rows(scoped=true)) }}
{%- endmacro %}

{#
    The window of the run that built last, as {watermark, window_start} strings, or none when
    every row is to be tested (no complete build before, a whole rebuild, a changed project).
    During a build that is the previous run's window until this run's int_ledger_window is
    built, and this run's after it. dbt build runs a staging view's tests before the models
    downstream of it, int_ledger_window among them, and an incremental model's tests after the
    model, itself after int_ledger_window: so within one invocation the tests of a kind
    ('new_rows', staging views; 'window', incremental models) all see one window. It is read
    once per kind and kept in the graph dict, which every node of an invocation shares, rather
    than queried again for each of some four hundred tests.
#}
{% macro ledger_tested_window(kind) -%}
    {%- set cache = graph.setdefault('_ledger_tested_window', {}) -%}
    {%- if kind not in cache -%}
        {%- set window = none -%}
        {%- if ledger_previous_watermark() is not none and ledger_window_relation() is not none -%}
            {%- set rows = run_query(
                'select cast(watermark as varchar), cast(window_start as varchar) from '
                ~ ledger_window_relation() ~ ' where not is_whole_rebuild and watermark is not null'
            ) -%}
            {%- if rows | length > 0 -%}
                {%- set window = {'watermark': rows[0][0], 'window_start': rows[0][1]} -%}
            {%- elif kind == 'new_rows' -%}
                {#- The build before was a whole rebuild, which tested every row it read: the
                    new rows are those after its watermark. -#}
                {%- set rows = run_query(
                    'select cast(processed_through as varchar) from '
                    ~ ledger_window_relation('ledger_watermark')
                ) -%}
                {%- set window = {'watermark': rows[0][0], 'window_start': none} -%}
            {%- endif -%}
        {%- endif -%}
        {%- do cache.update({kind: window}) -%}
    {%- endif -%}
    {{ return(cache[kind]) }}
{%- endmacro %}

{#
    on-run-end: advance the watermark to what int_ledger_window saw, but only when the window
    was built and every incremental model ran and passed in this invocation.
#}
{% macro record_ledger_watermark(results) -%}
    {%- if execute and ledger_run_is_complete(results) -%}
        {%- set window = ledger_window_relation() -%}
        {%- set watermark = api.Relation.create(
            database=window.database, schema=window.schema, identifier='ledger_watermark'
        ) -%}
        drop table if exists {{ watermark }};
        create table {{ watermark }} as
        select
            processed_through,
            '{{ ledger_project_checksum() }}' as project_checksum
        from {{ window }};
    {%- endif -%}
{%- endmacro %}

{% macro ledger_run_is_complete(results) -%}
    {%- set done = [] -%}
    {%- for result in results -%}
        {%- if result.status in ('success', 'pass', 'warn') -%}
            {%- do done.append(result.node.unique_id) -%}
        {%- elif result.node.resource_type in ('model', 'seed', 'test', 'unit_test') -%}
            {{ return(false) }}
        {%- endif -%}
    {%- endfor -%}
    {%- set needed = ['model.hisaab.int_ledger_window'] -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.config.materialized == 'incremental' -%}
            {%- do needed.append(node.unique_id) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(needed | reject('in', done) | list | length == 0) }}
{%- endmacro %}

{#
    The watermark of the last complete build as a SQL timestamp literal, or none: no complete
    build yet, a --full-refresh, the models it guarded are gone, or a model or seed changed
    since (its rows before the window were computed by other code or data). Read as a literal so the
    staging views can push the filter into their scans (and parse only the new rows).
#}
{% macro ledger_previous_watermark() -%}
    {%- if not execute or flags.FULL_REFRESH -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set watermark = ledger_window_relation('ledger_watermark') -%}
    {%- set previous = ledger_window_relation('int_source_transactions_unioned') -%}
    {%- if watermark is none or previous is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set rows = run_query(
        'select cast(processed_through as varchar) from ' ~ watermark
        ~ " where processed_through is not null and project_checksum = '"
        ~ ledger_project_checksum() ~ "'"
    ) -%}
    {%- if rows | length == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return("cast('" ~ rows.columns[0].values()[0] ~ "' as timestamp)") }}
{%- endmacro %}

{# `where`/`and`/`or` ledger_window_predicate(...), on incremental runs only. #}
{% macro ledger_window_filter(date_column, keyword='where', days_before=0, people_column=none) -%}
    {%- if is_incremental() %}
        {{ keyword }} {{ ledger_window_predicate(date_column, people_column, days_before) }}
    {%- endif %}
{%- endmacro %}

{#
    A digest of every model and seed file: a new version of a model or of the merchant
    dictionary invalidates what earlier runs left outside the window.
#}
{% macro ledger_project_checksum() -%}
    {%- set parts = [] -%}
    {%- for node in graph.nodes.values() | sort(attribute='unique_id') -%}
        {%- if node.resource_type in ('model', 'seed') -%}
            {%- do parts.append(node.unique_id ~ '=' ~ node.checksum.checksum) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join(','))) }}
{%- endmacro %}
