"""`ingest_paths`: landing files → ``raw`` tables, the one entry point the CLI and Dagster call.

Files are grouped by source and read in chunks of about `CHUNK_BYTES`, so a folder of thousands of
small files becomes a few large frames and a few inserts, while memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from functools import partial
from pathlib import Path

import polars as pl

from hisaab.settings import WarehouseLocation
from ingestion.aa import read_aa
from ingestion.derive import with_derived_columns
from ingestion.detect import discover
from ingestion.landing import SOURCES, UNRECOGNISED, LandingFile, Source
from ingestion.lineage import finish_quarantine, quarantine_rows, read_with_lineage, utc_now
from ingestion.load import SourceBatch, load_batch
from ingestion.report import FileProblem, IngestReport
from ingestion.sms.batch import read_sms
from ingestion.statements import read_statements
from ingestion.statements.options import StatementOptions, statement_options
from ingestion.warehouse import Warehouse, open_warehouse

# 64 MiB gives every source's batch more rows than a DuckDB row group (122,880): larger inserts
# are written straight to the database file, smaller ones go through the WAL and are written a
# second time by a checkpoint (32 MiB of AA JSON was ~117k rows, and loading AA took 3x longer).
CHUNK_BYTES = 64 * 1024 * 1024

Reader = Callable[[Sequence[LandingFile], datetime], SourceBatch]
READERS: dict[Source, Reader] = {"statement": read_statements, "sms": read_sms, "aa": read_aa}


def ingest_paths(
    paths: Sequence[Path],
    warehouse: WarehouseLocation,
    *,
    person_ref: str | None = None,
    sources: Collection[str] | None = None,
    pdf_passwords: Sequence[str] = (),
    mappings: Sequence[Path] = (),
    mapping_dir: Path | None = None,
) -> IngestReport:
    """Ingest files or folders (recursively) into the warehouse's ``raw`` schema.

    ``person_ref`` owns every file; without it the nearest ``person=<id>`` folder does. ``sources``
    limits the run to some of ``statement``, ``sms``, ``aa``. Re-ingesting adds nothing.
    ``pdf_passwords`` (plus ``HISAAB_PDF_PASSWORDS``) are tried on encrypted PDFs; ``mappings``
    (plus ``mapping_dir``, default ``$HISAAB_HOME/mappings``) describe other banks' statements.
    A bad mapping file raises `MappingError` before anything is read.
    """
    wanted = _wanted(sources)
    options = statement_options(pdf_passwords, mappings, mapping_dir)
    found = discover(paths, person_ref, options.formats)
    report = IngestReport(
        files_seen=len(found.files), missing_paths=[str(p) for p in found.missing]
    )
    readers = _readers(options)
    with open_warehouse(warehouse) as store, BackgroundLoader(store) as loader:
        for source in wanted:
            files = [f for f in found.files if f.source == source]
            _ingest_source(loader, report, readers[source], source, files)
        unrecognised = [f for f in found.files if f.source is None]
        _quarantine_whole(loader, report, UNRECOGNISED, unrecognised)
    return report


def _readers(options: StatementOptions) -> dict[Source, Reader]:
    return {**READERS, "statement": partial(read_statements, options=options)}


def _ingest_source(
    loader: BackgroundLoader,
    report: IngestReport,
    reader: Reader,
    source: Source,
    files: Sequence[LandingFile],
) -> None:
    for chunk in _chunks([f for f in files if f.readable]):
        ingested_at = utc_now()  # one per batch: it identifies the batch's rows
        batch = reader(chunk, ingested_at)
        batch.tables = {
            table: with_derived_columns(table, rows) for table, rows in batch.tables.items()
        }
        loader.submit(batch, ingested_at, report)
    _quarantine_whole(loader, report, source, [f for f in files if not f.readable])


def _quarantine_whole(
    loader: BackgroundLoader, report: IngestReport, source: str, files: Sequence[LandingFile]
) -> None:
    """Files no parser may read (unrecognised, no owner) go to quarantine as one row each."""
    if not files:
        return
    ingested_at = utc_now()
    lineages = [read_with_lineage(i, f.path, f.person_ref)[0] for i, f in enumerate(files)]
    problems = quarantine_rows(
        [(i, 0, None, f.problem or UNRECOGNISED) for i, f in enumerate(files)]
    )
    quarantine = finish_quarantine(problems, lineages, source, ingested_at)
    loader.submit(SourceBatch(source, lineages, {}, quarantine), ingested_at, report)
    report.file_problems += [FileProblem(str(f.path), source, f.problem or "") for f in files]


class BackgroundLoader:
    """Loads batches on one worker thread while the caller parses the next chunk.

    polars, DuckDB and psycopg release the GIL while they work, so parsing and the warehouse
    write overlap instead of adding up. At most one batch waits; counts reach the report in
    submission order, and a failed load raises in the caller.
    """

    def __init__(self, store: Warehouse) -> None:
        self.store = store
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-load")
        self.pending: tuple[Future[pl.DataFrame], str, IngestReport] | None = None

    def submit(self, batch: SourceBatch, ingested_at: datetime, report: IngestReport) -> None:
        self.wait()
        future = self.executor.submit(load_batch, self.store, batch, ingested_at)
        self.pending = (future, batch.source, report)

    def wait(self) -> None:
        if self.pending is None:
            return
        future, source, report = self.pending
        self.pending = None
        outcomes = future.result()
        if source in report.sources:
            report.sources[source].add(outcomes)

    def __enter__(self) -> BackgroundLoader:
        return self

    def __exit__(self, error_type: type[BaseException] | None, *rest: object) -> None:
        try:
            if error_type is None:
                self.wait()
            elif self.pending is not None:  # let it finish; the caller's error is the one to see
                self.pending[0].exception()
        finally:
            self.executor.shutdown(wait=True)


def _chunks(files: Sequence[LandingFile]) -> Iterator[list[LandingFile]]:
    chunk: list[LandingFile] = []
    size = 0
    for file in files:
        chunk.append(file)
        size += file.path.stat().st_size
        if size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _wanted(sources: Collection[str] | None) -> list[Source]:
    if sources is None:
        return list(SOURCES)
    unknown = set(sources) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown source(s) {sorted(unknown)}; choose from {list(SOURCES)}")
    return [s for s in SOURCES if s in sources]
