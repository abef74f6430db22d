"""tantivy under the DisclosureWriter: deletes and adds index documents, commits.

A tantivy writer holds the index's writer lock until it is dropped, so one is opened on the
first change after a commit and let go at the commit (after its merges finish), as the
Whoosh writer is: a search in another process never waits for it, and the next ingest can
write. tantivy merges segments by its own log merge policy, so `compact` has nothing to do.
"""

from __future__ import annotations

from typing import Any

from disclosure_search import schema as S
from disclosure_search.config import Settings
from disclosure_search.tantivy_index import open_or_create_tantivy

# Indexing threads: the main process writes while the extraction workers use the cores.
WRITER_THREADS = 1


class TantivyIndexWriter:
    """One tantivy writer per batch."""

    def __init__(self, settings: Settings, memory_mb: int = 256) -> None:
        self.memory_mb = memory_mb
        self._index = open_or_create_tantivy(settings.index_dir)
        self._writer: Any = None

    def _w(self) -> Any:
        if self._writer is None:
            heap = max(16, self.memory_mb) * 2**20
            self._writer = self._index.writer(heap_size=heap, num_threads=WRITER_THREADS)
        return self._writer

    def delete(self, doc_id: str) -> None:
        """Remove a disclosure's documents (itself, its parts and questions). Documents added
        later in the same batch are kept: a delete reaches only those added before it."""
        self._w().delete_documents_by_term(S.DOC_ID, doc_id)

    def add(self, documents: list[Any]) -> None:
        """Add a disclosure's tantivy documents (see indexer.documents.prepare)."""
        writer = self._w()
        for document in documents:
            writer.add_document(document)

    def commit(self) -> None:
        """Make the batch searchable, and let the writer (and its lock) go."""
        if self._writer is not None:
            self._writer.commit()
            self._writer.wait_merging_threads()
            self._writer = None

    def compact(self, max_segments: int) -> None:
        """Nothing to do: tantivy's merge policy keeps the segment count down at commits."""
        if self._writer is not None:
            raise RuntimeError("commit before compacting")

    def cancel(self) -> None:
        """Drop the uncommitted batch."""
        if self._writer is not None:
            self._writer.rollback()
            self._writer = None
