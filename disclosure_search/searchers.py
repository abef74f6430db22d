"""The index, opened in one place, and searchers kept open between searches.

Opening a Whoosh searcher opens every segment's files and reads their tables of contents:
on a server that is paid on every request unless searchers are kept. A searcher is not safe
to share between threads (a segment file is read with seek then read), so each search takes
an idle one from the pool, or opens one, and puts it back when done. When an ingest commits
a new generation, the index is reopened and searchers of older generations are closed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index

from disclosure_search.config import TUNING
from disclosure_search.indexfiles import index_exists, open_index


class IndexHandle:
    """The index at `path`, reopened when its generation changes, with a searcher pool."""

    def __init__(self, path: Path, size: int = TUNING.searchers) -> None:
        self.path = path
        self._size = size
        self._lock = threading.Lock()
        self._index: index.Index | None = None
        self._generation = -1
        self._idle: list[Any] = []

    def exists(self) -> bool:
        """Whether there is an index at `path` yet."""
        return index_exists(self.path)

    def open(self) -> index.Index:
        """The index at its latest generation; NoIndexError when there is none."""
        with self._lock:
            return self._latest()[0]

    def generation(self) -> int:
        """The latest generation (it changes whenever an ingest commits)."""
        with self._lock:
            return self._latest()[1]

    def _latest(self) -> tuple[index.Index, int]:
        """(index, generation), reopened if an ingest committed; stale idle searchers go.
        Called with the lock held."""
        current = self.exists() and self._index is not None
        if not current or self._index.latest_generation() != self._generation:
            self._index = open_index(self.path)  # NoIndexError, saying what to run, if none
            self._generation = self._index.latest_generation()
            stale, self._idle = self._idle, []
            for old in stale:
                old.close()
        return self._index, self._generation

    @contextmanager
    def searcher(self) -> Iterator[Any]:
        """A searcher of the latest generation, for the duration of the `with` block."""
        with self._lock:
            ix, generation = self._latest()
            searcher = self._idle.pop() if self._idle else None
        if searcher is None:
            searcher = ix.searcher()
        try:
            yield searcher
        finally:
            self._give_back(searcher, generation)

    def _give_back(self, searcher: Any, generation: int) -> None:
        with self._lock:
            # A searcher opened just as an ingest committed may read a newer generation
            # than the one asked for: keep only those of the generation now current.
            keep = (
                generation == self._generation
                and searcher.reader().generation() == generation
                and len(self._idle) < self._size
            )
            if keep:
                self._idle.append(searcher)
        if not keep:
            searcher.close()

    def close(self) -> None:
        """Close every idle searcher (those in use close when given back)."""
        with self._lock:
            idle, self._idle, self._generation = self._idle, [], -1
            self._index = None
        for searcher in idle:
            searcher.close()
