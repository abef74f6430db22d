"""What a SearchQuery runs as: the Whoosh query with its hints and order, and the matches
collected in that order within a time limit (a timed-out search keeps what it found)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from whoosh import collectors, query, sorting

from disclosure_search import schema as S
from disclosure_search.loose import LooseQuery, minimum_should_match, render_loose, split_loose
from disclosure_search.models import SearchQuery
from disclosure_search.querybuild import QueryBuilder
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
    # Plain words matched loosely (see disclosure_search.loose): each group's (field, term)
    # pairs, and how many groups a document must hold.
    groups: tuple[frozenset, ...] = ()
    min_groups: int = 0
    understood: str = ""  # the query as run, in the query language


@dataclass(frozen=True)
class Collected:
    """(score or sort key, docnum) in result order, every matching docnum, and whether the
    time limit cut the collection short."""

    items: list[tuple[Any, int]]
    docset: set[int]
    partial: bool
    some_words_missing: bool = False  # a loose match lacks some of the plain words
    relaxed: bool = False  # no document held enough words: any of them was enough


def make_plan(searcher: Any, q: SearchQuery, parsed: ParsedQuery) -> Plan:
    """The Whoosh query, sort and hints for a query; a found reference narrows to it."""
    hints = list(parsed.hints)
    jump_to = lookup_request(searcher, parsed.reference) if parsed.reference else None
    builder = QueryBuilder(searcher)
    groups: tuple[frozenset, ...] = ()
    understood = parsed.understood
    if jump_to:
        parts = [query.Term(S.DOC_ID, jump_to)]
    else:
        node = parsed.node
        if parsed.explicit:
            hints.append(f"No request has the reference “{parsed.reference}”; searched as text.")
            node = Phrase(parsed.reference or "")
        loose = None if parsed.explicit else split_loose(parsed)
        if loose:
            user, groups, understood = loose_query(builder, loose)
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
    sort = q.sort or ("relevance" if builder.body_terms else "newest")
    whole = query.And([query.Term(S.KIND, S.KIND_DISCLOSURE), *parts])
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
    )


def loose_query(
    builder: QueryBuilder, loose: LooseQuery
) -> tuple[query.Query | None, tuple[frozenset, ...], str]:
    """What was typed strictly, and any of the plain words' ideas (the collector counts
    them); the ideas' (field, term) groups; the query as understood."""
    strict = [p for p in (builder.build(n) for n in loose.must) if p is not None]
    ideas = find_ideas(loose.should)
    built = [(idea, builder.idea_group(idea)) for idea in ideas]
    optional = [g[0] for idea, g in built if g and idea.framing]
    deciding = [(idea, g) for idea, g in built if g and not idea.framing]
    if not deciding:
        return (query.And(strict) if strict else None), (), render_loose(loose.must, [])
    absent = [idea.text for idea, g in deciding if not builder.holds_any(g[1])]
    if absent and len(absent) < len(deciding):
        builder.hints.append(f"No disclosure holds {' or '.join(f'“{a}”' for a in absent)}.")
    should = query.Or([g[0] for _, g in deciding] + optional)
    user = query.And([*strict, should]) if strict else should
    groups = tuple(g[1] for _, g in deciding)
    return user, groups, render_loose(loose.must, [idea for idea, _ in deciding])


class CountingTopCollector(collectors.TopCollector):
    """The top N by score that also keeps every match, for the exact total and facets.

    With word groups (a loose query), a document counts only if it holds at least
    `min_groups` of them, and one holding every group ranks above any that does not."""

    def __init__(self, limit: int, groups: tuple[frozenset, ...] = (), min_groups: int = 0):
        # Block-quality skipping and matcher replacement (which turns an OR into an AND once
        # one word alone cannot reach the top N) would miss matches the total must count.
        super().__init__(limit=limit, usequality=False, replace=0)
        self.groups = groups
        self.min_groups = min_groups
        self.fields = {field for group in groups for field, _ in group}
        self.partial_matches = 0

    def _collect(self, global_docnum: int, score: float) -> float:
        if self.groups:
            matched = {
                (field, term.decode("utf-8") if isinstance(term, bytes) else term)
                for field, term in self.matcher.matching_terms()
                if field in self.fields  # text fields (a date's terms are packed numbers)
            }
            held = sum(1 for group in self.groups if group & matched)
            if held < self.min_groups:
                return score
            if held < len(self.groups):
                self.partial_matches += 1
            else:
                score += ALL_WORDS_BONUS
        self.docset.add(global_docnum)
        return super()._collect(global_docnum, score)


# Added to the score of a document holding every plain word, so it ranks above all that don't.
ALL_WORDS_BONUS = 1e6


def collect(searcher: Any, plan: Plan, want: int | None, seconds: float) -> Collected:
    """The first `want` matches (all when None) in the plan's order, within `seconds`. When
    no document holds enough of a loose query's words, those holding any of them are
    collected instead (`Collected.relaxed`): a sensible question never gets an empty page."""
    if not searcher.doc_count_all():  # an empty index's reader has no columns to sort by
        return Collected([], set(), partial=False)
    found = collect_once(searcher, plan, want, seconds)
    if plan.groups and plan.min_groups > 1 and not found.docset:
        relaxed = dataclasses.replace(plan, min_groups=1)
        found = dataclasses.replace(collect_once(searcher, relaxed, want, seconds), relaxed=True)
    return found


def collect_once(searcher: Any, plan: Plan, want: int | None, seconds: float) -> Collected:
    """`collect` with the plan's own minimum of words."""
    limit = want or max(1, searcher.doc_count_all())
    if plan.groups and plan.sort != "relevance":
        limit = max(1, searcher.doc_count_all())  # every match, then put in date order
    if plan.sort == "relevance" or plan.groups:
        child: Any = CountingTopCollector(limit, plan.groups, plan.min_groups)
    else:
        child = collectors.SortingCollector(sort_facet(plan.sort), limit=want)
    # No SIGALRM: it works only in the main thread, and the server answers in threads.
    timed = collectors.TimeLimitCollector(child, timelimit=seconds, use_alarm=False)
    partial = False
    try:
        # Counting a loose query's words needs every matcher on the current document.
        context = searcher.context(needs_current=True) if plan.groups else None
        searcher.search_with_collector(plan.query, timed, context)
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
