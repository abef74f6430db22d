"""What a SearchQuery runs as: the Whoosh query with its hints and order, and the matches
collected in that order within a time limit (a timed-out search keeps what it found)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from whoosh import collectors, query, sorting

from disclosure_search import schema as S
from disclosure_search.models import SearchQuery
from disclosure_search.querybuild import QueryBuilder
from disclosure_search.querynodes import ParsedQuery, Phrase
from disclosure_search.refs import normalise_request_id


@dataclass(frozen=True)
class Plan:
    """What will be run for a SearchQuery."""

    query: query.Query
    sort: str
    body_terms: tuple[str, ...]
    hints: tuple[str, ...]
    jump_to: str | None


@dataclass(frozen=True)
class Collected:
    """(score or sort key, docnum) in result order, every matching docnum, and whether the
    time limit cut the collection short."""

    items: list[tuple[Any, int]]
    docset: set[int]
    partial: bool


def make_plan(searcher: Any, q: SearchQuery, parsed: ParsedQuery) -> Plan:
    """The Whoosh query, sort and hints for a query; a found reference narrows to it."""
    hints = list(parsed.hints)
    jump_to = lookup_request(searcher, parsed.reference) if parsed.reference else None
    builder = QueryBuilder(searcher)
    if jump_to:
        parts = [query.Term(S.DOC_ID, jump_to)]
    else:
        node = parsed.node
        if parsed.explicit:
            hints.append(f"No request has the reference “{parsed.reference}”; searched as text.")
            node = Phrase(parsed.reference or "")
        user = builder.build(node)
        hints.extend(builder.hints)
        if node is not None and user is None:
            hints.append(
                "Nothing searchable was left in the query, so every disclosure is listed."
                if builder.hints
                else "Only very common words were given, so every disclosure is listed."
            )
        parts = [*builder.params(q), *([user] if user is not None else [])]
    sort = q.sort or ("relevance" if builder.body_terms else "newest")
    whole = query.And([query.Term(S.KIND, S.KIND_DISCLOSURE), *parts])
    hints.extend(h for h in builder.hints if h not in hints)  # from the form's filters
    return Plan(whole, sort, tuple(builder.body_terms), tuple(hints), jump_to)


class CountingTopCollector(collectors.TopCollector):
    """The top N by score that also keeps every match, for the exact total and facets."""

    def __init__(self, limit: int) -> None:
        # Block-quality skipping and matcher replacement (which turns an OR into an AND once
        # one word alone cannot reach the top N) would miss matches the total must count.
        super().__init__(limit=limit, usequality=False, replace=0)

    def _collect(self, global_docnum: int, score: float) -> float:
        self.docset.add(global_docnum)
        return super()._collect(global_docnum, score)


def collect(searcher: Any, plan: Plan, want: int | None, seconds: float) -> Collected:
    """The first `want` matches (all when None) in the plan's order, within `seconds`."""
    if plan.sort == "relevance":
        child: Any = CountingTopCollector(want or max(1, searcher.doc_count_all()))
    else:
        child = collectors.SortingCollector(sort_facet(plan.sort), limit=want)
    # No SIGALRM: it works only in the main thread, and the server answers in threads.
    timed = collectors.TimeLimitCollector(child, timelimit=seconds, use_alarm=False)
    partial = False
    try:
        searcher.search_with_collector(plan.query, timed)
    except collectors.TimeLimit:
        partial = True
    return Collected(list(child.results().top_n), child.docset, partial)


def sort_facet(sort: str) -> sorting.FacetType:
    """Newest or oldest first by response date; undated disclosures last either way."""
    if sort == "newest":  # undated disclosures have day 0, the smallest
        return sorting.FieldFacet(S.DAY, reverse=True)
    dated = sorting.QueryFacet({"0-dated": query.NumericRange(S.DAY, 1, None)}, other="1-undated")
    return sorting.MultiFacet([dated, sorting.FieldFacet(S.DAY)])


def lookup_request(searcher: Any, ref: str) -> str | None:
    """The newest disclosure whose own or related reference normalises like `ref`."""
    norm = normalise_request_id(ref)
    if not norm:
        return None
    for field in (S.REQUEST_ID_NORM, S.RELATED_NORM):
        q = query.And([query.Term(S.KIND, S.KIND_DISCLOSURE), query.Term(field, norm)])
        hits = searcher.search(q, limit=1, sortedby=S.DAY, reverse=True)
        if hits:
            return hits[0][S.DOC_ID]
    return None
