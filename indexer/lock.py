"""One writer at a time per data home: ingests and crawls queue behind each other.

Whoosh allows one index writer; a second one used to die with a raw `LockError`. Every
command that writes (ingest, crawl, rebuild) holds this lock for its whole run instead, so
batches of two runs never interleave. A second writer waits a bounded time, saying who it
waits for, then proceeds or stops with a `WriterBusyError` that names the fix.

The lock is an `flock` on `writer.lock` in the home: the kernel releases it when the holder
exits, so a killed ingest (even by SIGKILL) never leaves a stale lock behind. It is
re-entrant within a process: a crawl holds it for the whole crawl, and the ingest batches the
crawl starts inside it do not wait for themselves.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from disclosure_search.config import Settings
from disclosure_search.errors import HomeError, WriterBusyError
from indexer.state import FIX_HOME

log = logging.getLogger("indexer.lock")
POLL_SECONDS = 0.25
_held: dict[Path, int] = {}  # lock file -> nesting depth, for this process


@contextmanager
def writer_lock(
    settings: Settings, wait: float, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the home's writer lock for the block, waiting up to `wait` seconds for it.

    `on_wait` is told once, when another process holds the lock ("another ingest is running
    (pid N); waiting…"); by default it is logged as a warning, which reaches stderr.
    """
    path = settings.home / "writer.lock"
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    handle = _open(path)
    try:
        _acquire(handle, wait, on_wait or log.warning)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        _held[path] = 1
        try:
            yield
        finally:
            del _held[path]
    finally:
        handle.close()  # closing the file releases the flock


def _open(path: Path):  # noqa: ANN202
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the whole run
    except OSError as exc:
        raise HomeError(f"Cannot open {path} ({exc.strerror or exc}): {FIX_HOME}") from exc


def _acquire(handle, wait: float, on_wait: Callable[[str], None]) -> None:  # noqa: ANN001
    deadline = time.monotonic() + wait
    told = False
    while True:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = _holder(handle)
            if time.monotonic() >= deadline:
                raise WriterBusyError(
                    f"another ingest is still running (pid {holder}) after waiting {wait:g} s:"
                    " run this again when it has finished, or wait longer with"
                    " DISCLOSURE_SEARCH_LOCK_WAIT=SECONDS."
                ) from None
            if not told:
                on_wait(f"another ingest is running (pid {holder}); waiting…")
                told = True
            time.sleep(POLL_SECONDS)


def _holder(handle) -> str:  # noqa: ANN001
    """The pid the holder wrote into the lock file ('?' if it has not written it yet)."""
    handle.seek(0)
    return handle.read().strip() or "?"
