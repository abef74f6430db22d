"""`ingest --rebuild`: re-create the index and records from the raw store and the ledger.

Every source the ledger knows is read back from the raw store (its bytes by SHA-256) and
ingested again with today's extraction and metadata rules, without the original files or the
network. It migrates an index from an earlier version too: local files get ids from their
bytes, and each old id that maps to one new disclosure becomes a permalink to it.

It resumes after a crash: the queue of sources is kept in the ledger until the end, the
index is emptied once, and sources already rebuilt are found unchanged on the next run.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator

from disclosure_search.config import Limits, Settings
from disclosure_search.engines import engine_of, wanted_engine
from disclosure_search.indexfiles import create_index
from disclosure_search.models import is_web_address
from disclosure_search.records import delete_records_except
from disclosure_search.search import SearchIndex
from indexer.items import Item
from indexer.lock import writer_lock
from indexer.pipeline import IngestReport, ingest_items
from indexer.similar import SignatureStore
from indexer.state import Ledger, SourceState

QUEUED, CLEARED = "queued", "cleared"


def rebuild(
    settings: Settings,
    limits: Limits,
    on_item: Callable[[str, str], None] | None = None,
    engine: str | None = None,
) -> IngestReport:
    """Ingest every known source again from the raw store, into an emptied index built with
    `engine` (by default the engine the index has now)."""
    with writer_lock(settings, limits.lock_wait):
        with Ledger(settings) as ledger:
            if ledger.rebuild_phase() is None:
                ledger.queue_rebuild()
            if ledger.rebuild_phase() == QUEUED:
                empty_index(settings, engine)
                ledger.set_rebuild_phase(CLEARED)
            queue = ledger.rebuild_queue()
        items = read_stored(settings, queue)
        report = ingest_items(settings, items, retry_failed=True, on_item=on_item, limits=limits)
        sweep_records(settings)
        with Ledger(settings) as ledger:
            ledger.set_rebuild_phase(None)
    return report


def queued_count(settings: Settings) -> int:
    """How many sources a rebuild would ingest (for a progress bar)."""
    with Ledger(settings) as ledger:
        if ledger.rebuild_phase() is None:
            return ledger.source_count()
        return len(ledger.rebuild_queue())


def empty_index(settings: Settings, engine: str | None = None) -> None:
    """A new, empty index (with `engine`, else the one it had) and no round-robin
    signatures; records stay until the sweep, so that versions and permalinks can be
    carried over to the rebuilt disclosures."""
    chosen = wanted_engine(engine) if engine else engine_of(settings.index_dir)
    if settings.index_dir.exists():
        shutil.rmtree(settings.index_dir)
    create_index(settings.index_dir, chosen)
    store = SignatureStore(settings)
    try:
        store.clear()
    finally:
        store.close()


def read_stored(settings: Settings, queue: Iterable[SourceState]) -> Iterator[Item]:
    """Each queued source as an item with its bytes from the raw store (or why not)."""
    for state in queue:
        origin = state.origin
        local = not is_web_address(state.source)
        path = settings.original_path(state.sha256 or "")
        data, error = None, None
        try:
            data = path.read_bytes()
        except OSError as exc:
            error = f"original missing from the raw store ({exc.strerror or exc})"
        yield Item(
            state.source, origin.filename, data, error, origin.hints,
            shown=origin.shown if local else "", local=local, replaces=state.doc_ids,
        )  # fmt: skip


def sweep_records(settings: Settings) -> int:
    """Delete records the rebuilt index does not hold (permalinks to successors stay)."""
    held = {doc_id for doc_id, _ in SearchIndex(settings).list_disclosures()}
    return delete_records_except(settings, held)
