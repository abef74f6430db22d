"""What a SearchQuery runs as: the query with its hints and order (the plan, for any
engine), and the matches Whoosh collects in that order within a time limit (a timed-out
search keeps what it found)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from whoosh import collectors, query, sorting

from disclosure_search import schema as S
from disclosure_search.collectors import (
    ALL_WORDS_BONUS,
    ONLY_DISCLOSURES,
    CountingTopCollector,
    SortedDisclosures,
    disclosure_docs,
    holding,
)
from disclosure_search.loose import LooseQuery, minimum_should_match, render_loose, split_loose
from disclosure_search.models import SearchQuery
from disclosure_search.querybuild import WHOOSH, QueryBuilder, day_span
from disclosure_search.querynodes import ParsedQuery, Phrase
from disclosure_search.refs import normalise_request_id
from disclosure_search.synonyms import find_ideas


@dataclass(frozen=True)
class Plan:
    """What will be run for a SearchQuery."""

    query: query.Query
    sort: str
    body_terms: tuple[str, ...]
    hints: tuple[str, ...]
    jump_to: str | None
    # Plain words matched loosely (see disclosure_search.loose): each word's query (a
    # document holds the word when it matches), and how many a document must hold.
    groups: tuple[query.Query, ...] = ()
    min_groups: int = 0
    understood: str = ""  # the query as run, in the query language
    days: tuple[int, int] | None = None  # the form's date range, checked on the DAY column
    # The query requiring every word group: the same matches and order as `query` when
    # every group is needed, without counting groups per match.
    every: query.Query | None = None


@dataclass(frozen=True)
class Collected:
    """(score or sort key, docnum) in result order, every matching docnum, and whether the
    time limit cut the collection short."""

    items: list[tuple[Any, int]]
    docset: set[int]
    partial: bool
    some_words_missing: bool = False  # a loose match lacks some of the plain words
    relaxed: bool = False  # no document held enough words: any of them was enough


def make_plan(
    searcher: Any,
    q: SearchQuery,
    parsed: ParsedQuery,
    queries: Any = WHOOSH,
    lookup: Callable[[Any, str], str | None] | None = None,
) -> Plan:
    """The query, sort and hints for a query; a found reference narrows to it. Whoosh's,
    unless another engine gives how it writes `queries` and how it `lookup`s a reference."""
    hints = list(parsed.hints)
    find = lookup or lookup_request
    jump_to = find(searcher, parsed.reference) if parsed.reference else None
    builder = QueryBuilder(searcher, queries)
    groups: tuple[query.Query, ...] = ()
    understood = parsed.understood
    days = every = None
    if jump_to:
        parts = [queries.term(S.DOC_ID, jump_to)]
    else:
        node = parsed.node
        if parsed.explicit:
            hints.append(f"No request has the reference “{parsed.reference}”; searched as text.")
            node = Phrase(parsed.reference or "")
        loose = None if parsed.explicit else split_loose(parsed)
        if loose:
            user, groups, understood, every = loose_query(builder, loose)
        else:
            user = builder.build(node)
        hints.extend(builder.hints)
        if node is not None and user is None:
            hints.append(
                "Nothing searchable was left in the query, so every disclosure is listed."
                if builder.hints
                else "Only very common words were given, so every disclosure is listed."
            )
        parts = [*builder.params(q), *([user] if user is not None else [])]
        days = day_span(q)
        if every is not None:
            every = queries.all_of([*builder.params(q), every])
    sort = q.sort or ("relevance" if builder.body_terms else "newest")
    # Parts and questions are left out by the collector (see `disclosure_docs`), not by
    # ANDing every query with kind:disclosure, which costs a skip per part matched.
    only = ONLY_DISCLOSURES if queries is WHOOSH else queries.term(S.KIND, S.KIND_DISCLOSURE)
    whole = queries.all_of(parts) if len(parts) > 1 else parts[0] if parts else only
    hints.extend(h for h in builder.hints if h not in hints)  # from the form's filters
    return Plan(
        whole,
        sort,
        tuple(builder.body_terms),
        tuple(hints),
        jump_to,
        groups,
        minimum_should_match(len(groups)),
        understood,
        days,
        every,
    )


def loose_query(
    builder: QueryBuilder, loose: LooseQuery
) -> tuple[query.Query | None, tuple[query.Query, ...], str, query.Query | None]:
    """What was typed strictly, and any of the plain words' ideas (the collector counts
    them); each idea's query; the query as understood; what was typed strictly and every
    idea (None when framing words score too: then only the first query scores right)."""
    strict = [p for p in (builder.build(n) for n in loose.must) if p is not None]
    ideas = find_ideas(loose.should)
    built = [(idea, builder.idea_group(idea)) for idea in ideas]
    optional = [g[0] for idea, g in built if g and idea.framing]
    deciding = [(idea, g) for idea, g in built if g and not idea.framing]
    if not deciding:
        return (
            (builder.q.all_of(strict) if strict else None),
            (),
            render_loose(loose.must, []),
            None,
        )
    absent = [idea.text for idea, g in deciding if not builder.holds_any(g[1])]
    if absent and len(absent) < len(deciding):
        builder.hints.append(f"No disclosure holds {' or '.join(f'“{a}”' for a in absent)}.")
    should = builder.q.any_of([g[0] for _, g in deciding] + optional)
    user = builder.q.all_of([*strict, should]) if strict else should
    groups = tuple(g[0] for _, g in deciding)
    every = None if optional else builder.q.all_of([*strict, *groups])
    return user, groups, render_loose(loose.must, [idea for idea, _ in deciding]), every


def collect(searcher: Any, plan: Plan, want: int | None, seconds: float) -> Collected:
    """The first `want` matches (all when None) in the plan's order, within `seconds`. When
    no document holds enough of a loose query's words, those holding any of them are
    collected instead (`Collected.relaxed`): a sensible question never gets an empty page."""
    if not searcher.doc_count_all():  # an empty index's reader has no columns to sort by
        return Collected([], set(), partial=False)
    found = None
    if needs_every_group(plan):
        found = collect_once(searcher, every_group_plan(plan), want, seconds)
        if found.docset or plan.min_groups <= 1:
            return found
    holders = [set(searcher.docs_for_query(group)) for group in plan.groups]
    if found is None:  # else nothing holds every group: on to the relaxed search
        found = collect_once(searcher, plan, want, seconds, holders)
    if plan.groups and plan.min_groups > 1 and not found.docset:
        relaxed = dataclasses.replace(plan, min_groups=1)
        again = collect_once(searcher, relaxed, want, seconds, holders)
        found = dataclasses.replace(again, relaxed=True)
    return found


def needs_every_group(plan: Plan) -> bool:
    """Whether a match must hold every word group of a query ranked by relevance (then
    `every_group_plan` finds the same matches in the same order, counting nothing)."""
    return (
        plan.every is not None and plan.sort == "relevance" and plan.min_groups == len(plan.groups)
    )


def every_group_plan(plan: Plan) -> Plan:
    """`plan` running its query that requires every word group, with no groups to count."""
    return dataclasses.replace(plan, query=plan.every, groups=(), min_groups=0, every=None)


def collect_once(
    searcher: Any,
    plan: Plan,
    want: int | None,
    seconds: float,
    holders: Sequence[set[int]] = (),
) -> Collected:
    """`collect` with the plan's own minimum of words (`holders`: the documents holding
    each of its word groups)."""
    limit = want or max(1, searcher.doc_count_all())
    if plan.groups and plan.sort != "relevance":
        limit = max(1, searcher.doc_count_all())  # every match, then put in date order
    if plan.sort == "relevance" or plan.groups:
        child: Any = CountingTopCollector(limit, holders, plan.min_groups)
    else:
        child = SortedDisclosures(sort_facet(plan.sort), limit=want)
    child.allowed, child.days = disclosure_docs(searcher), plan.days
    if holders and plan.min_groups > 1:
        child.allowed = holding(child.allowed, holders, plan.min_groups)
    # No SIGALRM: it works only in the main thread, and the server answers in threads.
    timed = collectors.TimeLimitCollector(child, timelimit=seconds, use_alarm=False)
    partial = False
    try:
        searcher.search_with_collector(plan.query, timed)
    except collectors.TimeLimit:
        partial = True
    items = list(child.results().top_n)
    if plan.groups and plan.sort != "relevance":
        items = date_order(searcher, child.docset, plan.sort)[:want]
    elif plan.groups:
        items = [(_unbonused(score), n) for score, n in items]
    missing = bool(getattr(child, "partial_matches", 0))
    return Collected(items, child.docset, partial, missing)


def _unbonused(score: Any) -> Any:
    """The BM25F score without the bonus that put all-words matches first."""
    return score - ALL_WORDS_BONUS if score >= ALL_WORDS_BONUS else score


def date_order(searcher: Any, docnums: set[int], sort: str) -> list[tuple[Any, int]]:
    """(day, docnum) newest or oldest first, undated last either way (a loose query's
    matches, filtered by the word count, then put in date order)."""
    days = searcher.reader().column_reader(S.DAY)
    dated = sorted(((days[n], n) for n in docnums if days[n]), reverse=sort == "newest")
    return dated + [(0, n) for n in sorted(docnums) if not days[n]]


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
