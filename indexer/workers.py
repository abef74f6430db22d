"""Extraction in worker processes, with a time limit per document.

A pathological file (a PDF that makes the parser loop, a crash in a native library) must not
hang or kill a bulk run: each job runs in a pool process, and a job that overruns its time
limit gets the whole pool replaced; the jobs queued behind it are submitted again.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.pool import AsyncResult, Pool
from typing import Any

from disclosure_search.errors import ExtractError
from indexer.extract import extract_document
from indexer.extract.result import Extracted


@dataclass(frozen=True)
class Job:
    """One document to extract; `key` is the caller's, returned with the result."""

    key: Any
    data: bytes
    filename: str


def run_job(data: bytes, filename: str) -> Extracted | ExtractError:
    """Runs in a worker: never raises, so one document's fault stays its own."""
    try:
        return extract_document(data, filename)
    except ExtractError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - any fault in any parser belongs to the document
        return ExtractError(f"extractor crashed: {type(exc).__name__}: {exc}")


class ExtractPool:
    """Extracts jobs in `workers` processes, yielding (job, result) in submission order."""

    def __init__(self, workers: int = 2, timeout: float = 120.0) -> None:
        self.workers = max(1, workers)
        self.timeout = timeout
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
            self._pool = context.Pool(self.workers, maxtasksperchild=200)
        return self._pool

    def extract(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, Extracted | ExtractError]]:
        window: deque[tuple[Job, AsyncResult]] = deque()
        for job in jobs:
            window.append((job, self._submit(job)))
            if len(window) > 2 * self.workers:
                yield self._collect(window)
        while window:
            yield self._collect(window)

    def _submit(self, job: Job) -> AsyncResult:
        return self._get_pool().apply_async(run_job, (job.data, job.filename))

    def _collect(
        self, window: deque[tuple[Job, AsyncResult]]
    ) -> tuple[Job, Extracted | ExtractError]:
        job, pending = window.popleft()
        try:
            return job, pending.get(timeout=self.timeout)
        except multiprocessing.TimeoutError:
            self.close()
            for i, (queued, _) in enumerate(window):
                window[i] = (queued, self._submit(queued))
            reason = f"too slow: extraction took longer than {self.timeout:g} s"
            return job, ExtractError(reason)
