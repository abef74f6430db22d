"""The tantivy engine's read side: what SearchIndex does on an index built with tantivy.

The same query language (querylang, querybuild through tantivy_query), the same plan
(collect.make_plan), hints, paging, sorts, facets, snippets and "did you mean"; the matches
are collected by tantivy (tantivy_collect). A tantivy searcher may be shared between
threads, so one index object serves every request, reloaded when the generation changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

import tantivy

from disclosure_search import schema as S
from disclosure_search.collect import make_plan
from disclosure_search.config import TUNING, Settings
from disclosure_search.errors import NotFoundError
from disclosure_search.facets import FACETS
from disclosure_search.hits import hit_from_fields
from disclosure_search.models import Disclosure, SearchHit, SearchQuery, SearchResults
from disclosure_search.querylang import parse_query
from disclosure_search.refs import normalise_request_id
from disclosure_search.related import Related
from disclosure_search.search import (
    check_query,
    day_to_date,
    found_hints,
    result_page,
)
from disclosure_search.spelling import suggest_query
from disclosure_search.tantivy_collect import ALL_BUCKETS, collect_tantivy, count_facets_tantivy
from disclosure_search.tantivy_hits import (
    find_group_tantivy,
    find_similar_tantivy,
    read_hits_tantivy,
    stored_fields,
)
from disclosure_search.tantivy_index import open_tantivy, tantivy_exists, tantivy_generation
from disclosure_search.tantivy_query import TantivyQueries, TantivyVocabulary


class TantivyReader:
    """An opened tantivy index: searches, counts and lookups (see SearchIndex)."""

    def __init__(self, settings: Settings, time_limit: float = TUNING.search_seconds) -> None:
        self.settings = settings
        self.path = settings.index_dir
        self.time_limit = time_limit  # tantivy answers well within it: never partial
        self._lock = threading.Lock()
        self._index: tantivy.Index | None = None
        self._generation = -1

    def exists(self) -> bool:
        """Whether the data home has an index yet."""
        return tantivy_exists(self.path)

    def generation(self) -> int:
        """The index generation: changes whenever an ingest commits (for ETags)."""
        if not self.exists():
            open_tantivy(self.path)  # NoIndexError, saying what to run
        return tantivy_generation(self.path)

    def _open(self) -> tuple[tantivy.Searcher, TantivyQueries]:
        """A searcher of the latest generation, and the query writer for its schema."""
        generation = self.generation()
        with self._lock:
            if self._index is None:
                self._index = open_tantivy(self.path)
            elif generation != self._generation:
                self._index.reload()
            self._generation = generation
            index = self._index
        return index.searcher(), TantivyQueries(index.schema)

    def is_empty(self) -> bool:
        """Whether the index holds no disclosures yet."""
        searcher, queries = self._open()
        return not searcher.search(disclosures(queries), limit=1).count

    def search(self, q: SearchQuery, facets: bool = False, suggest: bool = False) -> SearchResults:
        """Rank disclosures for `q` (see SearchIndex.search)."""
        check_query(q)
        parsed = parse_query(q.text)
        searcher, queries = self._open()
        vocabulary = TantivyVocabulary(searcher)
        plan = make_plan(vocabulary, q, parsed, queries, lookup_in(searcher, queries))
        found = collect_tantivy(searcher, queries, plan, q.page * q.limit)
        scored = plan.sort == "relevance"
        page_count, ranked = result_page(q, found.items, found.total, scored)
        hits = read_hits_tantivy(self.settings, vocabulary, queries, ranked, list(plan.body_terms))
        counts = count_facets_tantivy(searcher, found.query) if facets and found.total else {}
        if facets and not found.total:
            counts = {name: () for name in FACETS}
        wanted = suggest and plan.jump_to is None
        corrected = suggest_query(vocabulary, parsed.text, parsed.node) if wanted else None
        return SearchResults(
            query=q,
            total=found.total,
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
        searcher, queries = self._open()
        vocabulary = TantivyVocabulary(searcher)
        plan = make_plan(vocabulary, q, parse_query(q.text), queries, lookup_in(searcher, queries))
        found = collect_tantivy(searcher, queries, plan, None)
        for key, address in found.items:
            score = float(key) if plan.sort == "relevance" else 0.0
            yield hit_from_fields(stored_fields(searcher, address), score)

    def count_all(self, by: str) -> tuple[int, tuple[tuple[str, int], ...]]:
        """(disclosures, every value of facet `by` with its count) (see SearchIndex.breakdown)."""
        searcher, queries = self._open()
        everything = disclosures(queries)
        total = searcher.search(everything, limit=1).count
        if not total:
            return 0, ()
        return total, count_facets_tantivy(searcher, everything, limit=None)[by]

    def find_request(self, ref: str) -> str:
        """The doc_id of the disclosure with this request reference (any printed variant)."""
        searcher, queries = self._open()
        doc_id = lookup_in(searcher, queries)(None, ref)
        if doc_id is None:
            raise NotFoundError(f"No disclosure with request reference {ref!r}.")
        return doc_id

    def group_members(self, group_id: str) -> tuple[SearchHit, ...]:
        """Every disclosure answering the same round-robin request, by authority then date."""
        searcher, queries = self._open()
        return find_group_tantivy(searcher, queries, group_id)

    def related(self, record: Disclosure, top: int = 5) -> Related:
        """Similar disclosures and the round-robin group for a disclosure page."""
        searcher, queries = self._open()
        group = find_group_tantivy(searcher, queries, record.group) if record.group else ()
        similar = find_similar_tantivy(TantivyVocabulary(searcher), queries, record, top)
        return Related(similar, group)

    def list_disclosures(self) -> list[tuple[str, date | None]]:
        """(doc_id, date) of every disclosure, by doc_id: sitemaps."""
        searcher, queries = self._open()
        found = searcher.search(disclosures(queries), limit=max(1, searcher.num_docs))
        listed = []
        for _, address in found.hits:
            fields = searcher.doc(address).to_dict()
            listed.append((fields[S.DOC_ID][0], day_to_date(fields.get(S.DAY, [0])[0])))
        return sorted(listed)

    def stats(self) -> dict[str, Any]:
        """Counts for `disclosure-search stats` and the home page."""
        searcher, queries = self._open()
        count = disclosures(queries)
        parts_query = queries.term(S.KIND, S.KIND_PART)
        disclosure_count = searcher.search(count, limit=1).count
        part_docs = searcher.search(parts_query, limit=1).count
        spec = {name: {"terms": {"field": name, "size": ALL_BUCKETS}} for name in (S.DOC_ID,)}
        with_parts = len(searcher.aggregate(parts_query, spec)[S.DOC_ID]["buckets"])
        per = {f: {"terms": {"field": f, "size": ALL_BUCKETS}} for f in (S.AUTHORITY, S.FORMAT)}
        values = searcher.aggregate(count, per) if disclosure_count else {}
        authorities = values.get(S.AUTHORITY, {}).get("buckets", [])
        formats = {b["key"]: b["doc_count"] for b in values.get(S.FORMAT, {}).get("buckets", [])}
        return {
            "disclosures": disclosure_count,
            # A one-part disclosure has no part document: its part is the disclosure itself.
            "parts": part_docs + disclosure_count - with_parts,
            "authorities": len([b for b in authorities if b["key"]]),
            "formats": dict(sorted(formats.items())),
            "index": str(self.settings.index_dir),
        }


def disclosures(queries: TantivyQueries) -> tantivy.Query:
    """Every disclosure (not its parts or questions)."""
    return queries.term(S.KIND, S.KIND_DISCLOSURE)


def lookup_in(searcher: tantivy.Searcher, queries: TantivyQueries) -> Any:
    """collect.lookup_request for tantivy: (ignored searcher, ref) -> the newest disclosure
    whose own or related reference normalises like `ref`."""

    def lookup(_: Any, ref: str) -> str | None:
        norm = normalise_request_id(ref)
        if not norm:
            return None
        for field in (S.REQUEST_ID_NORM, S.RELATED_NORM):
            wanted = queries.all_of([disclosures(queries), queries.term(field, norm)])
            found = searcher.search(wanted, limit=1, order_by_field=S.DAY).hits
            if found:
                return searcher.doc(found[0][1]).to_dict()[S.DOC_ID][0]
        return None

    return lookup
