"""Whoosh under the DisclosureWriter: deletes and adds index documents, commits, compacts."""

from __future__ import annotations

from functools import partial
from typing import Any

from whoosh.writing import IndexWriter as WhooshWriter

from disclosure_search import schema as S
from disclosure_search.config import Settings
from disclosure_search.indexfiles import open_or_create_index


class WhooshIndexWriter:
    """One Whoosh writer per batch, opened on the first change after a commit."""

    def __init__(self, settings: Settings, memory_mb: int = 256) -> None:
        self.memory_mb = memory_mb
        self._index = open_or_create_index(settings.index_dir)
        self._writer: WhooshWriter | None = None

    def _w(self) -> WhooshWriter:
        if self._writer is None:
            # compound=False: separate segment files are mapped, not copied into memory.
            self._writer = self._index.writer(limitmb=self.memory_mb, compound=False)
        return self._writer

    def delete(self, doc_id: str) -> None:
        """Remove a disclosure's documents (itself, its parts and questions)."""
        self._w().delete_by_term(S.DOC_ID, doc_id)

    def add(self, documents: list[dict]) -> None:
        """Add a disclosure's index documents (see indexer.documents.prepare)."""
        writer = self._w()
        for document in documents:
            writer.add_document(**document)

    def commit(self) -> None:
        """Make the batch searchable."""
        if self._writer is not None:
            self._writer.commit(merge=True)
            self._writer = None

    def compact(self, max_segments: int) -> None:
        """Merge the smallest segments until at most `max_segments` remain. A search walks
        every segment, and the merges at each commit (Whoosh's MERGE_SMALL) leave several;
        merging the smallest rewrites the least, and the largest stay as they are."""
        if self._writer is not None:
            raise RuntimeError("commit before compacting")
        with self._index.reader() as reader:
            if len(reader.leaf_readers()) <= max_segments:
                return
        writer = self._index.writer(limitmb=self.memory_mb, compound=False)
        writer.commit(mergetype=partial(merge_smallest, keep=max_segments))

    def cancel(self) -> None:
        """Drop the uncommitted batch."""
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None


def merge_smallest(writer: WhooshWriter, segments: list[Any], keep: int) -> list[Any]:
    """A Whoosh merge policy: the smallest segments become one, so that `keep` remain."""
    from whoosh.reading import SegmentReader

    if len(segments) <= keep:
        return segments
    by_size = sorted(segments, key=lambda segment: segment.doc_count_all())
    merged, kept = by_size[: len(segments) - keep + 1], by_size[len(segments) - keep + 1 :]
    for segment in merged:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return kept
