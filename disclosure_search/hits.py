"""Index documents -> SearchHit: stored fields, plus the best-matching part and its snippet."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any

from whoosh import query

from disclosure_search import schema as S
from disclosure_search.config import Settings
from disclosure_search.errors import NotFoundError
from disclosure_search.models import Disclosure, Part, SearchHit
from disclosure_search.records import read_record
from disclosure_search.snippets import (
    SentenceFragmenter,
    SentenceScorer,
    SnippetFormatter,
    plain_excerpt,
    row_snippet,
)


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


def read_hit(
    settings: Settings, searcher: Any, docnum: int, score: float, body: query.Query | None
) -> SearchHit:
    """A hit with its record's best part for `body` (the query's words), highlighted."""
    hit = hit_from_fields(searcher.stored_fields(docnum), score)
    try:
        record: Disclosure | None = read_record(settings, hit.doc_id)
    except NotFoundError:
        return hit
    snippet, part = best_part(searcher, record, body)
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


class SkippingOr(query.Or):
    """An Or that is walked, not preloaded: ANDed with one document's parts, it skips to
    them instead of reading every posting of every word in the index first."""

    matcher_type = query.Or.DEFAULT_MATCHER


def body_query(terms: list[str]) -> query.Query | None:
    """The query's words aimed at part bodies (parts have no title field)."""
    unique = sorted(set(terms))
    return SkippingOr([query.Term(S.BODY, t) for t in unique]) if unique else None


def best_part(
    searcher: Any, record: Disclosure, body: query.Query | None
) -> tuple[str, Part | None]:
    """(highlighted snippet, part) for the part of `record` that best matches `body`.

    A numbered question with its answer competes with the pages: when it matches best, the
    part returned is that question (kind "question", numbered by its position)."""
    if not record.parts:
        return "", None
    part = record.parts[0]
    snippet = ""
    if body is not None:
        kinds = query.Or([query.Term(S.KIND, S.KIND_PART), query.Term(S.KIND, S.KIND_QA)])
        unit = query.And([kinds, query.Term(S.DOC_ID, record.doc_id), body])
        found = searcher.search(unit, limit=None)
        if found:
            part = matched_unit(record, found[0][S.KIND], found[0][S.PART_NO]) or part
            if part.kind == "question":
                # Still name the best page, so the hit can open the original there.
                page = next((h for h in found if h[S.KIND] == S.KIND_PART), None)
                best_page = matched_unit(record, S.KIND_PART, page[S.PART_NO]) if page else None
                part = dataclasses.replace(part, page=best_page.page if best_page else None)
            found.fragmenter, found.formatter = SentenceFragmenter(), SnippetFormatter()
            found.scorer = SentenceScorer()
            snippet = found[0].highlights(S.BODY, text=part.text, top=2)
    if part.kind == "row":
        terms = [text for _, text in body.all_terms()] if body is not None else []
        analyzer = searcher.schema[S.BODY].analyzer
        return row_snippet(part.text, shown_values(record), terms, analyzer), part
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
