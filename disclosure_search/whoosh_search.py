"""The Whoosh engine's read side: what SearchIndex does on an index built with Whoosh."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from datetime import date
from typing import Any

from whoosh import index, query

from disclosure_search import schema as S
from disclosure_search.collect import collect, lookup_request, make_plan
from disclosure_search.config import TUNING, Settings
from disclosure_search.errors import NotFoundError
from disclosure_search.facets import (
    FacetTable,
    count_facets,
    read_column,
    read_facet_table,
)
from disclosure_search.hits import hit_from_fields, read_hits
from disclosure_search.models import Disclosure, SearchHit, SearchQuery, SearchResults
from disclosure_search.querylang import parse_query
from disclosure_search.records import read_record
from disclosure_search.related import Related, find_group, find_similar
from disclosure_search.search import (
    check_query,
    count_column,
    day_to_date,
    found_hints,
    result_page,
)
from disclosure_search.searchers import IndexHandle
from disclosure_search.spelling import suggest_query


class WhooshReader:
    """An opened Whoosh index. Cheap to keep, and worth keeping: searchers are reused between calls.

    The index is reopened, and its searchers replaced, only when its generation changes, so a
    long-running server sees new ingests without paying for an open per request.
    """

    def __init__(self, settings: Settings, time_limit: float = TUNING.search_seconds) -> None:
        self.settings = settings
        self.time_limit = time_limit
        self._facet_lock = threading.Lock()
        self._facets: FacetTable | None = None
        self._handle = IndexHandle(settings.index_dir)
        # Idle searchers hold open files: close them when this SearchIndex goes.
        weakref.finalize(self, self._handle.close)

    def exists(self) -> bool:
        """Whether the data home has an index yet."""
        return self._handle.exists()

    def is_empty(self) -> bool:
        """Whether the index holds no disclosures yet (nothing ingested, or every file failed)."""
        with self._handle.searcher() as searcher:
            return not any(
                True for _ in searcher.docs_for_query(query.Term(S.KIND, S.KIND_DISCLOSURE))
            )

    def _open(self) -> index.Index:
        return self._handle.open()

    def generation(self) -> int:
        """The index generation: changes whenever an ingest commits (for ETags)."""
        return self._handle.generation()

    def search(self, q: SearchQuery, facets: bool = False, suggest: bool = False) -> SearchResults:
        """Rank disclosures for `q`, with facet counts and "did you mean" when asked for.

        InvalidQueryError only for bad paging or sort; query text never fails (see hints)."""
        check_query(q)
        parsed = parse_query(q.text)
        with self._handle.searcher() as searcher:
            plan = make_plan(searcher, q, parsed)
            found = collect(searcher, plan, q.page * q.limit, self.time_limit)
            total = len(found.docset)
            scored = plan.sort == "relevance"
            page_count, ranked = result_page(q, found.items, total, scored)
            hits = read_hits(self.settings, searcher, ranked, list(plan.body_terms))
            counts = count_facets(self._facet_table(searcher), found.docset) if facets else {}
            wanted = suggest and plan.jump_to is None
            corrected = suggest_query(searcher, parsed.text, parsed.node) if wanted else None
        return SearchResults(
            query=q,
            total=total,
            hits=hits,
            page_count=page_count,
            corrected=corrected,
            facets=counts,
            sort=plan.sort,
            hints=plan.hints + found_hints(found),
            understood=plan.understood,
            jump_to=plan.jump_to,
            partial=found.partial,
        )

    def iter_hits(self, q: SearchQuery) -> Iterator[SearchHit]:
        """Every match of `q` in result order, from stored fields (no snippets): exports."""
        check_query(q)
        with self._handle.searcher() as searcher:
            plan = make_plan(searcher, q, parse_query(q.text))
            found = collect(searcher, plan, None, TUNING.export_seconds)
            for key, docnum in found.items:
                score = float(key) if plan.sort == "relevance" else 0.0
                yield hit_from_fields(searcher.stored_fields(docnum), score)

    def count_all(self, by: str) -> tuple[int, tuple[tuple[str, int], ...]]:
        """(disclosures, every value of facet `by` with its count) (see SearchIndex.breakdown)."""
        with self._handle.searcher() as searcher:
            docnums = list(searcher.docs_for_query(query.Term(S.KIND, S.KIND_DISCLOSURE)))
            if not docnums:
                return 0, ()
            return len(docnums), count_facets(self._facet_table(searcher), docnums, limit=None)[by]

    def _facet_table(self, searcher: Any) -> FacetTable:
        reader = searcher.reader()
        with self._facet_lock:
            if self._facets is None or self._facets.generation != reader.generation():
                self._facets = read_facet_table(reader)
            return self._facets

    def find_request(self, ref: str) -> str:
        """The doc_id of the disclosure with this request reference (any printed variant)."""
        with self._handle.searcher() as searcher:
            doc_id = lookup_request(searcher, ref)
        if doc_id is None:
            raise NotFoundError(f"No disclosure with request reference {ref!r}.")
        return doc_id

    def disclosure(self, doc_id: str) -> Disclosure:
        """The full disclosure (metadata and parts) for a doc_id, or NotFoundError."""
        return read_record(self.settings, doc_id)

    def group_members(self, group_id: str) -> tuple[SearchHit, ...]:
        """Every disclosure answering the same round-robin request, by authority then date."""
        with self._handle.searcher() as searcher:
            return find_group(searcher, group_id)

    def related(self, record: Disclosure, top: int = 5) -> Related:
        """Similar disclosures and the round-robin group for a disclosure page (one searcher)."""
        with self._handle.searcher() as searcher:
            group = find_group(searcher, record.group) if record.group else ()
            return Related(find_similar(searcher, record, top), group)

    def list_disclosures(self) -> list[tuple[str, date | None]]:
        """(doc_id, date) of every disclosure, by doc_id: sitemaps."""
        with self._handle.searcher() as searcher:
            reader = searcher.reader()
            ids, days = read_column(reader, S.DOC_ID), read_column(reader, S.DAY)
            docnums = searcher.docs_for_query(query.Term(S.KIND, S.KIND_DISCLOSURE))
            return sorted((ids[n], day_to_date(days[n])) for n in docnums)

    def stats(self) -> dict[str, Any]:
        """Counts for `disclosure-search stats` and the home page."""
        with self._handle.searcher() as searcher:
            # Counted by query, not doc_frequency, which still counts deleted documents.
            disclosures = len(list(searcher.docs_for_query(query.Term(S.KIND, S.KIND_DISCLOSURE))))
            part_docs = list(searcher.docs_for_query(query.Term(S.KIND, S.KIND_PART)))
            ids = read_column(searcher.reader(), S.DOC_ID)
            # A one-part disclosure has no part document: its part is the disclosure itself.
            parts = len(part_docs) + disclosures - len({ids[n] for n in part_docs})
            authorities = count_column(searcher, S.AUTHORITY)
            formats = count_column(searcher, S.FORMAT)
        return {
            "disclosures": disclosures,
            "parts": parts,
            "authorities": len([a for a in authorities if a]),
            "formats": dict(sorted(formats.items())),
            "index": str(self.settings.index_dir),
        }
