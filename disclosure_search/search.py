"""The read side: SearchQuery -> SearchResults. The CLI, web pages, API and feeds all call this.

Every search is bounded: the query language caps words and wildcard expansions
(querylang, querybuild) and collection stops after `time_limit` seconds, answering with what
was found by then (`SearchResults.partial`).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from datetime import date
from typing import Any

from disclosure_search.config import TUNING, Settings
from disclosure_search.engines import engine_of
from disclosure_search.errors import InvalidQueryError
from disclosure_search.facets import FACETS, TERM_FIELDS, read_column
from disclosure_search.models import SORTS, Disclosure, SearchHit, SearchQuery, SearchResults
from disclosure_search.records import read_record
from disclosure_search.related import Related

MAX_LIMIT = 100
SOME_WORDS = (
    "Showing results that match most of your words; those matching all of them come first. "
    "Put words in quotes, or join them with AND, to require them."
)
FEW_WORDS = (
    "No disclosure holds most of your words, so these hold some of them. Try other words, or fewer."
)
# A document without a day (a part) reads back as the largest 32-bit number.
MISSING_DAY = 2**31 - 1


NOT_STATED = "(not stated)"


class SearchIndex:
    """An opened index. Cheap to keep, and worth keeping: searchers are reused between calls.

    The index is reopened, and its searchers replaced, only when its generation changes, so a
    long-running server sees new ingests without paying for an open per request. The work is
    done by the reader of the engine the index was built with (disclosure_search.engines):
    the engine is looked up on every call, so a home rebuilt with another engine is followed.
    """

    def __init__(self, settings: Settings, time_limit: float = TUNING.search_seconds) -> None:
        self.settings = settings
        self.time_limit = time_limit
        self._lock = threading.Lock()
        self._engine: tuple[str, Any] | None = None

    def reader(self) -> Any:
        """The engine's reader (WhooshReader or TantivyReader) for this data home."""
        name = engine_of(self.settings.index_dir)
        with self._lock:
            if self._engine is None or self._engine[0] != name:
                self._engine = (name, open_reader(name, self.settings, self.time_limit))
            return self._engine[1]

    @property
    def engine(self) -> str:
        """The engine this index is read with: "whoosh" or "tantivy"."""
        return engine_of(self.settings.index_dir)

    def exists(self) -> bool:
        """Whether the data home has an index yet."""
        return self.reader().exists()

    def is_empty(self) -> bool:
        """Whether the index holds no disclosures yet (nothing ingested, or every file failed)."""
        return self.reader().is_empty()

    def generation(self) -> int:
        """The index generation: changes whenever an ingest commits (for ETags)."""
        return self.reader().generation()

    def search(self, q: SearchQuery, facets: bool = False, suggest: bool = False) -> SearchResults:
        """Rank disclosures for `q`, with facet counts and "did you mean" when asked for.

        InvalidQueryError only for bad paging or sort; query text never fails (see hints)."""
        return self.reader().search(q, facets=facets, suggest=suggest)

    def iter_hits(self, q: SearchQuery) -> Iterator[SearchHit]:
        """Every match of `q` in result order, from stored fields (no snippets): exports."""
        return self.reader().iter_hits(q)

    def breakdown(self, by: str) -> tuple[tuple[str, int], ...]:
        """Every disclosure counted by one facet (authority, topic, year, exemption, outcome,
        format): all values, most common first (years newest first), then NOT_STATED for
        those without one. The same counts as the facets of a search for everything."""
        if by not in FACETS:
            raise InvalidQueryError(f"Cannot count by {by!r}: choose one of {', '.join(FACETS)}.")
        total, counts = self.reader().count_all(by)
        # A disclosure has one value of a single-valued facet, or none: the rest state none.
        # (Topics and exemptions are many per disclosure, or none by right.)
        missing = 0 if by in TERM_FIELDS else total - sum(n for _, n in counts)
        return (*counts, (NOT_STATED, missing)) if missing else counts

    def find_request(self, ref: str) -> str:
        """The doc_id of the disclosure with this request reference (any printed variant)."""
        return self.reader().find_request(ref)

    def disclosure(self, doc_id: str) -> Disclosure:
        """The full disclosure (metadata and parts) for a doc_id, or NotFoundError."""
        return read_record(self.settings, doc_id)

    def group_members(self, group_id: str) -> tuple[SearchHit, ...]:
        """Every disclosure answering the same round-robin request, by authority then date."""
        return self.reader().group_members(group_id)

    def related(self, record: Disclosure, top: int = 5) -> Related:
        """Similar disclosures and the round-robin group for a disclosure page."""
        return self.reader().related(record, top)

    def list_disclosures(self) -> list[tuple[str, date | None]]:
        """(doc_id, date) of every disclosure, by doc_id: sitemaps."""
        return self.reader().list_disclosures()

    def stats(self) -> dict[str, Any]:
        """Counts for `disclosure-search stats` and the home page."""
        return self.reader().stats()


def open_reader(engine: str, settings: Settings, time_limit: float) -> Any:
    """The read side of `engine` over the data home."""
    if engine == "tantivy":
        from disclosure_search.tantivy_search import TantivyReader

        return TantivyReader(settings, time_limit)
    from disclosure_search.whoosh_search import WhooshReader

    return WhooshReader(settings, time_limit)


def found_hints(found: Any) -> tuple[str, ...]:
    """What the collection itself has to say: fewer words matched than were typed (`found`:
    a collect.Collected, or a tantivy_collect.Found; both say `relaxed` and
    `some_words_missing`)."""
    if found.relaxed:
        return (FEW_WORDS,)
    return (SOME_WORDS,) if found.some_words_missing else ()


def result_page(
    q: SearchQuery, items: list[tuple[Any, Any]], total: int, scored: bool
) -> tuple[int, list[tuple[Any, float]]]:
    """(page count, (document, score) of each hit on q's page) from collected (key, document)
    items, best first; InvalidQueryError for a page past the last. Scores are the keys of a
    relevance sort, else 0."""
    page_count = max(1, math.ceil(total / q.limit))
    if total and q.page > page_count:
        raise InvalidQueryError(
            f"Page {q.page} is past the last page ({page_count}): "
            f"choose a page from 1 to {page_count}."
        )
    page = items[(q.page - 1) * q.limit : q.page * q.limit]
    return page_count, [(doc, float(key) if scored else 0.0) for key, doc in page]


def check_query(q: SearchQuery) -> None:
    """InvalidQueryError for paging, sort or dates no search could honour."""
    if q.page < 1:
        raise InvalidQueryError("page must be 1 or more.")
    if not 1 <= q.limit <= MAX_LIMIT:
        raise InvalidQueryError(f"limit must be between 1 and {MAX_LIMIT}.")
    if q.sort is not None and q.sort not in SORTS:
        raise InvalidQueryError(f"sort must be one of {', '.join(SORTS)}, not {q.sort!r}.")
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise InvalidQueryError(
            f"The 'from' date {q.date_from} is after the 'to' date {q.date_to}."
        )


def count_column(searcher: Any, field: str) -> dict[str, int]:
    """Value -> number of disclosures, from the sortable column (never stored fields)."""
    reader = searcher.reader()
    counts: dict[str, int] = {}
    for docnum, value in enumerate(read_column(reader, field)):
        # Part documents carry no metadata (empty value); deleted documents stay in columns.
        if value and not reader.is_deleted(docnum):
            counts[value] = counts.get(value, 0) + 1
    return counts


def day_to_date(day: int) -> date | None:
    """The date of a DAY column value; None for undated disclosures and parts."""
    return date.fromordinal(day) if 0 < day < MISSING_DAY else None
