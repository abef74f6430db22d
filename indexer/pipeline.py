"""Bulk ingest: sources -> raw store -> extract -> metadata -> index, never stopping for one.

Each source is recorded in the ledger only after the index commit that holds it, so a run
killed at any point is finished by running it again, with nothing duplicated or lost.
Files and crawled pages both come through `ingest_items`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from disclosure_search.config import Limits, Settings
from disclosure_search.errors import DisclosureSearchError, ExtractError
from indexer.extract.result import Extracted
from indexer.metadata import build_disclosures
from indexer.similar import Request, SignatureStore, request_of
from indexer.state import Ledger
from indexer.store import sha256_of, write_original
from indexer.workers import ExtractPool, Job
from indexer.writer import DisclosureWriter

BATCH_SIZE = 200
IGNORE_FILE = ".ingestignore"

INDEXED = "indexed"
UNCHANGED = "unchanged"
FAILED = "failed"


@dataclass(frozen=True)
class Item:
    """One thing to ingest: its source (path or URL), a file name, and its bytes or why not."""

    source: str
    filename: str
    data: bytes | None = None
    error: str | None = None
    # Facts known from where the item came from (a crawl source's "authority"); what the
    # document itself declares takes precedence.
    hints: tuple[tuple[str, str], ...] = ()


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


def find_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files under `paths`, recursively, in a stable order.

    Hidden files are skipped, and so are files matching a glob pattern listed in an
    `.ingestignore` file in their folder (for manifests kept beside the documents).
    """
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        for child in sorted(path.rglob("*")):
            relative = child.relative_to(path)
            hidden = any(p.startswith(".") for p in relative.parts)
            if child.is_file() and not hidden and not ignored(child):
                yield child


def ignored(path: Path) -> bool:
    rules = path.parent / IGNORE_FILE
    if not rules.is_file():
        return False
    patterns = [line.strip() for line in rules.read_text().splitlines()]
    return any(path.match(p) for p in patterns if p and not p.startswith("#"))


def read_items(paths: Iterable[str | Path], limits: Limits) -> Iterator[Item]:
    """Files as items, read lazily; unreadable or oversized files carry their error."""
    for path in find_files(paths):
        source = str(path.resolve())
        try:
            size = path.stat().st_size
            if size > limits.max_bytes:
                limit_mb = limits.max_bytes / 1024 / 1024
                yield Item(
                    source, path.name, error=f"too large: {size:,} bytes (limit {limit_mb:g} MB)"
                )
                continue
            yield Item(source, path.name, data=path.read_bytes())
        except OSError as exc:
            yield Item(source, path.name, error=f"cannot read: {exc.strerror or exc}")


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

    source: str
    sha256: str
    doc_ids: list[str]
    note: str | None = None


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

    def go(self, items: Iterable[Item]) -> IngestReport:
        self.writer = DisclosureWriter(self.settings)
        with (
            Ledger(self.settings) as self.ledger,
            ExtractPool(self.limits.workers, self.limits.timeout) as pool,
        ):
            try:
                for job, result in pool.extract(self.jobs(items)):
                    self.index(job, result)
                    if self.writer.pending >= BATCH_SIZE:
                        self.commit()
                self.commit()
                self.regroup()
            except BaseException:
                self.writer.cancel()
                raise
        return self.report

    def jobs(self, items: Iterable[Item]) -> Iterator[Job]:
        """Items that need extracting; the rest are settled here (unchanged, failed early)."""
        for item in items:
            previous = self.ledger.get(item.source)
            old_ids = list(previous.doc_ids) if previous else []
            if item.data is None:
                self.fail(item.source, None, "read", item.error or "no data", old_ids)
                continue
            sha = sha256_of(item.data)
            if previous and previous.sha256 == sha:
                if previous.status == INDEXED:
                    self.report.unchanged += 1
                    self.on_item(item.source, UNCHANGED)
                    continue
                if not self.retry_failed:
                    # Unchanged bytes would fail the same way, unless a missing tool was
                    # installed since: say so rather than silently retrying every run.
                    reason = f"{previous.reason} (unchanged since; --retry-failed tries again)"
                    self.report.failures.append(Failure(item.source, previous.stage or "?", reason))
                    self.on_item(item.source, FAILED)
                    continue
            write_original(self.settings, item.data)
            yield Job((item.source, sha, old_ids, item.hints), item.data, item.filename)

    def index(self, job: Job, result: Extracted | ExtractError) -> None:
        source, sha, old_ids, known = job.key
        if isinstance(result, ExtractError):
            self.fail(source, sha, "extract", str(result), old_ids)
            return
        stage = "metadata"
        try:
            fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
            result = dataclasses.replace(result, hints={**dict(known), **result.hints})
            disclosures = build_disclosures(result, source, sha, fetched_at)
            stage = "index"
            self.writer.replace(old_ids, disclosures)
            self.written += [request_of(d) for d in disclosures]
            self.dropped += old_ids
        except (DisclosureSearchError, ValueError, LookupError, OSError, RecursionError) as exc:
            # An unexpected fault in one document must not stop the run: record it, go on.
            self.fail(source, sha, stage, f"{type(exc).__name__}: {exc}", old_ids)
            return
        note = result.hints.get("needs_ocr")
        self.pending.append(_Pending(source, sha, [d.doc_id for d in disclosures], note))
        self.report.disclosures += len(disclosures)
        if note:
            # Indexed by its metadata, but its text is missing: reported so it can be retried.
            self.report.failures.append(Failure(source, "extract", note))
            self.on_item(source, FAILED)
        else:
            self.report.indexed += 1
            self.on_item(source, INDEXED)

    def fail(
        self, source: str, sha: str | None, stage: str, reason: str, old_ids: list[str]
    ) -> None:
        self.ledger.mark_failed(source, sha, stage, reason, old_ids)
        self.report.failures.append(Failure(source, stage, reason))
        self.on_item(source, FAILED)

    def regroup(self) -> None:
        """Put this run's disclosures in their round-robin groups (see indexer.similar)."""
        if not self.written and not self.dropped:
            return
        store = SignatureStore(self.settings)
        try:
            kept = {doc_id for doc_id, _, _ in self.written}
            store.put(self.written, [i for i in self.dropped if i not in kept])
            for doc_id, group in store.regroup().items():
                self.writer.update(doc_id, group=group)
            self.writer.commit()
        finally:
            store.close()

    def commit(self) -> None:
        """Make the batch searchable, then (and only then) record its sources."""
        self.writer.commit()
        for p in self.pending:
            if p.note:
                self.ledger.mark_failed(p.source, p.sha256, "extract", p.note, p.doc_ids)
            else:
                self.ledger.mark_indexed(p.source, p.sha256, p.doc_ids)
        self.pending.clear()
