"""Extraction and metadata in worker processes, with a time limit per document.

A pathological file (a PDF that makes the parser loop, a crash in a native library) must not
hang or kill a bulk run: each job runs in a pool process, and a job that overruns its time
limit gets the whole pool replaced; the jobs queued behind it are submitted again.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from typing import Any

from disclosure_search.engines import DEFAULT_ENGINE
from disclosure_search.models import Disclosure
from indexer import documents
from indexer.reading import Failed, Provenance, Read, read_document

TASKS_PER_WORKER = 2000
PREPARE_BATCH = 256  # disclosures in flight when the workers prepare index documents


@dataclass(frozen=True)
class Job:
    """One document to read; `key` is the caller's, returned with the result."""

    key: Any
    data: bytes
    filename: str
    provenance: Provenance
    original: Path | None = None  # where the raw store keeps these bytes (written first)


class ExtractPool:
    """Reads jobs (extraction, metadata, and the index documents of `engine` when given) in
    `workers` processes, yielding (job, result) in submission order."""

    def __init__(self, workers: int = 2, timeout: float = 120.0, engine: str | None = None) -> None:
        self.workers = max(1, workers)
        self.timeout = timeout
        self.engine = engine
        self._pool: Pool | None = None

    def __enter__(self) -> ExtractPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def _get_pool(self) -> Pool:
        if self._pool is None:
            # forkserver: workers start clean, never inheriting the parent's threads or locks.
            context = multiprocessing.get_context("forkserver")
            # The forkserver builds the matchers once; each worker forks with them built.
            context.set_forkserver_preload(["indexer.warm"])
            # A worker is replaced after TASKS_PER_WORKER documents, so that memory a parser
            # leaks is given back; a new one costs about half a second of imports.
            self._pool = context.Pool(self.workers, maxtasksperchild=TASKS_PER_WORKER)
        return self._pool

    def extract(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, Read | Failed]]:
        window: deque[tuple[Job, AsyncResult]] = deque()
        for job in jobs:
            window.append((job, self._submit(job)))
            if len(window) > 2 * self.workers:
                yield self._collect(window)
        while window:
            yield self._collect(window)

    def prepare(self, disclosures: Iterable[Disclosure]) -> Iterator[tuple[Disclosure, list[Any]]]:
        """Each disclosure with its index documents for the pool's engine, made in the
        workers, in order (no time limit: no parser runs), PREPARE_BATCH at a time so that
        memory stays bounded."""
        make = partial(documents.prepare, engine=self.engine or DEFAULT_ENGINE)
        pending = iter(disclosures)
        while batch := list(itertools.islice(pending, PREPARE_BATCH)):
            yield from zip(batch, self._get_pool().imap(make, batch, chunksize=8), strict=True)

    def _submit(self, job: Job) -> AsyncResult:
        args = (job.data, job.filename, job.provenance, self.engine, job.original)
        return self._get_pool().apply_async(read_document, args)

    def _collect(self, window: deque[tuple[Job, AsyncResult]]) -> tuple[Job, Read | Failed]:
        job, pending = window.popleft()
        try:
            return job, pending.get(timeout=self.timeout)
        except multiprocessing.TimeoutError:
            self.close()
            for i, (queued, _) in enumerate(window):
                window[i] = (queued, self._submit(queued))
            reason = f"too slow: extraction took longer than {self.timeout:g} s"
            return job, Failed("extract", reason)
