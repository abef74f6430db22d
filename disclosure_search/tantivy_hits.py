"""tantivy documents -> SearchHit: stored fields, the best part and its snippet (as hits.py
does for Whoosh, with the same snippets), similar disclosures and round-robin groups."""

from __future__ import annotations

import functools
from collections import Counter
from datetime import date
from typing import Any

import tantivy

from disclosure_search import schema as S
from disclosure_search.config import Settings
from disclosure_search.hits import Unit, hit_from_fields, with_best_parts
from disclosure_search.models import Disclosure, SearchHit
from disclosure_search.related import SIMILAR_TEXT_CHARS
from disclosure_search.tantivy_query import MUST, MUST_NOT, TantivyQueries, TantivyVocabulary

# Parts and questions read to choose the best of each hit's: a page of hits rarely has more.
MAX_UNITS = 500
SIMILAR_TERMS = 10


def stored_fields(searcher: tantivy.Searcher, address: Any) -> dict[str, Any]:
    """A document's stored fields as Whoosh gives them (lists joined, the date as a date)."""
    raw = searcher.doc(address).to_dict()
    fields: dict[str, Any] = {name: values[0] for name, values in raw.items() if values}
    for name in (S.TOPICS, S.EXEMPTIONS):
        fields[name] = ",".join(raw.get(name, ()))
    day = fields.get(S.DAY) or 0
    fields[S.DATE] = date.fromordinal(day) if day else None
    return fields


def read_hits_tantivy(
    settings: Settings,
    vocabulary: TantivyVocabulary,
    queries: TantivyQueries,
    ranked: list[tuple[Any, float]],
    terms: list[str],
) -> tuple[SearchHit, ...]:
    """Hits for (address, score) pairs, each with its record's best part for `terms`,
    highlighted; the best parts of all of them come from one search."""
    searcher = vocabulary.searcher
    hits = [hit_from_fields(stored_fields(searcher, a), score) for a, score in ranked]
    find_units = functools.partial(best_units, searcher, queries)
    return with_best_parts(settings, hits, terms, find_units, vocabulary)


def best_units(
    searcher: tantivy.Searcher, queries: TantivyQueries, doc_ids: list[str], terms: list[str]
) -> dict[str, list[Unit]]:
    """doc_id -> its parts and questions holding any of `terms`, best match first."""
    if not doc_ids or not terms:
        return {}
    schema = queries.schema
    kinds = tantivy.Query.term_set_query(schema, S.KIND, [S.KIND_PART, S.KIND_QA])
    ids = tantivy.Query.term_set_query(schema, S.DOC_ID, sorted(set(doc_ids)))
    words = queries.any_of([queries.term(S.BODY, t) for t in sorted(set(terms))])
    wanted = queries.all_of([queries.filter(kinds), queries.filter(ids), words])
    found: dict[str, list[Unit]] = {}
    for _, address in searcher.search(wanted, limit=MAX_UNITS, count=False).hits:
        fields = searcher.doc(address).to_dict()
        unit = (fields[S.KIND][0], fields[S.PART_NO][0])
        found.setdefault(fields[S.DOC_ID][0], []).append(unit)
    return found


def find_similar_tantivy(
    vocabulary: TantivyVocabulary, queries: TantivyQueries, record: Disclosure, top: int
) -> tuple[SearchHit, ...]:
    """Disclosures sharing `record`'s key terms (the rarest of its frequent words, by
    tf-idf), not itself or its group."""
    text = record.text[:SIMILAR_TEXT_CHARS]
    if not text.strip():
        return ()
    searcher = vocabulary.searcher
    analyzer = vocabulary.schema[S.BODY].analyzer
    counts = Counter(t.text for t in analyzer(text))
    size = max(1, searcher.num_docs)
    weighted = []
    for term, count in counts.items():
        held = vocabulary.doc_frequency(S.BODY, term)
        if held > 1:  # a word of this disclosure alone finds nothing else
            weighted.append((count * (1 + size / held) ** 0.5, term))
    key_terms = [term for _, term in sorted(weighted, reverse=True)[:SIMILAR_TERMS]]
    if not key_terms:
        return ()
    keep = [(MUST, queries.filter(queries.term(S.KIND, S.KIND_DISCLOSURE)))]
    keep.append((MUST_NOT, queries.term(S.DOC_ID, record.doc_id)))
    if record.group:
        keep.append((MUST_NOT, queries.term(S.GROUP, record.group)))
    words = queries.any_of([queries.term(S.BODY, t) for t in key_terms])
    similar = tantivy.Query.boolean_query([(MUST, words), *keep])
    found = searcher.search(similar, limit=top, count=False).hits
    return tuple(hit_from_fields(stored_fields(searcher, a), score) for score, a in found)


def find_group_tantivy(
    searcher: tantivy.Searcher, queries: TantivyQueries, group_id: str
) -> tuple[SearchHit, ...]:
    """Every disclosure answering one round-robin request, by authority then date."""
    members = queries.all_of(
        [queries.term(S.KIND, S.KIND_DISCLOSURE), queries.term(S.GROUP, group_id)]
    )
    found = searcher.search(members, limit=max(1, searcher.num_docs), count=False).hits
    fields = [stored_fields(searcher, a) for _, a in found]
    fields.sort(key=lambda f: (f.get(S.AUTHORITY, ""), f.get(S.DAY) or 0))
    return tuple(hit_from_fields(f) for f in fields)
