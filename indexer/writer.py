"""The index writer: the one place that writes the index (through its engine), and the
records store beside it."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from disclosure_search.config import Settings
from disclosure_search.engines import choose_engine
from disclosure_search.errors import NotFoundError
from disclosure_search.models import Disclosure, Version
from disclosure_search.records import delete_record, read_record, write_alias, write_record
from indexer.documents import prepare
from indexer.whoosh_writer import WhooshIndexWriter


class DisclosureWriter:
    """Batches disclosures into one index writer; `commit()` makes them searchable.

    Re-adding a doc_id replaces it and all its parts, so re-runs update and never duplicate.
    The index is written by the engine it was built with (see disclosure_search.engines).
    """

    def __init__(self, settings: Settings, memory_mb: int = 256) -> None:
        self.settings = settings
        self.memory_mb = memory_mb
        self.engine = choose_engine(settings.index_dir, None)
        self._index = open_index_writer(settings, self.engine, memory_mb)
        self.pending = 0
        # Records of replaced disclosures go only after the commit, so that a search still
        # reading the previous index generation can open every disclosure it finds.
        self._retired: dict[str, str | None] = {}  # old id -> its successor, if any

    def replace(
        self,
        old_doc_ids: list[str],
        disclosures: list[Disclosure],
        prepared: list[list[Any]] | None = None,
    ) -> None:
        """Remove `old_doc_ids` (a source's previous disclosures) and add `disclosures`, with
        their index documents when they were `prepared` already (see indexer.documents).

        A disclosure whose content changed keeps the earlier content in `versions`. When one
        disclosure replaces one under another id (a local file's id follows its bytes), the
        old id becomes a permalink to the new one and its versions are carried over.
        """
        new_ids = {d.doc_id for d in disclosures}
        successor = disclosures[0].doc_id if len(old_doc_ids) == len(disclosures) == 1 else None
        self.retire([i for i in old_doc_ids if i not in new_ids], successor)
        for doc_id in new_ids:  # replaced in place (or the same bytes seen again)
            self._index.delete(doc_id)
        for n, disclosure in enumerate(disclosures):
            earlier = old_doc_ids[0] if successor else None
            disclosure = with_history(self.settings, disclosure, earlier)
            write_record(self.settings, disclosure)
            self._index.add(prepared[n] if prepared else prepare(disclosure, self.engine))
        self.pending += len(disclosures)

    def retire(self, doc_ids: list[str], successor: str | None = None) -> None:
        """Remove disclosures from the index; at the commit their records go, or become
        permalinks to `successor` (the disclosure that replaces them)."""
        for doc_id in doc_ids:
            self._index.delete(doc_id)
        self._retired.update(dict.fromkeys(doc_ids, successor))

    def set_removed(self, doc_ids: list[str], removed: bool = True) -> None:
        """Flag disclosures whose source left its log (still searchable), or unflag them."""
        for doc_id in doc_ids:
            self.update(doc_id, removed=removed)

    def update(self, doc_id: str, force: bool = False, **changes: object) -> None:
        """Change stored fields of one disclosure (record and index); unknown ids are skipped.
        `force` rewrites the index even when the record already holds the changes."""
        if changed := self.updated(doc_id, force, **changes):
            self.rewrite(changed)

    def updated(self, doc_id: str, force: bool = False, **changes: object) -> Disclosure | None:
        """The disclosure `doc_id` with `changes`, to `rewrite`; None when there is nothing to
        rewrite: an unknown id, an old permalink (its successor is updated under its own id),
        or a record that holds the changes already (unless `force`)."""
        try:
            record = read_record(self.settings, doc_id)
        except NotFoundError:
            return None
        changed = dataclasses.replace(record, **changes)
        if record.doc_id != doc_id or (changed == record and not force):
            return None
        return changed

    def rewrite(self, changed: Disclosure, documents: list[Any] | None = None) -> None:
        """Write a changed disclosure's record and its index documents: `documents` when the
        workers prepared them, else made here."""
        write_record(self.settings, changed)
        self._index.delete(changed.doc_id)
        self._index.add(documents or prepare(changed, self.engine))
        self.pending += 1

    def relocate(self, doc_id: str, places: tuple[str, ...], former: Iterable[str]) -> None:
        """Record that a disclosure's bytes now live at `places` (the one shown first); its
        source becomes `places[0]` when it was one of the `former` paths (now gone)."""
        try:
            record = read_record(self.settings, doc_id)
        except NotFoundError:
            return
        if record.source not in set(former):
            # Locations are not indexed: the record alone changes (and the disclosure may
            # still be uncommitted in this batch, where the index cannot replace it).
            write_record(self.settings, dataclasses.replace(record, locations=places))
            return
        self.update(doc_id, source=places[0], locations=places)

    def commit(self) -> None:
        self._index.commit()
        for doc_id, successor in self._retired.items():
            if successor:
                write_alias(self.settings, doc_id, successor)
            else:
                delete_record(self.settings, doc_id)
        self._retired.clear()
        self.pending = 0

    def compact(self, max_segments: int) -> None:
        """Leave at most `max_segments` index segments (Whoosh; tantivy merges by itself)."""
        self._index.compact(max_segments)

    def cancel(self) -> None:
        self._index.cancel()
        self._retired.clear()


def open_index_writer(settings: Settings, engine: str, memory_mb: int) -> Any:
    """The engine's index writer for the data home (its index created if there is none)."""
    if engine == "tantivy":
        from indexer.tantivy_writer import TantivyIndexWriter

        return TantivyIndexWriter(settings, memory_mb)
    return WhooshIndexWriter(settings, memory_mb)


def with_history(settings: Settings, new: Disclosure, earlier: str | None = None) -> Disclosure:
    """`new` with the stored record's earlier contents carried into `versions`: the record
    under its own id, else the one under `earlier` (the id it replaces)."""
    try:
        old = read_record(settings, new.doc_id)
    except NotFoundError:
        try:
            old = read_record(settings, earlier) if earlier else None
        except NotFoundError:
            old = None
    if old is None:
        return new
    if old.sha256 == new.sha256:
        # The same bytes again (a copy found in the same run, a rebuild): they were fetched
        # when they were first seen.
        places = tuple(dict.fromkeys((*old.locations, *new.locations)))
        return dataclasses.replace(
            new, versions=old.versions, locations=places, fetched_at=old.fetched_at
        )
    earlier_version = Version(old.sha256, old.fetched_at)
    return dataclasses.replace(new, versions=(*old.versions, earlier_version))
