"""Index documents -> SearchHit: stored fields, plus the best-matching part and its snippet."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from whoosh import query

from disclosure_search import schema as S
from disclosure_search.config import Settings
from disclosure_search.errors import NotFoundError
from disclosure_search.highlighting import highlight_text
from disclosure_search.models import Disclosure, Part, SearchHit
from disclosure_search.records import read_record
from disclosure_search.snippets import plain_excerpt, row_snippet


def hit_from_fields(fields: dict[str, Any], score: float = 0.0) -> SearchHit:
    """A hit from stored fields alone: what lists, tables, feeds and exports need."""
    return SearchHit(
        doc_id=fields[S.DOC_ID],
        title=fields.get(S.TITLE, ""),
        request_id=fields.get(S.REQUEST_ID),
        authority=fields.get(S.AUTHORITY) or None,
        date=as_date(fields.get(S.DATE)),
        topics=split_list(fields.get(S.TOPICS)),
        source=fields.get(S.SOURCE, ""),
        format=fields.get(S.FORMAT, ""),
        score=score,
        outcome=fields.get(S.OUTCOME) or "unknown",
        exemptions=split_list(fields.get(S.EXEMPTIONS)),
        removed=fields.get(S.REMOVED) == "removed",
        group=fields.get(S.GROUP) or None,
    )


def read_hits(
    settings: Settings, searcher: Any, ranked: list[tuple[int, float]], terms: list[str]
) -> tuple[SearchHit, ...]:
    """Hits for (docnum, score) pairs, each with its record's best part for `terms` (the
    query's words aimed at bodies), highlighted. The best parts of all the hits come from
    one search, and a record with a single unit to choose from needs none."""
    hits = [hit_from_fields(searcher.stored_fields(docnum), score) for docnum, score in ranked]
    find_units = functools.partial(best_units, searcher)
    return with_best_parts(settings, hits, terms, find_units, searcher)


def with_best_parts(
    settings: Settings,
    hits: list[SearchHit],
    terms: list[str],
    find_units: Callable[[list[str], list[str]], dict[str, list[Unit]]],
    searcher: Any,
) -> tuple[SearchHit, ...]:
    """Each hit with its record's best part for `terms`, highlighted, and file details, on
    either engine. `find_units(doc_ids, terms)` gives those disclosures' parts and questions
    holding the terms, best first, in one search; `searcher.schema[BODY].analyzer` reads the
    terms for highlighting. A hit whose record is gone stays as it is."""
    records: dict[str, Disclosure] = {}
    for hit in hits:
        try:
            records[hit.doc_id] = read_record(settings, hit.doc_id)
        except NotFoundError:
            continue
    choosing = [r.doc_id for r in records.values() if len(r.parts) + len(r.questions) > 1]
    units = find_units(choosing, terms) if terms else {}
    return tuple(
        with_part(hit, record, units.get(record.doc_id, ()), terms, searcher)
        if (record := records.get(hit.doc_id))
        else hit
        for hit in hits
    )


def with_part(
    hit: SearchHit, record: Disclosure, units: Sequence[Unit], terms: list[str], searcher: Any
) -> SearchHit:
    """`hit` with its record's best part (from `units`), snippet, and file details."""
    snippet, part = best_part(record, units, terms, searcher.schema[S.BODY].analyzer)
    return dataclasses.replace(
        hit,
        snippet=snippet,
        part_label=part.label if part else None,
        part_number=part.number if part else None,
        part_anchor=anchor_of(part),
        page=part.page if part else None,
        sha256=record.sha256,
        fetched_at=record.fetched_at,
    )


# An index unit of a disclosure: (kind, number), a part or a numbered question.
Unit = tuple[str, int]


class SkippingOr(query.Or):
    """An Or that is walked, not preloaded: ANDed with a few documents' parts, it skips to
    them instead of reading every posting of every word in the index first."""

    matcher_type = query.Or.DEFAULT_MATCHER


def best_units(searcher: Any, doc_ids: list[str], terms: list[str]) -> dict[str, list[Unit]]:
    """doc_id -> its parts and questions holding any of `terms`, best match first (by the
    same BM25F that ranks disclosures). One search covers every disclosure asked about."""
    if not doc_ids or not terms:
        return {}
    words = SkippingOr([query.Term(S.BODY, t) for t in sorted(set(terms))])
    kinds = query.Or([query.Term(S.KIND, S.KIND_PART), query.Term(S.KIND, S.KIND_QA)])
    ids = query.Or([query.Term(S.DOC_ID, d) for d in sorted(set(doc_ids))])
    found: dict[str, list[Unit]] = {}
    for hit in searcher.search(query.And([kinds, ids, words]), limit=None):
        fields = hit.fields()
        found.setdefault(fields[S.DOC_ID], []).append((fields[S.KIND], fields[S.PART_NO]))
    return found


def best_part(
    record: Disclosure, units: Sequence[Unit], terms: list[str], analyzer: Any
) -> tuple[str, Part | None]:
    """(highlighted snippet, part) for the best of `units` (ranked matches of the query's
    words in `record`; for a record of one unit, none need be given).

    A numbered question with its answer competes with the pages: when it matches best, the
    part returned is that question (kind "question", numbered by its position)."""
    if not record.parts:
        return "", None
    part = record.parts[0]
    if units:
        part = matched_unit(record, *units[0]) or part
        if part.kind == "question":
            # Still name the best page, so the hit can open the original there.
            page = next((n for kind, n in units if kind == S.KIND_PART), None)
            best_page = matched_unit(record, S.KIND_PART, page) if page else None
            if len(record.parts) == 1:  # its one part has no index document of its own
                best_page = record.parts[0]
            part = dataclasses.replace(part, page=best_page.page if best_page else None)
    if part.kind == "row":
        return row_snippet(part.text, shown_values(record), terms, analyzer), part
    # One part is searched as the disclosure itself: its words may match with no unit found.
    single = len(record.parts) == 1
    snippet = highlight_text(part.text, terms, analyzer) if terms and (units or single) else ""
    return snippet or plain_excerpt(part.text), part


def shown_values(record: Disclosure) -> list[str]:
    """What a hit already shows of a disclosure, so its row snippet need not repeat it."""
    day = record.date.isoformat() if record.date else ""
    return [record.title or "", record.authority or "", record.request_id or "", day]


def matched_unit(record: Disclosure, kind: str, number: int) -> Part | None:
    """The part, or the question (as a Part), that an index unit stands for."""
    if kind == S.KIND_QA and 0 < number <= len(record.questions):
        q = record.questions[number - 1]
        text = f"{q.question}\n{q.answer}"
        return Part(number=number, label=f"question {q.number}", text=text, kind="question")
    return next((p for p in record.parts if p.number == number), None)


def anchor_of(part: Part | None) -> str | None:
    """The fragment of the disclosure page that shows this part or question."""
    if part is None:
        return None
    return f"{'question' if part.kind == 'question' else 'part'}-{part.number}"


def split_list(value: str | None) -> tuple[str, ...]:
    """A stored comma-joined list as a tuple."""
    return tuple(v for v in (value or "").split(",") if v)


def as_date(value: Any) -> date | None:
    """A stored DATETIME as a date (None when missing)."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else None
