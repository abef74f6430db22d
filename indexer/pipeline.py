"""Bulk ingest: files -> raw store -> extract -> metadata -> index, never stopping for one file.

Each source is recorded in the ledger only after the index commit that holds it, so a run
killed at any point is finished by running it again, with nothing duplicated or lost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from disclosure_search.config import Settings
from disclosure_search.errors import DisclosureSearchError, ExtractError
from indexer.extract import extract_document
from indexer.metadata import build_disclosures
from indexer.state import Ledger
from indexer.store import sha256_of, write_original
from indexer.writer import DisclosureWriter

BATCH_SIZE = 200

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


IGNORE_FILE = ".ingestignore"


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


def ingest_paths(
    settings: Settings,
    paths: Iterable[str | Path],
    retry_failed: bool = False,
    on_file: Callable[[Path, str], None] | None = None,
) -> IngestReport:
    """Ingest every file under `paths` into the data home; `on_file(path, outcome)` per file."""
    report = IngestReport()
    writer = DisclosureWriter(settings)
    done: list[tuple[str, str, list[str]]] = []
    with Ledger(settings) as ledger:
        try:
            for path in find_files(paths):
                outcome = ingest_file(settings, ledger, writer, path, retry_failed, report, done)
                if writer.pending >= BATCH_SIZE:
                    commit(writer, ledger, done)
                if on_file:
                    on_file(path, outcome)
            commit(writer, ledger, done)
        except BaseException:
            writer.cancel()
            raise
    return report


def ingest_file(
    settings: Settings,
    ledger: Ledger,
    writer: DisclosureWriter,
    path: Path,
    retry_failed: bool,
    report: IngestReport,
    done: list[tuple[str, str, list[str]]],
) -> str:
    """Process one file; returns indexed, unchanged or failed. Never raises for bad input."""
    source = str(path.resolve())
    try:
        data = path.read_bytes()
    except OSError as exc:
        return fail(ledger, report, source, None, "read", exc.strerror or str(exc), [])
    sha = sha256_of(data)
    previous = ledger.get(source)
    old_ids = list(previous.doc_ids) if previous else []
    if previous and previous.sha256 == sha:
        if previous.status == INDEXED:
            report.unchanged += 1
            return UNCHANGED
        if not retry_failed:
            report.failures.append(Failure(source, previous.stage or "?", previous.reason or "?"))
            return FAILED
    write_original(settings, data)
    stage = "extract"
    try:
        extracted = extract_document(data, path.name)
        stage = "metadata"
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        disclosures = build_disclosures(extracted, source, sha, fetched_at)
        stage = "index"
        writer.replace(old_ids, disclosures)
    except ExtractError as exc:
        return fail(ledger, report, source, sha, stage, str(exc), old_ids)
    except (DisclosureSearchError, ValueError, LookupError, OSError, RecursionError) as exc:
        # An unexpected fault in one document must not stop the run: record it and go on.
        reason = f"{type(exc).__name__}: {exc}"
        return fail(ledger, report, source, sha, stage, reason, old_ids)
    done.append((source, sha, [d.doc_id for d in disclosures]))
    report.indexed += 1
    report.disclosures += len(disclosures)
    return INDEXED


def fail(
    ledger: Ledger,
    report: IngestReport,
    source: str,
    sha: str | None,
    stage: str,
    reason: str,
    old_ids: list[str],
) -> str:
    ledger.mark_failed(source, sha, stage, reason, old_ids)
    report.failures.append(Failure(source, stage, reason))
    return FAILED


def commit(
    writer: DisclosureWriter, ledger: Ledger, done: list[tuple[str, str, list[str]]]
) -> None:
    """Make the batch searchable, then (and only then) record its sources as indexed."""
    writer.commit()
    for source, sha, doc_ids in done:
        ledger.mark_indexed(source, sha, doc_ids)
    done.clear()
