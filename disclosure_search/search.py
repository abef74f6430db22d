"""The read side: SearchQuery -> SearchResults. The CLI, web pages, API and feeds all call this."""

from __future__ import annotations

import math
import threading
from datetime import date, datetime, time
from typing import Any

from whoosh import highlight, index, query
from whoosh.qparser import MultifieldParser, OrGroup

from disclosure_search import schema as S
from disclosure_search.config import Settings
from disclosure_search.errors import InvalidQueryError, NoIndexError, NotFoundError
from disclosure_search.models import Disclosure, Part, SearchHit, SearchQuery, SearchResults
from disclosure_search.records import read_record
from disclosure_search.refs import normalise_request_id

MAX_LIMIT = 100
SNIPPET_CHARS = 300


class SearchIndex:
    """An opened index. Cheap to keep; each call opens its own searcher.

    The index is reopened only when its generation changes, so a long-running server sees
    new ingests without paying for an open per request.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._index: index.Index | None = None
        self._generation = -1

    def exists(self) -> bool:
        """Whether the data home has an index yet."""
        return index.exists_in(str(self.settings.index_dir))

    def _open(self) -> index.Index:
        path = self.settings.index_dir
        with self._lock:
            if not self.exists():
                raise NoIndexError(
                    f"No index at {path}: run `disclosure-search ingest data/samples`"
                    f" (or `disclosure-search demo`) first."
                )
            if self._index is None or self._index.latest_generation() != self._generation:
                self._index = index.open_dir(str(path))
                self._generation = self._index.latest_generation()
            return self._index

    def search(self, q: SearchQuery) -> SearchResults:
        """Rank disclosures for `q`; InvalidQueryError for a query that cannot be run."""
        check_query(q)
        ix = self._open()
        with ix.searcher() as searcher:
            user_query = parse_text(ix.schema, q.text)
            whole = query.And(
                [query.Term(S.KIND, S.KIND_DISCLOSURE), *filters(ix.schema, q), user_query]
            )
            sort: dict[str, Any] = {}
            if not q.text.strip():
                sort = {"sortedby": S.DAY, "reverse": True}
            page = searcher.search_page(whole, q.page, pagelen=q.limit, **sort)
            total = page.total
            hits = tuple(
                self._hit(searcher, hit, user_query) for hit in page if hit.rank >= page.offset
            )
        page_count = max(1, math.ceil(total / q.limit))
        if total and q.page > page_count:
            raise InvalidQueryError(f"Page {q.page} is past the last page ({page_count}).")
        return SearchResults(query=q, total=total, hits=hits, page_count=page_count)

    def _hit(self, searcher: Any, hit: Any, user_query: query.Query) -> SearchHit:
        fields = hit.fields()
        try:
            record: Disclosure | None = read_record(self.settings, fields[S.DOC_ID])
        except NotFoundError:
            record = None
        snippet, part = best_part(searcher, record, user_query)
        return SearchHit(
            doc_id=fields[S.DOC_ID],
            title=fields.get(S.TITLE, ""),
            request_id=fields.get(S.REQUEST_ID),
            authority=fields.get(S.AUTHORITY) or None,
            date=as_date(fields.get(S.DATE)),
            topics=tuple(t for t in (fields.get(S.TOPICS) or "").split(",") if t),
            source=fields.get(S.SOURCE, ""),
            format=fields.get(S.FORMAT, ""),
            score=float(hit.score or 0.0),
            snippet=snippet,
            part_label=part.label if part else None,
            part_number=part.number if part else None,
            page=part.page if part else None,
            sha256=record.sha256 if record else "",
            outcome=fields.get(S.OUTCOME) or "unknown",
            exemptions=tuple(e for e in (fields.get(S.EXEMPTIONS) or "").split(",") if e),
            removed=fields.get(S.REMOVED) == "removed",
        )

    def find_request(self, ref: str) -> str:
        """The doc_id of the disclosure with this request reference (any printed variant)."""
        norm = normalise_request_id(ref)
        if norm:
            ix = self._open()
            with ix.searcher() as searcher:
                for field in (S.REQUEST_ID_NORM, S.RELATED_NORM):
                    q = query.And([query.Term(S.KIND, S.KIND_DISCLOSURE), query.Term(field, norm)])
                    hits = searcher.search(q, limit=1, sortedby=S.DAY, reverse=True)
                    if hits:
                        return hits[0][S.DOC_ID]
        raise NotFoundError(f"No disclosure with request reference {ref!r}.")

    def disclosure(self, doc_id: str) -> Disclosure:
        """The full disclosure (metadata and parts) for a doc_id, or NotFoundError."""
        return read_record(self.settings, doc_id)

    def stats(self) -> dict[str, Any]:
        """Counts for `disclosure-search stats` and the home page."""
        ix = self._open()
        with ix.searcher() as searcher:
            kinds = {
                # Counted by query, not doc_frequency, which still counts deleted documents.
                kind: sum(1 for _ in searcher.docs_for_query(query.Term(S.KIND, kind)))
                for kind in (S.KIND_DISCLOSURE, S.KIND_PART)
            }
            authorities = count_column(searcher, S.AUTHORITY)
            formats = count_column(searcher, S.FORMAT)
        return {
            "disclosures": kinds[S.KIND_DISCLOSURE],
            "parts": kinds[S.KIND_PART],
            "authorities": len([a for a in authorities if a]),
            "formats": dict(sorted(formats.items())),
            "index": str(self.settings.index_dir),
        }


def check_query(q: SearchQuery) -> None:
    if q.page < 1:
        raise InvalidQueryError("page must be 1 or more.")
    if not 1 <= q.limit <= MAX_LIMIT:
        raise InvalidQueryError(f"limit must be between 1 and {MAX_LIMIT}.")
    if q.date_from and q.date_to and q.date_from > q.date_to:
        raise InvalidQueryError(
            f"The 'from' date {q.date_from} is after the 'to' date {q.date_to}."
        )


def parse_text(schema: Any, text: str) -> query.Query:
    """Words over title (boosted) and body; an empty text matches everything."""
    if not text.strip():
        return query.Every()
    parser = MultifieldParser([S.TITLE, S.BODY], schema=schema, group=OrGroup.factory(0.9))
    return parser.parse(text)


def filters(schema: Any, q: SearchQuery) -> list[query.Query]:
    """The query's filters as Whoosh terms. An authority matches on all its words."""
    found: list[query.Query] = []
    if q.authority:
        analyzer = schema[S.AUTHORITY_TEXT].analyzer
        words = [query.Term(S.AUTHORITY_TEXT, t.text) for t in analyzer(q.authority)]
        found.append(query.And(words) if words else query.NullQuery)
    if q.topic:
        found.append(query.Term(S.TOPICS, q.topic.strip().lower()))
    if q.request_id:
        norm = normalise_request_id(q.request_id) or ""
        found.append(
            query.Or([query.Term(S.REQUEST_ID_NORM, norm), query.Term(S.RELATED_NORM, norm)])
        )
    if q.date_from or q.date_to:
        start = datetime.combine(q.date_from, time.min) if q.date_from else None
        end = datetime.combine(q.date_to, time.max) if q.date_to else None
        found.append(query.DateRange(S.DATE, start, end))
    return found


