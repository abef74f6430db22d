"""The index documents of a disclosure, made ready for the index's engine.

A disclosure becomes several documents: itself, one per part when it has several, and one per
numbered question. `prepare` makes them the engine's own (tantivy documents hold their text
analysed), so that the extraction workers do that work beside extraction and the one writer
only adds them (see indexer.workers).
"""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any

from disclosure_search import schema as S
from disclosure_search.models import Disclosure
from disclosure_search.refs import normalise_request_id

LOG_ROW_BOOST = 0.3


def index_documents(d: Disclosure) -> list[dict]:
    """The Whoosh documents for a disclosure: itself, one per part when it has several, and
    one per numbered question."""
    when = datetime.combine(d.date, time.min) if d.date else None
    main = {
        S.UID: d.doc_id,
        S.KIND: S.KIND_DISCLOSURE,
        S.DOC_ID: d.doc_id,
        S.TITLE: d.title,
        S.BODY: d.text,
        S.WORDS: f"{d.title}\n{d.text}",
        S.SOURCE: d.source,
        S.FORMAT: d.format,
        S.AUTHORITY: d.authority or "",
        S.AUTHORITY_TEXT: d.authority or "",
        S.TOPICS: ",".join(d.topics),
        S.EXEMPTIONS: ",".join(d.exemptions),
        S.OUTCOME: d.outcome,
        S.DAY: d.date.toordinal() if d.date else 0,
        S.REMOVED: "removed" if d.removed else "",
        S.GROUP: d.group or "",
    }
    if d.format.endswith("-log"):
        # A log row is a one-line summary; its short field lengths would otherwise rank it
        # above the full responses that answer the same words.
        main["_boost"] = LOG_ROW_BOOST
    if d.request_id:
        main[S.REQUEST_ID] = d.request_id
        main[S.REQUEST_ID_NORM] = d.request_id_norm or ""
    if related := lookup_forms(d):
        main[S.RELATED_NORM] = ",".join(related)
    if when:
        main[S.DATE] = when
    parts = [
        {
            S.UID: f"{d.doc_id}#{p.number}",
            S.KIND: S.KIND_PART,
            S.DOC_ID: d.doc_id,
            S.BODY: p.text,
            S.PART_NO: p.number,
            S.PART_LABEL: p.label,
            S.PAGE: p.page,
        }
        # A one-part disclosure's part would repeat its text: the hit shows that part anyway.
        for p in (d.parts if len(d.parts) > 1 else ())
    ]
    questions = [
        {
            S.UID: f"{d.doc_id}#q{n}",
            S.KIND: S.KIND_QA,
            S.DOC_ID: d.doc_id,
            S.BODY: f"{q.question}\n{q.answer}",
            S.PART_NO: n,
            S.PART_LABEL: f"question {q.number}",
        }
        for n, q in enumerate(d.questions, start=1)
    ]
    return [main, *parts, *questions]


def lookup_forms(d: Disclosure) -> list[str]:
    """Normal forms that also find this disclosure: its related references, and its own
    reference without the letter prefix ('EIR / 1737088' is also found as '1737088')."""
    forms = [normalise_request_id(r) for r in d.related_ids]
    if d.request_id:
        core = re.sub(r"^[A-Za-z]+[\s/\-]*(?=\d)", "", d.request_id.strip())
        forms.append(normalise_request_id(core) if core != d.request_id.strip() else None)
    return list(dict.fromkeys(f for f in forms if f and f != d.request_id_norm))


def prepare(d: Disclosure, engine: str) -> list[Any]:
    """`d`'s index documents as `engine`'s writer adds them: field dicts for Whoosh (which
    analyses them as it writes), analysed tantivy documents for tantivy. Fields kept only in
    the record (versions, locations, fetch time) are not indexed, so documents prepared
    before the writer carries a record's history over stay right."""
    documents = index_documents(d)
    if engine == "tantivy":
        from disclosure_search.tantivy_index import tantivy_document

        return [tantivy_document(document) for document in documents]
    return documents
