"""Bulk ingest: sources -> raw store -> extract -> metadata -> index, never stopping for one.

Each source is recorded in the ledger only after the index commit that holds it, so a run
killed at any point is finished by running it again, with nothing duplicated or lost.
Files and crawled pages both come through `ingest_items`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from disclosure_search.config import Limits, Settings
from disclosure_search.errors import DisclosureSearchError
from disclosure_search.search import SearchIndex
from indexer.copies import Copies, place_copy
from indexer.items import Item, read_items
from indexer.lock import writer_lock
from indexer.quoting import letter_text, letters_printing
from indexer.reading import Failed, Provenance, Read
from indexer.similar import Request, SignatureStore
from indexer.state import Ledger, SourceState
from indexer.store import sha256_of
from indexer.workers import ExtractPool, Job
from indexer.writer import DisclosureWriter

INDEXED = "indexed"
UNCHANGED = "unchanged"
FAILED = "failed"


@dataclass(frozen=True)
class Failure:
    source: str
    stage: str
    reason: str


@dataclass
class IngestReport:
    """What a run did, for the summary line and the exit code."""

    indexed: int = 0
    unchanged: int = 0
    failures: list[Failure] = field(default_factory=list)
    disclosures: int = 0

    @property
    def failed(self) -> int:
        return len(self.failures)

    def summary(self) -> str:
        return f"indexed {self.indexed}, unchanged {self.unchanged}, failed {self.failed}"


def ingest_paths(
    settings: Settings,
    paths: Iterable[str | Path],
    retry_failed: bool = False,
    on_file: Callable[[str, str], None] | None = None,
    limits: Limits | None = None,
) -> IngestReport:
    """Ingest every file under `paths`; `on_file(source, outcome)` is called once per file."""
    limits = limits or Limits.from_env()
    return ingest_items(settings, read_items(paths, limits), retry_failed, on_file, limits)


def ingest_items(
    settings: Settings,
    items: Iterable[Item],
    retry_failed: bool = False,
    on_item: Callable[[str, str], None] | None = None,
    limits: Limits | None = None,
) -> IngestReport:
    """Ingest items (files or fetched documents) into the data home."""
    run = _Run(
        settings, retry_failed, on_item or (lambda _s, _o: None), limits or Limits.from_env()
    )
    return run.go(items)


@dataclass
class _Pending:
    """A source whose disclosures are written but not yet committed."""

    item: Item
    sha256: str
    doc_ids: list[str]
    note: str | None = None
    forget: list[str] = field(default_factory=list)  # sources of a moved file's old paths


class _Run:
    """One ingest run: the ledger, the writer and the worker pool it shares across items."""

    def __init__(
        self,
        settings: Settings,
        retry_failed: bool,
        on_item: Callable[[str, str], None],
        limits: Limits,
    ) -> None:
        self.settings = settings
        self.retry_failed = retry_failed
        self.on_item = on_item
        self.limits = limits
        self.report = IngestReport()
        self.pending: list[_Pending] = []
        self.written: list[Request] = []
        self.dropped: list[str] = []
        self.later: list[Item] = []  # copies of a file still being extracted

    def go(self, items: Iterable[Item]) -> IngestReport:
        with (
            writer_lock(self.settings, self.limits.lock_wait),
            Ledger(self.settings) as self.ledger,
            closing(SignatureStore(self.settings)) as self.signatures,
        ):
            self.writer = DisclosureWriter(self.settings, self.limits.writer_mb)
            self.copies = Copies(self.ledger)
            # The workers prepare the index documents of the writer's engine.
            with ExtractPool(self.limits.workers, self.limits.timeout, self.writer.engine) as pool:
                try:
                    self.write_all(pool, items)
                except BaseException:
                    self.writer.cancel()
                    raise
        return self.report

    def write_all(self, pool: ExtractPool, items: Iterable[Item]) -> None:
        for job, result in pool.extract(self.jobs(items)):
            self.index(job, result)
            if self.writer.pending >= self.limits.batch:
                self.commit()
        # Copies of files extracted in this run join them now that their ids are known.
        copies = (self.settle(item, wait=False) for item in self.later)
        for job, result in pool.extract(job for job in copies if job):
            self.index(job, result)
        self.commit()
        self.regroup(pool)
        self.writer.compact(self.limits.segments)

    def jobs(self, items: Iterable[Item]) -> Iterator[Job]:
        """Items that need extracting; the rest are settled here (unchanged, copies of what is
        indexed already, failed early) or wait in `later` (copies of a file being extracted)."""
        for item in items:
            if job := self.settle(item):
                yield job

    def settle(self, item: Item, wait: bool = True) -> Job | None:
        """The extraction job for `item`, or None when it is settled without one."""
        previous = self.ledger.get(item.source)
        old_ids = list(previous.doc_ids if previous else item.replaces)
        if item.data is None:
            self.fail(item, None, "read", item.error or "no data", old_ids)
            return None
        sha = sha256_of(item.data)
        if previous and previous.sha256 == sha:
            if previous.status == INDEXED:
                self.report.unchanged += 1
                self.on_item(item.source, UNCHANGED)
                return None
            if not self.retry_failed:
                # Unchanged bytes would fail the same way, unless a missing tool was
                # installed since: say so rather than silently retrying every run.
                reason = f"{previous.reason} (unchanged since; --retry-failed tries again)"
                self.report.failures.append(Failure(item.source, previous.stage or "?", reason))
                self.on_item(item.source, FAILED)
                return None
        if item.local and wait and sha in self.copies.extracting:
            self.later.append(item)
            return None
        if previous and previous.sha256 != sha and item.local:
            old_ids = self.release(item, previous)
        if item.local and (twins := self.copies.twins(item, sha)):
            self.adopt(item, sha, twins, old_ids)
            return None
        if item.local:
            self.copies.extracting.add(sha)
        key = (dataclasses.replace(item, data=None), sha, old_ids)
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        provenance = Provenance(item.shown or item.source, sha, fetched_at, item.local, item.hints)
        # The worker keeps the original in the raw store before it reads it.
        return Job(key, item.data, item.filename, provenance, self.settings.original_path(sha))

    def release(self, item: Item, previous: SourceState) -> list[str]:
        """The disclosures of a changed file's previous bytes, to delete: none while another
        file still holds those bytes (they stay, without this file's location)."""
        holders = self.copies.holders(item, previous)
        for doc_id in previous.doc_ids if holders else ():
            self.writer.relocate(doc_id, holders, {item.shown, item.source})
        return [] if holders else list(previous.doc_ids)

    def adopt(self, item: Item, sha: str, twins: list[SourceState], old_ids: list[str]) -> None:
        """These bytes are indexed already, from another path: the file is a copy (every path
        is kept as a location) or the same file moved (paths that are gone are let go)."""
        placed = place_copy(item.shown, twins)
        released = [i for i in old_ids if i not in placed.doc_ids]
        successor = placed.doc_ids[0] if len(released) == len(placed.doc_ids) == 1 else None
        self.writer.retire(released, successor)
        self.dropped += released
        for doc_id in placed.doc_ids:
            self.writer.relocate(doc_id, placed.places, placed.former)
        self.pending.append(_Pending(item, sha, placed.doc_ids, forget=placed.gone))
        self.report.unchanged += 1
        self.on_item(item.source, UNCHANGED)

    def index(self, job: Job, result: Read | Failed) -> None:
        """Write what a worker read; record why it could not be read."""
        item, sha, old_ids = job.key
        if isinstance(result, Failed):
            self.fail(item, sha, result.stage, result.reason, old_ids)
            return
        disclosures = result.disclosures
        try:
            self.writer.replace(old_ids, disclosures, result.prepared)
        except (DisclosureSearchError, ValueError, LookupError, OSError, RecursionError) as exc:
            # An unexpected fault in one document must not stop the run: record it, go on.
            self.fail(item, sha, "index", f"{type(exc).__name__}: {exc}", old_ids)
            return
        if item.local:
            self.copies.note(item, sha, [d.doc_id for d in disclosures])
        self.written += result.requests
        self.dropped += old_ids
        note = result.note
        self.pending.append(_Pending(item, sha, [d.doc_id for d in disclosures], note))
        self.report.disclosures += len(disclosures)
        if note:
            # Indexed by its metadata, but its text is missing: reported so it can be retried.
            self.report.failures.append(Failure(item.source, "extract", note))
            self.on_item(item.source, FAILED)
        else:
            self.report.indexed += 1
            self.on_item(item.source, INDEXED)

    def fail(
        self, item: Item, sha: str | None, stage: str, reason: str, old_ids: list[str]
    ) -> None:
        self.ledger.mark_failed(item.source, sha, stage, reason, old_ids, item.origin)
        self.report.failures.append(Failure(item.source, stage, reason))
        self.on_item(item.source, FAILED)

    def regroup(self, pool: ExtractPool) -> None:
        """Put disclosures in their round-robin groups (see indexer.similar) when signatures
        changed: in this run, or in one killed before it could regroup. The workers prepare
        the changed disclosures' index documents, as they do for new ones."""
        if not self.signatures.needs_regroup():
            return
        index = SearchIndex(self.settings)  # the committed index: every letter of this run
        changes = self.signatures.regroup(
            read_text=partial(letter_text, self.settings),
            find_quoting=partial(letters_printing, index),
        )
        # force: a killed regroup may have rewritten the record but not the index.
        changed = (self.writer.updated(i, force=True, group=g) for i, g in changes.items())
        for disclosure, documents in pool.prepare(d for d in changed if d):
            self.writer.rewrite(disclosure, documents)
        self.writer.commit()
        self.signatures.save_groups(changes)

    def commit(self) -> None:
        """Make the batch searchable, then (and only then) record its sources and signatures."""
        self.writer.commit()
        if self.written or self.dropped:
            kept = {request[0] for request in self.written}
            self.signatures.put(self.written, [i for i in self.dropped if i not in kept])
            self.written, self.dropped = [], []
        with self.ledger.batch():
            for p in self.pending:
                for gone in p.forget:
                    self.ledger.forget(gone)
                if p.note:
                    self.ledger.mark_failed(
                        p.item.source, p.sha256, "extract", p.note, p.doc_ids, p.item.origin
                    )
                else:
                    self.ledger.mark_indexed(p.item.source, p.sha256, p.doc_ids, p.item.origin)
        self.pending.clear()