def best_part(
    searcher: Any, record: Disclosure | None, user_query: query.Query
) -> tuple[str, Part | None]:
    """(highlighted snippet, part) for the part of `record` that best matches the query."""
    if record is None or not record.parts:
        return "", None
    parts = {p.number: p for p in record.parts}
    part = record.parts[0]
    body_query = only_body_terms(user_query)
    if body_query is not None:
        kind_and_doc = [query.Term(S.KIND, S.KIND_PART), query.Term(S.DOC_ID, record.doc_id)]
        found = searcher.search(query.And([*kind_and_doc, body_query]), limit=1)
        if found:
            part = parts.get(found[0][S.PART_NO], part)
            snippet = found[0].highlights(S.BODY, text=part.text, top=2)
            if snippet:
                return snippet, part
    return plain_excerpt(part.text), part


def only_body_terms(user_query: query.Query) -> query.Query | None:
    """The user's query re-aimed at part bodies (parts have no title field)."""
    if isinstance(user_query, query.Every):
        return None
    terms = [text for field, text in user_query.iter_all_terms() if field == S.BODY]
    if not terms:
        return None
    return query.Or([query.Term(S.BODY, t) for t in terms])


def plain_excerpt(text: str) -> str:
    collapsed = " ".join(text.split())
    if len(collapsed) <= SNIPPET_CHARS:
        return highlight.htmlescape(collapsed)
    cut = collapsed[:SNIPPET_CHARS].rsplit(" ", 1)[0]
    return highlight.htmlescape(cut) + "…"


def count_column(searcher: Any, field: str) -> dict[str, int]:
    """Value -> number of disclosures, from the sortable column (never stored fields)."""
    reader = searcher.reader()
    counts: dict[str, int] = {}
    for docnum, value in enumerate(reader.column_reader(field)):
        # Part documents carry no metadata (empty value); deleted documents stay in columns.
        if value and not reader.is_deleted(docnum):
            counts[value] = counts.get(value, 0) + 1
    return counts


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
