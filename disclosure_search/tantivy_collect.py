"""A plan (collect.make_plan) run on tantivy: the matches in the plan's order, their total,
and the facet counts of all of them, each from one tantivy search.

What the Whoosh collectors do match by match is said in the query here: only disclosures
and the form's day span are filters; a loose query's word groups are a "should" clause with
a minimum to match, and holding every group adds ALL_WORDS_BONUS so those come first. A
log row's lower score comes from its WEIGHT column.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

import tantivy

from disclosure_search import schema as S
from disclosure_search.collect import Plan, every_group_plan, needs_every_group
from disclosure_search.collectors import ALL_WORDS_BONUS
from disclosure_search.facets import COLUMNS, FACETS, TERM_FIELDS, rank_facets
from disclosure_search.models import Facets
from disclosure_search.tantivy_index import DAY_LAST, WEIGHT, YEAR, score_factor
from disclosure_search.tantivy_query import MUST, SHOULD, TantivyQueries

# Values asked of a terms aggregation: more than any facet shows, so ties rank as in Whoosh.
FACET_BUCKETS = 1000
ALL_BUCKETS = 1_000_000


@dataclass(frozen=True)
class Found:
    """(score or sort key, address) in result order, the total, the query every match
    answers (for facets), and what the collection has to say (see search.found_hints)."""

    items: list[tuple[Any, Any]]
    total: int
    query: Any
    partial: bool = False
    some_words_missing: bool = False
    relaxed: bool = False


def collect_tantivy(
    searcher: tantivy.Searcher, queries: TantivyQueries, plan: Plan, want: int | None
) -> Found:
    """The first `want` matches (all when None) in the plan's order. When no disclosure holds
    enough of a loose query's words, those holding any are collected (`Found.relaxed`)."""
    if needs_every_group(plan):
        found = run(searcher, queries, every_group_plan(plan), want)
        if found.total or plan.min_groups <= 1:
            return found
        # Nothing holds every group: on to the relaxed search.
    else:
        found = run(searcher, queries, plan, want)
    if plan.groups and plan.min_groups > 1 and not found.total:
        again = run(searcher, queries, dataclasses.replace(plan, min_groups=1), want)
        found = dataclasses.replace(again, relaxed=True)
    return found


def run(searcher: tantivy.Searcher, queries: TantivyQueries, plan: Plan, want: int | None) -> Found:
    """One plan, with its own minimum of word groups."""
    matches = matching(queries, plan)
    ranked = plan_query(queries, plan, matches)
    limit = max(1, want if want is not None else searcher.num_docs)
    if plan.sort == "relevance":
        result = searcher.search(ranked, limit=limit, weight_by_field=WEIGHT)
        weights = searcher.fast_field_values(WEIGHT, [a for _, a in result.hits])
        items = [
            (unbonused(score / score_factor(w)), address)
            for (score, address), w in zip(result.hits, weights, strict=True)
        ]
    else:
        newest = plan.sort == "newest"
        field, order = (S.DAY, tantivy.Order.Desc) if newest else (DAY_LAST, tantivy.Order.Asc)
        result = searcher.search(ranked, limit=limit, order_by_field=field, order=order)
        items = list(result.hits)
    missing = False
    if plan.groups and plan.min_groups < len(plan.groups) and result.count:
        every = queries.all_of([matches, queries.filter(queries.all_of(list(plan.groups)))])
        missing = searcher.search(every, limit=1).count < result.count
    return Found(items, result.count, matches, some_words_missing=missing)


def matching(queries: TantivyQueries, plan: Plan) -> tantivy.Query:
    """The disclosures a plan matches (scored by its query): parts and questions, the days
    outside the span, and those holding too few word groups are filtered out."""
    clauses = [(MUST, plan.query), (MUST, queries.filter(queries.term(S.KIND, S.KIND_DISCLOSURE)))]
    if plan.days:
        clauses.append((MUST, queries.filter(queries.day_range(*plan.days))))
    if plan.groups:
        held = tantivy.Query.boolean_query(
            [(SHOULD, g) for g in plan.groups], max(1, plan.min_groups)
        )
        clauses.append((MUST, queries.filter(held)))
    return tantivy.Query.boolean_query(clauses)


def plan_query(queries: TantivyQueries, plan: Plan, matches: tantivy.Query) -> tantivy.Query:
    """`matches`, with those holding every word group lifted above the rest."""
    if not plan.groups or plan.sort != "relevance" or plan.min_groups >= len(plan.groups):
        return matches
    every = tantivy.Query.const_score_query(queries.all_of(list(plan.groups)), ALL_WORDS_BONUS)
    return tantivy.Query.boolean_query([(MUST, matches), (SHOULD, every)])


def unbonused(score: float) -> float:
    """The score without the bonus that put all-words matches first."""
    return score - ALL_WORDS_BONUS if score >= ALL_WORDS_BONUS else score


def count_facets_tantivy(
    searcher: tantivy.Searcher, matches: tantivy.Query, limit: int | None = 50
) -> Facets:
    """(value, count) per facet for every match, ranked as facets.count_facets ranks them."""
    size = FACET_BUCKETS if limit is not None else ALL_BUCKETS
    fields = {**COLUMNS, **TERM_FIELDS, "year": YEAR}
    spec = {
        name: {"terms": {"field": field, "size": size, "segment_size": size}}
        for name, field in fields.items()
    }
    answer = searcher.aggregate(matches, spec)
    counters: dict[str, Counter] = {}
    for name in FACETS:
        buckets = answer.get(name, {}).get("buckets", [])
        counts = Counter({bucket_key(b["key"], name): b["doc_count"] for b in buckets})
        counters[name] = counts
    return rank_facets(counters, limit)


def bucket_key(key: Any, name: str) -> str:
    """A bucket's key as the facet value ("" for an undated year, counted nowhere)."""
    if name == "year":
        return str(int(key)) if key else ""
    return str(key)
