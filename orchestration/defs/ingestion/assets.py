"""Raw assets: one per source, each ingesting whatever the bank feed has landed.

Ingestion is idempotent (re-reading a file adds nothing), so every run simply offers the whole
landing folder; the metadata says how many rows were new, duplicate or quarantined.
"""

import dagster as dg

from ingestion import ingest_paths
from orchestration.resources import BankFeed, WarehouseResource

QUARANTINE_RATE_CHECK = "quarantine_rate_below_5_percent"
MAX_QUARANTINE_RATE = 0.05


def _ingest(source: str, feed: BankFeed, warehouse: WarehouseResource) -> dict[str, int]:
    report = ingest_paths(feed.landing_paths(), warehouse.location, sources={source})
    counts = report.counts(source)
    return {
        "loaded": counts.loaded,
        "duplicate": counts.duplicate,
        "quarantined": counts.quarantined,
        "files": counts.files,
    }


def _result(counts: dict[str, int]) -> dg.MaterializeResult:  # type: ignore[type-arg]
    offered = counts["loaded"] + counts["duplicate"] + counts["quarantined"]
    rate = counts["quarantined"] / offered if offered else 0.0
    return dg.MaterializeResult(
        metadata={f"rows_{name}": dg.MetadataValue.int(value) for name, value in counts.items()},
        check_results=[
            dg.AssetCheckResult(
                check_name=QUARANTINE_RATE_CHECK,
                passed=rate <= MAX_QUARANTINE_RATE,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={"quarantine_rate": dg.MetadataValue.float(round(rate, 4))},
            )
        ],
    )


def _raw_asset(source: str, table: str, description: str) -> dg.AssetsDefinition:
    key = dg.AssetKey(["raw", table])

    @dg.asset(
        key=key,
        group_name="raw",
        kinds={"python", "polars"},
        description=description,
        check_specs=[dg.AssetCheckSpec(QUARANTINE_RATE_CHECK, asset=key)],
    )
    def _asset(bank_feed: BankFeed, warehouse: WarehouseResource) -> dg.MaterializeResult:  # type: ignore[type-arg]
        return _result(_ingest(source, bank_feed, warehouse))

    return _asset


raw_statement_lines = _raw_asset(
    "statement", "statement_lines", "Bank statement rows (HDFC, SBI, ICICI, Axis CSV exports)."
)
raw_sms_messages = _raw_asset(
    "sms",
    "sms_messages",
    "Bank SMS alerts, parsed; messages that move no money are kept aside with a reason.",
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            dg.AssetKey(["raw", "aa_accounts"]),
            group_name="raw",
            kinds={"python"},
            description="Account summaries from AA FI bundles (no holder PII).",
        ),
        dg.AssetSpec(
            dg.AssetKey(["raw", "aa_transactions"]),
            group_name="raw",
            kinds={"python"},
            description="Transactions from AA FI bundles (ReBIT deposit schema).",
        ),
    ],
)
def raw_account_aggregator(bank_feed: BankFeed, warehouse: WarehouseResource):  # type: ignore[no-untyped-def]
    counts = _ingest("aa", bank_feed, warehouse)
    metadata = {f"rows_{name}": dg.MetadataValue.int(value) for name, value in counts.items()}
    yield dg.MaterializeResult(
        asset_key=["raw", "aa_accounts"], metadata={"files": counts["files"]}
    )
    yield dg.MaterializeResult(asset_key=["raw", "aa_transactions"], metadata=metadata)


defs = dg.Definitions(assets=[raw_statement_lines, raw_sms_messages, raw_account_aggregator])
